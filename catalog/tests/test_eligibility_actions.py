"""catalog.actions: the 资格预审规则 writes — validation, revisions, stale pages, copying a
year, who may, and the audit row."""

from __future__ import annotations

from dataclasses import replace

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from catalog import actions
from catalog.actions import RuleData
from catalog.models import Education, EligibilityRule, EligibilityRuleRevision, Level, YearsBasis
from conftest import make_user
from lib.refusal import Refused

pytestmark = pytest.mark.django_db

GOOD = RuleData(
    min_education=Education.BACHELOR,
    years_basis=YearsBasis.TITLE,
    min_years=5,
    hours_per_year=90,
    hours_years=3,
    required_slots=("teaching.lesson_proof",),
    southern_min_education=Education.ASSOCIATE,
    southern_min_years=4,
    note="硕士学位满两年。",
)


def save(user, series, data=GOOD, *, year=2026, revision=None, level=Level.INTERMEDIATE):
    return actions.save_rule(
        user, series_id=series.pk, level=level, year=year, data=data, revision=revision
    )


def test_it_creates_a_rule_with_its_first_revision_and_an_audit_row(hr_admin, series):
    rule = save(hr_admin, series)
    assert (rule.year, rule.revision, rule.min_years) == (2026, 1, 5)
    assert rule.required_slots == ["teaching.lesson_proof"]
    revision = EligibilityRuleRevision.objects.get(rule=rule)
    assert revision.revision == 1 and revision.actor == hr_admin
    assert revision.values["southern_min_years"] == 4
    assert revision.summary.startswith("新增资格预审规则：2026年 社会科学研究 中级")
    event = AuditEvent.objects.get(action=AuditEvent.Action.SETTINGS_CHANGED)
    assert event.actor == hr_admin and event.target == f"资格预审规则 #{rule.pk}"


def test_a_change_keeps_the_earlier_values_in_the_history(hr_admin, series):
    rule = save(hr_admin, series)
    changed = save(hr_admin, series, replace(GOOD, min_years=6), revision=1)
    assert changed.pk == rule.pk and changed.revision == 2 and changed.min_years == 6
    history = list(EligibilityRuleRevision.objects.filter(rule=rule).order_by("revision"))
    assert [h.values["min_years"] for h in history] == [5, 6]
    assert "最少年限：5 → 6" in history[1].summary
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SETTINGS_CHANGED).count() == 2


def test_saving_the_same_values_writes_nothing(hr_admin, series):
    save(hr_admin, series)
    again = save(hr_admin, series, revision=1)
    assert again.revision == 1
    assert EligibilityRuleRevision.objects.count() == 1


def test_it_refuses_a_page_drawn_from_an_older_revision(hr_admin, series):
    save(hr_admin, series)
    save(hr_admin, series, replace(GOOD, min_years=6), revision=1)
    with pytest.raises(Refused, match="已被他人修改"):
        save(hr_admin, series, replace(GOOD, min_years=7), revision=1)
    with pytest.raises(Refused, match="已被他人修改"):
        save(hr_admin, series, replace(GOOD, min_years=7), revision=None)
    assert EligibilityRule.objects.get().min_years == 6


def test_rules_of_each_year_are_separate(hr_admin, series):
    old = save(hr_admin, series, year=2025)
    new = save(hr_admin, series, replace(GOOD, min_years=3, southern_min_years=None), year=2026)
    save(
        hr_admin, series, replace(GOOD, min_years=2, southern_min_years=None), year=2026, revision=1
    )
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.min_years, old.revision) == (5, 1)
    assert (new.min_years, new.revision) == (2, 2)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"min_years": -1}, "min_years", "年限应在 0 到 50 年之间。"),
        ({"min_years": 51}, "min_years", "年限应在 0 到 50 年之间。"),
        ({"hours_per_year": 501}, "hours_per_year", "每年学时应在 1 到 500 之间。"),
        ({"hours_per_year": 0}, "hours_per_year", "每年学时应在 1 到 500 之间。"),
        ({"hours_years": 11}, "hours_years", "计算年数应在 1 到 10 年之间。"),
        ({"min_education": "college"}, "min_education", "请选择列表中的学历。"),
        ({"southern_min_years": 6}, "southern_min_years", "不能多于一般年限（5 年）"),
        (
            {"southern_min_education": Education.MASTER},
            "southern_min_education",
            "不能高于一般要求（大学本科）",
        ),
        ({"years_basis": ""}, "years_basis", "请选择任职年限从何时起算。"),
        ({"required_slots": ("../etc",)}, "required_slots", "请选择模板中的附件。"),
    ],
)
def test_it_refuses_bad_values_and_saves_nothing(hr_admin, series, change, field, message):
    with pytest.raises(Refused) as caught:
        save(hr_admin, series, replace(GOOD, **change))
    assert caught.value.field == field
    assert message in caught.value.message
    assert not EligibilityRule.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_prefecture_admin_may_not_change_rules(kashgar_hr, series):
    with pytest.raises(Refused, match="由自治区人社管理员维护"):
        save(kashgar_hr, series)
    assert not EligibilityRule.objects.exists()


def test_other_roles_may_not_change_rules(applicant, series):
    assert not actions.may_edit(applicant)
    with pytest.raises(Refused):
        save(applicant, series)


def test_a_new_year_copies_the_last_and_leaves_it_alone(hr_admin, series):
    save(hr_admin, series, year=2026)
    save(
        hr_admin,
        series,
        replace(GOOD, min_years=2, southern_min_years=None),
        year=2026,
        level=Level.SENIOR,
    )
    save(hr_admin, series, replace(GOOD, min_years=9), year=2027, level=Level.SENIOR)
    made = actions.copy_year(hr_admin, from_year=2026, to_year=2027)
    assert made == 1  # 正高 already had a 2027 rule
    copied = EligibilityRule.objects.get(year=2027, level=Level.INTERMEDIATE)
    assert (copied.min_years, copied.revision, copied.required_slots) == (
        5,
        1,
        ["teaching.lesson_proof"],
    )
    assert EligibilityRule.objects.get(year=2027, level=Level.SENIOR).min_years == 9
    assert copied.revisions.get().summary.endswith("（复制自 2026 年）")
    assert actions.copy_year(hr_admin, from_year=2026, to_year=2027) == 0


def test_the_reference_seed_is_written_once(series):
    first, made = actions.seed_rule(series, Level.INTERMEDIATE, 2026, GOOD)
    assert made and first.revisions.get().actor is None
    again, made = actions.seed_rule(
        series, Level.INTERMEDIATE, 2026, replace(GOOD, min_years=1, southern_min_years=None)
    )
    assert not made and again.min_years == 5


@pytest.fixture
def kashgar_hr(regions):
    return make_user(
        "kashgar_hr", Role.HR_ADMIN, real_name="喀什人社管理员", admin_region=regions["kashgar"]
    )
