"""After formal review (registered by the root conftest.py): papers received, a meeting, a vote
and a publicity of 张三's application, and a clock for the periods.

`clock` replaces `results.rules.today` (the only date the periods follow), so a test moves
the server's date with `clock.shift(days)` instead of waiting. It starts on the Monday of an
ordinary week (Monday–Friday working days, no holiday within the next three weeks on the official
calendar, `lib.workdays`) in the current year, so "today to today+6" is always 5 working days
and the suite passes whatever the date. `ZC_TEST_TODAY` (ISO date) stands in for the real date,
to try the suite as if run on a given day.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from lib import workdays
from results import actions, rules
from results.models import Meeting, MeetingResult, Publicity


def _ordinary(monday: date) -> bool:
    """Three weeks from `monday` follow the plain Monday–Friday pattern on the official calendar."""
    cal = rules.workday_calendar()
    return all(
        workdays.is_workday(monday + timedelta(days=i), **cal) == ((i % 7) < 5) for i in range(21)
    )


def ordinary_monday(near: date) -> date:
    """The Monday of an ordinary week in `near`'s year: the latest on or before `near`, else the
    first after it."""
    monday = near - timedelta(days=near.weekday())
    back = [monday - timedelta(weeks=w) for w in range(53)]
    ahead = [monday + timedelta(weeks=w) for w in range(1, 53)]
    for day in back + ahead:
        if day.year == near.year and _ordinary(day):
            return day
    raise AssertionError("no ordinary week")  # pragma: no cover


class Clock:
    def __init__(self) -> None:
        real = os.environ.get("ZC_TEST_TODAY")
        self.today = ordinary_monday(date.fromisoformat(real) if real else timezone.localdate())

    def shift(self, days: int) -> date:
        self.today += timedelta(days=days)
        return self.today


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(rules, "today", lambda: c.today)
    return c


def receive(staff: User, *apps: Application) -> None:
    """The committee marks the paper materials of `apps` received."""
    for app in apps:
        actions.mark_paper(staff, app.pk, received=True)


def vote(
    staff: User,
    result: MeetingResult,
    outcome: str = "passed",
    present: int = 9,
    votes_for: int = 7,
    against: int = 1,
    abstain: int = 1,
) -> MeetingResult:
    return actions.record_result(
        staff,
        result.pk,
        members_present=present,
        votes_for=votes_for,
        votes_against=against,
        votes_abstain=abstain,
        outcome=outcome,
        expected_version=None,
    )


@pytest.fixture
def ready(passed: Application, committee_staff: User) -> Application:
    """Passed, papers received; the committee charges nothing — eligible for a meeting."""
    receive(committee_staff, passed)
    return passed


@pytest.fixture
def meeting(committee_staff: User, clock: Clock) -> Meeting:
    return actions.create_meeting(
        committee_staff, year=clock.today.year, name="中级职称评审会议", held_on=clock.today
    )


@pytest.fixture
def voted(meeting: Meeting, ready: Application, committee_staff: User) -> MeetingResult:
    """张三's application before the meeting, voted through (7 of 9)."""
    (result,) = actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    return vote(committee_staff, result)


@pytest.fixture
def publicity(voted: MeetingResult, committee_staff: User, clock: Clock) -> Publicity:
    """The meeting's passing list, public from today for 7 days."""
    return actions.create_publicity(
        committee_staff,
        voted.meeting_id,
        title="乌鲁木齐市2026年度中级职称评审结果公示",
        starts_on=clock.today,
        ends_on=clock.today + timedelta(days=6),
    )
