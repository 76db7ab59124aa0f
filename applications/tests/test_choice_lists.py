"""新增申请书 / 更改资格: every list offers exactly what the next step accepts.

特殊人才认定 offers only 正高; a series without this year's template of the business type, a
level no committee judges, a committee whose scope or region does not cover the unit — none
is offered, and a forged POST of any of them is refused with the reason.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications import actions
from applications.models import Application
from applications.tests.pages import signed_in, text
from catalog.models import BusinessType, Level, Series, Specialty, Title
from lib.refusal import Refused
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    CommitteeScope,
    Region,
    ReviewCommittee,
)

ALL_TYPES = list(BusinessType.values)


class Rollback(Exception):
    pass


def create_url(business_type: str) -> str:
    if business_type == BusinessType.REVIEW:
        return reverse("applications:create")
    return reverse(f"applications:create_{business_type}")


def options(html: str, select_id: str) -> set[int]:
    """The ids a <select> offers (its empty prompt left out)."""
    match = re.search(rf'<select id="{select_id}".*?</select>', html, re.S)
    assert match, select_id
    return {int(v) for v in re.findall(r'<option value="(\d+)"', match.group(0))}


def radios(html: str, name: str) -> set[int]:
    return {int(v) for v in re.findall(rf'name="{name}" value="(\d+)"', html)}


def accepted(applicant: User, business_type: str, title: Title, unit: BaseUnit) -> bool:
    """Whether 新增申请书 takes the title (tried, then rolled back)."""
    specialty = Specialty.objects.filter(series=title.series).first()
    assert specialty is not None
    try:
        with transaction.atomic():
            actions.create_application(
                applicant, title=title, specialty=specialty, unit=unit, business_type=business_type
            )
            raise Rollback
    except Rollback:
        return True
    except Refused:
        return False


@pytest.fixture
def wide_world(
    types_world: ReviewCommittee,
    series: Series,
    regions: dict[str, Region],
) -> dict[str, Title]:
    """types_world (中级 and 正高 judged in 乌鲁木齐, every business type) plus what must not be
    offered: a 副高 title no committee judges, a 初级 title judged only in 喀什, and a series
    with titles, a committee and a window but no template this year."""
    associate = Title.objects.create(series=series, level=Level.ASSOCIATE_SENIOR, name="副研究员")
    junior = Title.objects.create(series=series, level=Level.JUNIOR, name="研究实习员")
    kashgar = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    CommitteeScope.objects.create(committee=kashgar, series=series, level=Level.JUNIOR)
    for business_type in ALL_TYPES:
        ApplicationWindow.objects.create(
            committee=kashgar,
            business_type=business_type,
            year=timezone.localdate().year,
            series=series,
            opens_at=timezone.now() - timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=9),
        )
    health = Series.objects.create(code="ws", name="卫生系列", sort_order=2)
    physician = Title.objects.create(series=health, level=Level.INTERMEDIATE, name="主治医师")
    Specialty.objects.create(series=health, name="临床医学")
    CommitteeScope.objects.create(committee=types_world, series=health, level=Level.INTERMEDIATE)
    return {"associate": associate, "junior": junior, "physician": physician}


def test_special_talent_offers_only_senior_titles(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    series: Series,
    title: Title,
    senior_title: Title,
    unit_a: BaseUnit,
) -> None:
    page = signed_in(client, applicant)
    html = text(page.get(create_url(BusinessType.SPECIAL), {"series": series.pk}))
    assert options(html, "id_title") == {senior_title.pk}
    assert '<optgroup label="正高">' in html and '<optgroup label="中级">' not in html
    assert "助理研究员" not in html
    app = actions.create_application(
        applicant,
        title=senior_title,
        specialty=Specialty.objects.get(series=series),
        unit=unit_a,
        business_type=BusinessType.SPECIAL,
    )
    html = text(page.get(reverse("applications:change", args=[app.pk])))
    assert options(html, "id_title") == {senior_title.pk}


@pytest.mark.parametrize("business_type", ALL_TYPES)
def test_the_titles_offered_are_exactly_the_titles_accepted(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    unit_a: BaseUnit,
    business_type: str,
) -> None:
    page = signed_in(client, applicant)
    offered: set[int] = set()
    for series in Series.objects.all():
        html = text(page.get(create_url(business_type), {"series": series.pk, "unit": unit_a.pk}))
        if f'<option value="{series.pk}" selected>' in html:
            offered |= options(html, "id_title")
    accepted_ids = {
        t.pk for t in Title.objects.all() if accepted(applicant, business_type, t, unit_a)
    }
    assert offered == accepted_ids
    assert accepted_ids  # each business type has something to offer in this world
    assert wide_world["associate"].pk not in offered  # no committee judges 副高
    assert wide_world["junior"].pk not in offered  # judged in 喀什 only
    assert wide_world["physician"].pk not in offered  # no 卫生系列 template this year


@pytest.mark.parametrize("business_type", ALL_TYPES)
def test_a_series_without_this_years_template_is_not_offered(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    series: Series,
    business_type: str,
) -> None:
    html = text(signed_in(client, applicant).get(create_url(business_type)))
    assert options(html, "id_series") == {series.pk}
    assert "卫生系列" not in html


def test_a_title_judged_elsewhere_is_offered_once_a_unit_there_is_chosen(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    series: Series,
    unit_a: BaseUnit,
    unit_b: BaseUnit,
) -> None:
    junior = wide_world["junior"]
    page = signed_in(client, applicant)
    in_urumqi = text(page.get(create_url("review"), {"series": series.pk, "unit": unit_a.pk}))
    in_kashgar = text(page.get(create_url("review"), {"series": series.pk, "unit": unit_b.pk}))
    assert junior.pk not in options(in_urumqi, "id_title")
    assert junior.pk in options(in_kashgar, "id_title")
    assert accepted(applicant, "review", junior, unit_b)
    assert not accepted(applicant, "review", junior, unit_a)


def test_the_committees_offered_are_exactly_those_that_judge_it_for_the_unit(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    series: Series,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    regions: dict[str, Region],
) -> None:
    xj = ReviewCommittee.objects.create(name="自治区社会科学研究评审委员会", region=regions["xj"])
    CommitteeScope.objects.create(committee=xj, series=series, level=Level.INTERMEDIATE)
    ApplicationWindow.objects.create(
        committee=xj,
        business_type=BusinessType.CONFER,
        year=timezone.localdate().year,
        series=series,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=9),
    )
    out_of_scope = ReviewCommittee.objects.create(name="自治区出版评审委员会", region=regions["xj"])
    CommitteeScope.objects.create(committee=out_of_scope, series=series, level=Level.SENIOR)
    kashgar = ReviewCommittee.objects.get(name="喀什地区评审委员会")
    CommitteeScope.objects.create(committee=kashgar, series=series, level=Level.INTERMEDIATE)
    params = {
        "series": series.pk,
        "title": title.pk,
        "specialty": specialty.pk,
        "unit": unit_a.pk,
    }
    page = signed_in(client, applicant)
    html = text(page.get(create_url(BusinessType.CONFER), params))
    offered = radios(html, "committee")
    assert offered == {wide_world_committee(unit_a), xj.pk}
    for committee in ReviewCommittee.objects.all():
        response = page.post(create_url(BusinessType.CONFER), {**params, "committee": committee.pk})
        created = Application.objects.filter(committee=committee).exists()
        assert created == (committee.pk in offered), committee.name
        if not created:
            assert "所选评审委员会不评审该单位的此系列和级别" in text(response)
        Application.objects.all().delete()


def wide_world_committee(unit: BaseUnit) -> int:
    return ReviewCommittee.objects.get(name="乌鲁木齐市评审委员会", region=unit.region).pk


def test_a_forged_lower_level_for_special_talent_is_refused_with_the_reason(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    series: Series,
    title: Title,
    senior_title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    page = signed_in(client, applicant)
    forged = {
        "series": series.pk,
        "title": title.pk,
        "specialty": specialty.pk,
        "unit": unit_a.pk,
        "committee": wide_world_committee(unit_a),
    }
    html = text(page.post(create_url(BusinessType.SPECIAL), forged))
    assert "特殊人才认定只能申报正高级职称（新人社发〔2012〕85号第四条）" in html
    assert "“社会科学研究/助理研究员”为中级" in html
    assert not Application.objects.exists()

    app = actions.create_application(
        applicant,
        title=senior_title,
        specialty=specialty,
        unit=unit_a,
        business_type=BusinessType.SPECIAL,
    )
    url = reverse("applications:change", args=[app.pk])
    for lower in (title, wide_world["associate"]):
        html = text(
            page.post(
                url,
                {
                    "version": app.version,
                    "series": series.pk,
                    "title": lower.pk,
                    "specialty": specialty.pk,
                },
            )
        )
        assert "特殊人才认定只能申报正高级职称" in html
        app.refresh_from_db()
        assert app.title == senior_title


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("associate", "该单位所在地区和自治区均没有评审此系列和级别的评审委员会"),
        ("junior", "该单位所在地区和自治区均没有评审此系列和级别的评审委员会"),
        ("physician", "本年度该系列的申请书模板尚未发布"),
    ],
)
def test_a_forged_title_that_is_not_offered_is_refused_with_the_reason(
    client: Client,
    wide_world: dict[str, Title],
    applicant: User,
    unit_a: BaseUnit,
    which: str,
    message: str,
) -> None:
    forged = wide_world[which]
    specialty = Specialty.objects.get(series=forged.series)
    page = signed_in(client, applicant)
    data = {
        "series": forged.series_id,
        "title": forged.pk,
        "specialty": specialty.pk,
        "unit": unit_a.pk,
    }
    response = page.post(create_url(BusinessType.REVIEW), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not Application.objects.exists()
    # The page asked for it by URL says the same, and offers no confirm button.
    html = text(page.get(create_url(BusinessType.REVIEW), data))
    if forged.series.name == "社会科学研究":
        assert message in html
    assert "确定新增申请书" not in html
