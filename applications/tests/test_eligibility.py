"""资格预审 (applications.eligibility.precheck): each kind of rule met and not met, computed
from what crafted applications hold; the southern relaxation only in the south; a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications import display
from applications.eligibility import add_years, full_years, precheck
from applications.models import Application
from applications.tests.eligibility_world import (  # noqa: F401  (fixtures)
    YEAR,
    answer,
    answer_all,
    confirm_hours,
    eligible,
    make_rule,
    place,
    template,
)
from catalog.actions import RuleData
from catalog.models import BusinessType, Education, EligibilityRule, Series, YearsBasis
from orgs.models import BaseUnit, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(series: Series) -> EligibilityRule:
    """The full rule of eligibility_world for this form's series and level."""
    return make_rule(series)


def checks(app: Application) -> dict[str, list]:
    result = precheck(Application.objects.get(pk=app.pk))
    by_kind: dict[str, list] = {}
    for check in result.checks:
        by_kind.setdefault(check.kind, []).append(check)
    return by_kind


def only(app: Application, kind: str):
    found = checks(app)[kind]
    assert len(found) == 1
    return found[0]


def test_it_finds_every_rule_met_on_a_complete_application(draft, rule):
    app = eligible(draft)
    result = precheck(app)
    assert [c.kind for c in result.checks] == ["education", "years", "hours", "attachment"]
    assert result.all_met and result.unmet == []
    assert not result.southern


def test_it_says_no_rule_applies_without_one(draft):
    result = precheck(draft)
    assert result.rule is None and result.checks == []
    assert result.not_applicable == "本系列、本级别尚未设置资格预审规则。"


# --- education --------------------------------------------------------------------------


def test_it_warns_when_the_education_is_below_the_minimum(draft, rule):
    answer_all(draft, education="大学专科", degree="无")
    check = only(draft, "education")
    assert not check.met
    assert check.requirement == "学历不低于大学本科"
    assert check.have == "大学专科"
    assert check.missing == "最高学历大学专科，低于大学本科。"
    assert (check.section_key, check.place) == ("basic", "1 基本信息")


def test_it_counts_a_degree_row_towards_the_education(draft, rule):
    answer(draft, "basic", {"education": "大学专科", "work_start_date": "2010-09-01"})
    answer(draft, "education", {"rows": [{"education": "大学专科", "degree": "硕士"}]})
    check = only(draft, "education")
    assert check.met and check.have == "硕士研究生"


def test_it_asks_for_the_education_when_none_was_given(draft, rule):
    check = only(draft, "education")
    assert not check.met
    assert check.have == "未填写"
    assert check.missing == "请在基本信息中选择最高学历。"


# --- years ------------------------------------------------------------------------------


def test_years_since_the_title_exactly_enough_on_the_last_day_of_the_year(draft, rule):
    # 4 years, counted to 31 December of the application year.
    answer_all(draft, title_dates=("2010-01-01", f"{YEAR - 4}-12-31"))
    check = only(draft, "years")
    assert check.met
    assert check.missing == ""
    assert check.have == f"{YEAR - 4}-12-31起，满 4 年"


def test_years_since_the_title_short_by_one_day(draft, rule):
    answer_all(draft, title_dates=(f"{YEAR - 3}-01-01",))
    check = only(draft, "years")
    assert not check.met
    assert check.missing == f"{YEAR + 1}-01-01才满 4 年，差 1 天。"
    assert check.requirement == f"取得现职称满 4 年（计算至 {YEAR}-12-31）"
    assert (check.section_key, check.place) == ("qualification", "3 专业技术资格")


def test_years_use_the_latest_title(draft, rule):
    # An old title does not count once a newer one was obtained.
    answer_all(draft, title_dates=("2000-05-01", f"{YEAR - 1}-06-30"))
    assert not only(draft, "years").met


def test_years_since_starting_work(draft, series):
    make_rule(series, RuleData(years_basis=YearsBasis.WORK, min_years=3))
    answer(draft, "basic", {"education": "大学本科", "work_start_date": f"{YEAR - 3}-12-31"})
    check = only(draft, "years")
    assert check.met and check.requirement.startswith("参加工作满 3 年")
    answer(draft, "basic", {"education": "大学本科", "work_start_date": f"{YEAR - 2}-01-01"})
    check = only(draft, "years")
    assert not check.met
    assert check.missing == f"{YEAR + 1}-01-01才满 3 年，差 1 天。"
    assert check.section_key == "basic"


def test_years_without_a_date_say_where_to_fill_it(draft, rule):
    check = only(draft, "years")
    assert not check.met and check.missing == "请在专业技术资格中填写现职称的取得时间。"


def test_the_year_arithmetic_around_leap_days():
    assert add_years(date(2020, 2, 29), 1) == date(2021, 3, 1)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert full_years(date(2021, 12, 31), date(2026, 12, 31)) == 5
    assert full_years(date(2022, 1, 1), date(2026, 12, 31)) == 4
    assert full_years(date(2027, 1, 1), date(2026, 12, 31)) == 0


# --- continuing education -----------------------------------------------------------------


def test_hours_short_in_one_year(draft, rule):
    answer_all(draft)
    confirm_hours(draft, {YEAR - 3: "90", YEAR - 2: "89.5", YEAR - 1: "100"})
    check = only(draft, "hours")
    assert not check.met
    assert check.requirement == f"{YEAR - 3}—{YEAR - 1} 年每年继续教育不少于 90 学时"
    assert check.missing == f"{YEAR - 2} 年已确认 89.5 学时，还差 0.5 学时（以单位确认的学时为准）"
    assert check.place == "继续教育记录"


