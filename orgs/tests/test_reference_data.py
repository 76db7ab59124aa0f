"""load_reference_data: regions from python-stdnum, departments, committees and their chains."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from catalog.models import BusinessType, Level, QualificationCondition, Series, TemplateSection
from catalog.reference.upsert import Tally
from orgs.models import (
    ChainNode,
    CommitteeScope,
    Contact,
    Department,
    FeeRule,
    Region,
    ReviewChain,
    ReviewCommittee,
)
from orgs.reference.loader import load_reference_data
from orgs.reference.regions import PREFECTURES, current_name, xinjiang_divisions
from orgs.regions import entry_regions

pytestmark = pytest.mark.django_db

ENTRY_NAMES = [
    "新疆维吾尔自治区",
    "乌鲁木齐市",
    "克拉玛依市",
    "吐鲁番市",
    "哈密市",
    "昌吉回族自治州",
    "博尔塔拉蒙古自治州",
    "巴音郭楞蒙古自治州",
    "阿克苏地区",
    "克孜勒苏柯尔克孜自治州",
    "喀什地区",
    "和田地区",
    "伊犁哈萨克自治州",
    "塔城地区",
    "阿勒泰地区",
]


@pytest.fixture
def reference() -> Tally:
    return load_reference_data()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("orgs", "catalog")
        for model in apps.get_app_config(app).get_models()
    }


def test_it_loads_twice_without_changing_anything(reference: Tally) -> None:
    assert reference.changed > 1000
    before = row_counts()
    regions_before = list(Region.objects.values())
    again = load_reference_data()
    assert again.changed == 0
    assert not again.created and not again.updated
    assert row_counts() == before
    assert list(Region.objects.values()) == regions_before


def test_it_has_fifteen_entries_in_selector_order(reference: Tally) -> None:
    entries = Region.objects.filter(is_entry=True).order_by("sort_order", "code")
    assert [r.name for r in entries] == ENTRY_NAMES
    xj = entries[0]
    assert (xj.code, xj.level, xj.parent) == ("650000", "autonomous", None)
    assert all(r.level == "prefecture" and r.parent == xj for r in entries[1:])


def test_the_four_southern_prefectures_and_their_counties_are_flagged(reference: Tally) -> None:
    southern = Region.objects.filter(level="prefecture", is_southern=True)
    assert {r.name for r in southern} == {
        "喀什地区",
        "和田地区",
        "阿克苏地区",
        "克孜勒苏柯尔克孜自治州",
    }
    counties = Region.objects.filter(level="county")
    for county in counties.select_related("parent"):
        assert county.parent is not None and county.is_southern == county.parent.is_southern
    assert Region.objects.get(name="岳普湖县").is_southern
    assert not Region.objects.get(name="天山区").is_southern


def test_every_prefecture_has_its_current_counties(reference: Tally) -> None:
    for prefecture in Region.objects.filter(level="prefecture"):
        assert prefecture.children.filter(level="county").exists(), prefecture.name
    placed = {
        name: parent
        for name, parent in Region.objects.filter(level="county").values_list(
            "name", "parent__name"
        )
    }
    assert placed["岳普湖县"] == "喀什地区"
    assert placed["天山区"] == "乌鲁木齐市"
    assert placed["达坂城区"] == "乌鲁木齐市"  # [2002-] after two closed names
    assert placed["库车市"] == "阿克苏地区"
    assert placed["沙湾市"] == "塔城地区"  # 4200 is an entry of its own, not under 伊犁州
    assert placed["阿勒泰市"] == "阿勒泰地区"
    assert placed["伊宁市"] == "伊犁哈萨克自治州"
    assert placed["石河子市"] == "新疆维吾尔自治区"  # 自治区直辖县级市
    assert placed["高昌区"] == "吐鲁番市"
    for gone in (
        "市辖区",
        "库车县",
        "沙湾县",
        "南泉区",
        "哈密地区",
        "吐鲁番地区",
        "米泉市",
        "自治区直辖县级行政单位",
    ):
        assert gone not in placed, gone
    assert Region.objects.get(name="岳普湖县").code == "653128"
    assert Region.objects.get(name="岳普湖县").entry_region.name == "喀什地区"


def test_prefecture_names_agree_with_stdnum() -> None:
    divisions = xinjiang_divisions()
    for code, name in PREFECTURES:
        assert divisions[code] == name


def test_it_reads_the_validity_brackets() -> None:
    assert current_name("喀什市") == "喀什市"
    assert current_name("[2015-]高昌区") == "高昌区"
    assert current_name("[-2015]吐鲁番地区") is None
    assert current_name("[1984-2001]伊宁市") is None
    assert current_name("[1983-1998]南山矿区,[1999-2001]南泉区,[2002-]达坂城区") == "达坂城区"


def test_every_committee_has_a_current_review_chain(reference: Tally) -> None:
    committees = ReviewCommittee.objects.all()
    assert committees.count() >= 10
    for committee in committees:
        chain = ReviewChain.objects.get(
            committee=committee, business_type=BusinessType.REVIEW, is_current=True
        )
        nodes = list(chain.nodes.order_by("position"))
        assert len(nodes) >= 2, committee.name
        assert [n.position for n in nodes] == list(range(1, len(nodes) + 1))
        assert nodes[0].actor == ChainNode.Actor.BASE_UNIT
        for node in nodes:
            if node.actor == ChainNode.Actor.DEPARTMENT:
                assert node.department is not None and node.department.is_active
            if node.actor == ChainNode.Actor.RECOMMENDING:
                assert node.department_level in Department.Level.values
        assert committee.contacts.exists(), committee.name
        assert committee.scopes.exists(), committee.name


def test_autonomous_committees_cover_every_series_and_level(reference: Tally) -> None:
    """The fallback of 属地化: where a region has no committee, the 自治区's applies."""
    xj_scopes = set(
        CommitteeScope.objects.filter(committee__region__code="650000").values_list(
            "series__code", "level"
        )
    )
    for series in Series.objects.all():
        for level in Level.values:
            assert (series.code, level) in xj_scopes, (series.name, level)


