"""公示 lasts at least 5 working days on the official calendar (results.rules over lib.workdays)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from accounts.models import User
from lib.refusal import Refused
from results import actions as results_actions
from results import rules
from results.models import MeetingResult, Publicity
from testing.results_world import Clock


def test_national_day_2026_does_not_count(clock: Clock) -> None:
    clock.today = date(2026, 9, 28)
    # 30 Sep, then 1–7 October off: 8 and 9 October make three working days.
    message = rules.period_errors(date(2026, 9, 30), date(2026, 10, 9))["ends_on"]
    assert "公示期不少于 5 个工作日" in message
    assert "当前为 3 个工作日" in message and "最早于 2026-10-12 结束" in message
    # Seven calendar days over the holiday hold one working day.
    assert (
        "当前为 1 个工作日" in rules.period_errors(date(2026, 9, 30), date(2026, 10, 6))["ends_on"]
    )
    assert rules.period_errors(date(2026, 9, 30), date(2026, 10, 12)) == {}
    assert rules.shortest_end(date(2026, 9, 30)) == date(2026, 10, 12)


def test_the_saturday_worked_after_national_day_counts(clock: Clock) -> None:
    clock.today = date(2026, 10, 8)
    # 8, 9, 10 (a Saturday worked) and 12 October: four.
    assert (
        "当前为 4 个工作日" in rules.period_errors(date(2026, 10, 8), date(2026, 10, 12))["ends_on"]
    )
    assert rules.period_errors(date(2026, 10, 8), date(2026, 10, 13)) == {}


def test_a_year_the_library_does_not_know_follows_the_setting(clock: Clock) -> None:
    clock.today = date(2026, 12, 30)
    assert rules.period_errors(date(2027, 1, 1), date(2027, 1, 7)) == {}
    with override_settings(WORKDAY_EXTRA_HOLIDAYS=["2027-01-01"]):
        assert (
            "当前为 4 个工作日"
            in rules.period_errors(date(2027, 1, 1), date(2027, 1, 7))["ends_on"]
        )


def test_creating_a_short_publicity_over_national_day_is_refused(
    voted: MeetingResult, committee_staff: User, clock: Clock
) -> None:
    clock.today = date(2026, 9, 28)
    with pytest.raises(Refused) as refused:
        results_actions.create_publicity(
            committee_staff,
            voted.meeting_id,
            title="2026年度中级职称评审结果公示",
            starts_on=date(2026, 9, 30),
            ends_on=date(2026, 10, 9),
        )
    assert refused.value.field == "ends_on" and "3 个工作日" in str(refused.value)
    assert not Publicity.objects.exists()
    made = results_actions.create_publicity(
        committee_staff,
        voted.meeting_id,
        title="2026年度中级职称评审结果公示",
        starts_on=date(2026, 9, 30),
        ends_on=date(2026, 10, 12),
    )
    assert made.ends_on == date(2026, 10, 12)
