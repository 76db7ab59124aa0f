"""The 资格预审规则 the reference data seeds for 中小学教师: one per level, written once, naming
only fields and slots the teacher form has, and left alone once an administrator edits them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalog import actions
from catalog.models import EligibilityRule, Level, TemplateField
from catalog.reference.eligibility import RULE_YEAR
from catalog.rules import rule_template, slots_of
from orgs.reference.loader import load_reference_data

pytestmark = pytest.mark.django_db


def test_the_teacher_series_gets_a_rule_per_level_that_fits_its_form() -> None:
    load_reference_data()
    rules = {
        r.level: r for r in EligibilityRule.objects.filter(series__code="zxxjs", year=RULE_YEAR)
    }
    assert sorted(rules) == [Level.JUNIOR, Level.INTERMEDIATE, Level.ASSOCIATE_SENIOR, Level.SENIOR]
    assert (rules[Level.INTERMEDIATE].min_education, rules[Level.INTERMEDIATE].min_years) == (
        "associate",
        4,
    )
    assert rules[Level.JUNIOR].years_basis == "work"
    assert rules[Level.ASSOCIATE_SENIOR].southern_min_education == "associate"
    assert all(r.hours_per_year == 90 for r in rules.values())
    template = rule_template(rules[Level.SENIOR].series_id, RULE_YEAR)
    assert template is not None
    slots = {s.key for s in slots_of(template.pk)}
    for rule in rules.values():
        assert set(rule.required_slots) <= slots
        assert rule.revisions.get().actor is None
    # The answers the pre-check reads are fields of this form.
    keys = set(
        TemplateField.objects.filter(section__template=template).values_list("section__key", "key")
    )
    assert {
        ("basic", "education"),
        ("basic", "work_start_date"),
        ("education", "education"),
        ("education", "degree"),
        ("qualification", "obtained_date"),
    } <= keys


def test_a_second_load_keeps_what_an_administrator_changed(hr_admin) -> None:
    load_reference_data()
    rule = EligibilityRule.objects.get(
        series__code="zxxjs", level=Level.INTERMEDIATE, year=RULE_YEAR
    )
    data = actions.data_of(rule)
    actions.save_rule(
        hr_admin,
        series_id=rule.series_id,
        level=rule.level,
        year=rule.year,
        data=replace(data, min_years=3),
        revision=rule.revision,
    )
    tally = load_reference_data()
    rule.refresh_from_db()
    assert rule.min_years == 3 and rule.revision == 2
    assert tally.created.get("资格预审规则", 0) == 0