def test_autonomous_committees_judging_senior_have_a_special_talent_chain(reference: Tally) -> None:
    senior = ReviewCommittee.objects.filter(
        region__code="650000", scopes__level=Level.SENIOR
    ).distinct()
    assert senior.count() == 6
    for committee in senior:
        chain = committee.chains.get(business_type=BusinessType.SPECIAL, is_current=True)
        labels = [n.label for n in chain.nodes.order_by("position")]
        assert labels == ["基层工作单位", "地厅级材料接收部门", "评审机构"]


def test_the_autonomous_chain_follows_the_seed(reference: Tally) -> None:
    committee = ReviewCommittee.objects.get(name="自治区出版系列职称评审委员会")
    nodes = list(committee.chains.get(business_type="review").nodes.order_by("position"))
    assert [(n.label, n.actor, n.department_level) for n in nodes] == [
        ("基层工作单位", "base_unit", ""),
        ("地厅级材料接收部门", "recommending", "prefecture"),
        ("评审机构", "committee", ""),
    ]
    assert committee.fee_mode == "online"
    assert FeeRule.objects.filter(committee=committee).count() == 4


def test_the_county_committee_of_yuepuhu(reference: Tally) -> None:
    committee = ReviewCommittee.objects.get(name="岳普湖县人社局评审委员会")
    assert committee.region.name == "岳普湖县" and committee.region.level == "county"
    nodes = list(committee.chains.get(business_type="review").nodes.order_by("position"))
    assert [(n.label, n.actor, n.department_level) for n in nodes] == [
        ("基层工作单位", "base_unit", ""),
        ("县(市)行业主管局", "recommending", "county"),
        ("县(市)级材料接收部门", "department", ""),
    ]
    receiver = nodes[2].department
    assert receiver is not None
    assert (receiver.name, receiver.level, receiver.region.name) == (
        "岳普湖县人力资源和社会保障局",
        "county",
        "岳普湖县",
    )
    assert {(s.series.name, s.level) for s in committee.scopes.all()} >= {
        ("中小学教师", Level.INTERMEDIATE)
    }


