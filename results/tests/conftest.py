"""The results world: applications really walked to 通过形式审核, and a clock for the periods.

`clock` replaces `results.rules.today` (the only date the periods follow), so a test moves
the server's date with `clock.shift(days)` instead of waiting.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]

from accounts.models import Role, User
from applications.models import Application
from applications.tests.conftest import (  # noqa: F401  (fixtures)
    at_committee,
    at_department,
    chain_world,
    draft,
    filled,
    recommend,
    specialty,
    submitted,
    template,
    title,
)
from catalog.models import Specialty, Title
from conftest import make_user
from orgs.models import BaseUnit, Region, ReviewCommittee
from payments.models import PaymentOrder
from results import actions, rules
from results.models import Meeting, MeetingResult, Publicity
from reviews import actions as review_actions
from reviews.tests.conftest import submit_many


class Clock:
    def __init__(self) -> None:
        self.today = timezone.localdate()

    def shift(self, days: int) -> date:
        self.today += timedelta(days=days)
        return self.today


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(rules, "today", lambda: c.today)
    return c


def text(response: Any) -> str:
    return response.content.decode()


def to_passed(
    app: Application, unit_admin: User, dept_reviewer: User, committee_staff: User
) -> Application:
    recommend(app, unit_admin)
    for who in (unit_admin, dept_reviewer, committee_staff):
        app = review_actions.pass_application(who, app.pk, expected_version=None)
    return app


@pytest.fixture
def passed(at_committee: Application, committee_staff: User) -> Application:  # noqa: F811
    """张三's application, through formal review (通过形式审核)."""
    return review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)


@pytest.fixture
def passed_many(
    chain_world: ReviewCommittee,  # noqa: F811
    title: Title,  # noqa: F811
    specialty: Specialty,  # noqa: F811
    unit_a: BaseUnit,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
) -> Callable[[int], list[Application]]:
    """A factory: passed_many(n) walks n more applicants' applications to 通过形式审核."""
    made: list[Application] = []

    def make(n: int) -> list[Application]:
        apps = submit_many(n, qualification=title, field=specialty, unit=unit_a, start=len(made))
        done = [to_passed(a, unit_admin, dept_reviewer, committee_staff) for a in apps]
        made.extend(done)
        return done

    return make


def receive(staff: User, *apps: Application) -> None:
    for app in apps:
        actions.mark_paper(staff, app.pk, received=True)


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


@pytest.fixture
def other_committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])


@pytest.fixture
def other_staff(other_committee: ReviewCommittee) -> User:
    return make_user(
        "other_staff",
        Role.COMMITTEE_STAFF,
        real_name="喀什评委会工作人员",
        committee=other_committee,
    )


def pay(app: Application, status: str = "paid") -> PaymentOrder:
    return PaymentOrder.objects.create(
        application=app,
        committee_id=app.committee_id,
        out_trade_no=f"T{app.pk:010d}",
        amount=Decimal("300.00"),
        status=status,
    )


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def xlsx(rows: list[list[Any]], header: list[Any] | None = None) -> bytes:
    """An .xlsx with the template's header (or the one given) and these rows."""
    from results.excel import HEADERS

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(list(HEADERS) if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
