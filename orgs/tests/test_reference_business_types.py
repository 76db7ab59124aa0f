"""The reference data of the other business types: a template per series for 初次确定, 授予
and 访惠聚三年高定 (特殊人才认定 already had one), and their chains for a few committees.
Reloading is idempotent, and a database loaded before these existed gets them added."""

from __future__ import annotations

import pytest

from catalog.models import BusinessType, FormTemplate, Series, TemplateSection
from catalog.reference.upsert import Tally
from orgs.models import ReviewChain, ReviewCommittee
from orgs.reference.loader import load_reference_data

pytestmark = pytest.mark.django_db

NEW_TYPES = [BusinessType.INITIAL, BusinessType.CONFER, BusinessType.FHJ]
SEED_CHAIN = ["基层工作单位", "地厅级材料接收部门", "评审机构"]


@pytest.fixture
def reference() -> Tally:
    return load_reference_data()


def labels(chain: ReviewChain) -> list[str]:
    return [n.label for n in chain.nodes.order_by("position")]


def test_every_series_has_a_template_for_every_business_type(reference: Tally) -> None:
    for series in Series.objects.all():
        kinds = set(
            FormTemplate.objects.filter(series=series, is_published=True).values_list(
                "business_type", flat=True
            )
        )
        assert kinds >= {BusinessType.SPECIAL, *NEW_TYPES}, series
    for business_type in NEW_TYPES:
        template = FormTemplate.objects.filter(business_type=business_type).first()
        assert template is not None
        sections = list(template.sections.order_by("position"))
        assert 3 <= len(sections) <= 8
        assert sections[0].key == "basic"
        assert sections[-1].key == "unit_opinion" and sections[-1].filled_by_unit


def test_the_special_talent_template_has_the_contribution_sections(reference: Tally) -> None:
    template = FormTemplate.objects.filter(business_type=BusinessType.SPECIAL).first()
    assert template is not None
    keys = list(
        TemplateSection.objects.filter(template=template)
        .order_by("position")
        .values_list("key", flat=True)
    )
    assert {"contribution", "results", "evidence"} <= set(keys)


def test_autonomous_committees_have_the_seed_chain_for_every_business_type(
    reference: Tally,
) -> None:
    for committee in ReviewCommittee.objects.filter(region__code="650000"):
        for business_type in BusinessType.values:
            chain = committee.chains.get(business_type=business_type, is_current=True)
            assert labels(chain) == SEED_CHAIN, (committee, business_type)


def test_some_local_committees_have_chains_for_initial_determination(reference: Tally) -> None:
    urumqi = ReviewCommittee.objects.get(name="乌鲁木齐市评审委员会")
    assert set(urumqi.chains.values_list("business_type", flat=True)) == {
        BusinessType.REVIEW,
        BusinessType.INITIAL,
        BusinessType.CONFER,
    }
    county = ReviewCommittee.objects.get(name="岳普湖县人社局评审委员会")
    initial = county.chains.get(business_type=BusinessType.INITIAL)
    assert labels(initial) == ["基层工作单位", "县(市)行业主管局", "县(市)级材料接收部门"]


def test_reloading_with_the_new_data_changes_nothing(reference: Tally) -> None:
    again = load_reference_data()
    assert not again.created and not again.updated
    assert again.changed == 0


def test_a_database_loaded_before_adds_the_new_business_types_once(reference: Tally) -> None:
    chains = ReviewChain.objects.filter(business_type__in=NEW_TYPES)
    expected_chains = chains.count()
    expected_templates = FormTemplate.objects.filter(business_type__in=NEW_TYPES).count()
    assert expected_chains > 0 and expected_templates == 3 * Series.objects.count()
    for chain in chains:
        chain.nodes.all().delete()
    chains.delete()
    FormTemplate.objects.filter(business_type__in=NEW_TYPES).delete()

    added = load_reference_data()
    assert added.created[str(ReviewChain._meta.verbose_name_plural)] == expected_chains
    assert added.created[str(FormTemplate._meta.verbose_name_plural)] == expected_templates
    assert ReviewChain.objects.filter(business_type__in=NEW_TYPES).count() == expected_chains

    again = load_reference_data()
    assert again.changed == 0