def test_committees_exist_in_the_autonomous_region_urumqi_and_kashgar(reference: Tally) -> None:
    regions = set(ReviewCommittee.objects.values_list("region__name", flat=True))
    assert {"新疆维吾尔自治区", "乌鲁木齐市", "喀什地区", "岳普湖县"} <= regions
    for committee in ReviewCommittee.objects.all():
        assert committee.submission_limit in (2, 3)
        assert committee.paper_contents and committee.paper_binding and committee.paper_deadline
        assert committee.address
        levels = set(committee.scopes.values_list("level", flat=True))
        fees = set(committee.fee_rules.values_list("level", flat=True))
        assert fees == (set() if committee.fee_mode == "none" else levels)


def test_departments_have_contacts_with_fictional_phones(reference: Tally) -> None:
    assert Department.objects.count() >= 12
    assert set(Department.objects.values_list("kind", flat=True)) == set(Department.Kind.values)
    for department in Department.objects.all():
        contacts = list(department.contacts.all())
        assert contacts, department.name
        for contact in contacts:
            area, local = contact.phone.split("-")
            assert area in ("0991", "0998") and local.startswith("0")


def test_reloading_keeps_what_administrators_changed(reference: Tally) -> None:
    committee = ReviewCommittee.objects.get(name="乌鲁木齐市教育局评审委员会")
    committee.address = "乌鲁木齐市新地址 8 号"
    committee.submission_limit = 3
    committee.save()
    committee.contacts.all().delete()
    Contact.objects.create(committee=committee, name="新联系人", phone="0991-0999999")
    condition = QualificationCondition.objects.filter(series__code="zxxjs").first()
    assert condition is not None
    condition.text = "管理员修改后的条件"
    condition.save()
    chain = committee.chains.get(business_type="review")
    chain.is_current = False
    chain.save()
    new_chain = ReviewChain.objects.create(committee=committee, version=2, is_current=True)
    ChainNode.objects.create(chain=new_chain, position=1, label="基层工作单位", actor="base_unit")
    ChainNode.objects.create(chain=new_chain, position=2, label="评审委员会", actor="committee")
    extra = Department.objects.create(
        name="乌鲁木齐市新设部门", kind="industry", level="prefecture", region=committee.region
    )

    assert load_reference_data().changed == 0

    committee.refresh_from_db()
    assert committee.address == "乌鲁木齐市新地址 8 号" and committee.submission_limit == 3
    assert [c.name for c in committee.contacts.all()] == ["新联系人"]
    condition.refresh_from_db()
    assert condition.text == "管理员修改后的条件"
    assert committee.chains.get(is_current=True, business_type="review").version == 2
    assert Department.objects.filter(pk=extra.pk).exists()


def test_reloading_corrects_what_the_reference_data_owns(reference: Tally) -> None:
    kashgar = Region.objects.get(code="653100")
    kashgar.name = "喀什"
    kashgar.is_southern = False
    kashgar.save()
    Series.objects.filter(code="sky").update(sort_order=99)

    tally = load_reference_data()

    kashgar.refresh_from_db()
    assert kashgar.name == "喀什地区" and kashgar.is_southern
    assert Series.objects.get(code="sky").sort_order == 4
    assert tally.updated[str(Region._meta.verbose_name_plural)] == 1
    assert sum(tally.created.values()) == 0


def test_it_refreshes_the_cached_entry_list(db: None) -> None:
    assert entry_regions() == []
    load_reference_data()
    assert [r.name for r in entry_regions()] == ENTRY_NAMES


def test_the_command_reports_the_counts(db: None) -> None:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    text = out.getvalue()
    assert "登录入口 15 个" in text and "评审委员会" in text
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "新增或更新 0 行" in out.getvalue()


def test_regions_and_the_catalogue_get_their_uyghur_names(reference: Tally) -> None:
    """docs/adr/0035-uyghur-and-rtl.md: every entry and county has its Uyghur name beside it."""
    names = dict(Region.objects.values_list("code", "name_ug"))
    assert names["650100"] == "ئۈرۈمچى شەھىرى"
    assert names["653100"] == "قەشقەر ۋىلايىتى"
    assert names["653200"] == "خوتەن ۋىلايىتى"
    assert not [code for code, ug in names.items() if not ug]
    assert not Series.objects.filter(name_ug="").exists()
    assert TemplateSection.objects.filter(title="基本信息").exclude(title_ug="").exists()