def test_hours_only_count_what_the_unit_confirmed(draft, rule):
    from training.models import TrainingRecord

    confirm_hours(draft, {YEAR - 3: "90", YEAR - 2: "90", YEAR - 1: "90"})
    TrainingRecord.objects.filter(year=YEAR - 1).update(status=TrainingRecord.Status.PENDING)
    check = only(draft, "hours")
    assert not check.met
    assert f"{YEAR - 1} 年已确认 0 学时，还差 90 学时" in check.missing


def test_hours_enough_in_every_year(draft, rule):
    confirm_hours(draft, {YEAR - 3: "60", YEAR - 2: "90", YEAR - 1: "90"})
    confirm_hours(draft, {YEAR - 3: "30"})  # two records in one year add up
    assert only(draft, "hours").met


# --- attachments --------------------------------------------------------------------------


def test_a_missing_attachment_is_named_with_its_section(draft, rule):
    check = only(draft, "attachment")
    assert not check.met
    assert check.requirement == "须上传：4 教育教学能力 / 公开课、示范课证明"
    assert check.have == "未上传"
    assert (check.section_key, check.place) == ("teaching", "4 教育教学能力")
    place(draft, "teaching", "lesson_proof")
    assert only(draft, "attachment").met


def test_a_slot_the_form_does_not_have_is_not_checked(draft, series):
    make_rule(series, RuleData(required_slots=("teaching.lesson_proof", "nowhere.nothing")))
    assert [c.requirement for c in checks(draft)["attachment"]] == [
        "须上传：4 教育教学能力 / 公开课、示范课证明"
    ]


# --- the southern four prefectures --------------------------------------------------------


def move_unit(unit: BaseUnit, region: Region) -> None:
    BaseUnit.objects.filter(pk=unit.pk).update(region=region)


def test_the_southern_relaxation_applies_only_there(draft, rule, regions, unit_a):
    answer_all(draft, education="大学专科", degree="无", title_dates=(f"{YEAR - 3}-06-01",))
    # 乌鲁木齐市: the general rule — 大学本科 and 4 years.
    education, years = only(draft, "education"), only(draft, "years")
    assert not education.met and not years.met
    assert not education.relaxed and not years.relaxed

    move_unit(unit_a, regions["kashgar"])
    result = precheck(Application.objects.get(pk=draft.pk))
    assert result.southern
    education, years = (c for c in result.checks if c.kind in ("education", "years"))
    assert education.met and education.relaxed
    assert education.requirement == "学历不低于大学专科"
    assert years.met and years.relaxed
    assert years.requirement == f"取得现职称满 3 年（计算至 {YEAR}-12-31）"


def test_a_county_of_a_southern_prefecture_counts_as_southern(draft, rule, regions, unit_a):
    answer_all(draft, education="大学专科", degree="无")
    move_unit(unit_a, regions["yuepuhu"])  # 岳普湖县, under 喀什地区
    assert precheck(Application.objects.get(pk=draft.pk)).southern
    assert only(draft, "education").met
    move_unit(unit_a, regions["tianshan"])  # 天山区, under 乌鲁木齐市
    assert not precheck(Application.objects.get(pk=draft.pk)).southern
    assert not only(draft, "education").met


def test_without_a_southern_value_the_general_one_applies_in_the_south(
    draft, series, regions, unit_a
):
    make_rule(series, RuleData(min_education=Education.BACHELOR))
    answer_all(draft, education="大学专科", degree="无")
    move_unit(unit_a, regions["kashgar"])
    check = only(draft, "education")
    assert not check.met and not check.relaxed


# --- versions per year --------------------------------------------------------------------


def test_an_application_uses_its_year_or_the_latest_earlier_rules(draft, series):
    make_rule(series, RuleData(min_education=Education.DOCTORATE), year=YEAR - 2)
    make_rule(series, RuleData(min_education=Education.MASTER), year=YEAR - 1)
    make_rule(series, RuleData(min_education=Education.SECONDARY), year=YEAR + 1)
    result = precheck(draft)
    assert result.rule is not None and result.rule.year == YEAR - 1
    assert result.checks[0].requirement == "学历不低于硕士研究生"
    make_rule(series, RuleData(min_education=Education.BACHELOR), year=YEAR)
    assert precheck(draft).checks[0].requirement == "学历不低于大学本科"


def test_other_business_types_are_not_prechecked(draft, rule):
    Application.objects.filter(pk=draft.pk).update(business_type=BusinessType.SPECIAL)
    result = precheck(Application.objects.get(pk=draft.pk))
    assert result.rule is None
    assert "只适用于职称评审申请书" in result.not_applicable


# --- queries ------------------------------------------------------------------------------


def count(app: Application) -> int:
    fetched = display.for_list(Application.objects.filter(pk=app.pk)).get()
    with CaptureQueriesContext(connection) as ctx:
        precheck(fetched)
    return len(ctx.captured_queries)


def test_the_precheck_queries_do_not_grow_with_rows(draft, rule):
    answer_all(draft)
    place(draft, "teaching", "lesson_proof")
    confirm_hours(draft, {YEAR - 1: "90"})
    few = count(draft)
    answer_all(draft, title_dates=tuple(f"20{n:02d}-01-01" for n in range(10, 19)))
    answer(
        draft,
        "education",
        {"rows": [{"education": "大学本科", "degree": "学士"} for _ in range(8)]},
    )
    for colour in ("red", "green", "blue"):
        place(draft, "teaching", "lesson_proof", colour)
    confirm_hours(draft, {YEAR - 3: "30", YEAR - 2: "30", YEAR - 1: "30"})
    confirm_hours(draft, {YEAR - 3: "30", YEAR - 2: "30", YEAR - 1: "30"})
    assert count(draft) == few
    assert few <= 6
