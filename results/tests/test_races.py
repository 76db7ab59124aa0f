"""Two staff at once, a double click, two tabs: one change wins (PostgreSQL, real threads)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.db import connection

from accounts.models import Role, User
from accounts.tests.test_races import race
from applications.models import Application
from conftest import make_user
from lib.refusal import Refused
from results import actions
from results.models import ApprovalDocument, MeetingResult, Objection, Publicity
from testing.results_world import Clock

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


@pytest.fixture
def colleague(committee_staff: User) -> User:
    return make_user(
        "committee_staff2",
        Role.COMMITTEE_STAFF,
        real_name="另一位工作人员",
        committee=committee_staff.committee,
    )


def test_one_application_goes_before_one_meeting_only(
    committee_staff: User, colleague: User, clock: Clock, ready: Application
) -> None:
    meetings = [
        actions.create_meeting(who, year=clock.today.year, name=f"会议{i}", held_on=clock.today)
        for i, who in enumerate((committee_staff, colleague) * 4)
    ]
    results = race(
        [
            partial(actions.add_to_meeting, who, m.pk, [ready.pk])
            for m, who in zip(meetings, (committee_staff, colleague) * 4, strict=True)
        ]
    )
    assert sum(isinstance(r, list) for r in results) == 1
    assert all(isinstance(r, (list, Refused)) for r in results), results
    assert MeetingResult.objects.filter(application=ready).count() == 1


def test_an_objection_is_decided_once_however_many_clicks(
    committee_staff: User, colleague: User, publicity: Publicity
) -> None:
    objection = actions.lodge_objection(
        publicity.pk,
        entry_id=publicity.entries.get().pk,
        name="王举报",
        contact="13912345678",
        text="该同志申报的论文存在抄袭情况，请核实。",
    )

    def decide(who: User, uphold: bool) -> Any:
        return actions.decide_objection(who, objection.pk, uphold=uphold, note="核实")

    results = race(
        [partial(decide, (committee_staff, colleague)[i % 2], i % 2 == 0) for i in range(10)]
    )
    decided = [r for r in results if isinstance(r, Objection)]
    assert len(decided) == 1
    assert all(isinstance(r, (Objection, Refused)) for r in results), results
    objection.refresh_from_db()
    assert objection.status == decided[0].status
    assert publicity.entries.get().removed == (objection.status == "upheld")


def test_one_publicity_gets_one_document(
    monkeypatch: pytest.MonkeyPatch,
    committee_staff: User,
    colleague: User,
    clock: Clock,
    publicity: Publicity,
) -> None:
    import certificates.actions

    monkeypatch.setattr(certificates.actions, "issue_certificates", lambda document: [])
    clock.shift(7)

    def issue(who: User, n: int) -> Any:
        return actions.issue_approval(
            who,
            publicity.pk,
            number=f"乌职改〔2026〕{n}号",
            issued_on=clock.today,
            authority="职改办",
        )

    results = race([partial(issue, (committee_staff, colleague)[n % 2], n) for n in range(6)])
    assert sum(isinstance(r, ApprovalDocument) for r in results) == 1
    assert ApprovalDocument.objects.count() == 1


def test_results_cannot_change_while_the_list_is_published(
    committee_staff: User, colleague: User, clock: Clock, voted: MeetingResult
) -> None:
    """Whichever comes first, the publicity lists what the meeting's results say."""

    def publish() -> Any:
        return actions.create_publicity(
            committee_staff,
            voted.meeting_id,
            title="公示",
            starts_on=clock.today,
            ends_on=clock.today + timedelta(days=6),
        )

    def overturn() -> Any:
        return actions.record_result(
            colleague,
            voted.pk,
            members_present=9,
            votes_for=2,
            votes_against=7,
            votes_abstain=0,
            outcome="failed",
            expected_version=None,
        )

    race([publish, overturn])
    voted.refresh_from_db()
    item = Publicity.objects.filter(meeting_id=voted.meeting_id).first()
    listed = item is not None and item.entries.filter(application_id=voted.application_id).exists()
    assert listed == (voted.outcome == "passed")
