"""Two clicks, two staff, a vote at the moment of the close: one wins (PostgreSQL, real threads)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from accounts.models import Role, User
from accounts.tests.test_races import race
from applications.models import Application
from experts import panels
from experts.models import Panel, PanelEvent, Vote
from experts.tests.conftest import seats
from lib.refusal import Refused
from results.models import MeetingResult
from testing.people import make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def test_a_vote_clicked_many_times_is_cast_once(panel: Panel, ready: Application) -> None:
    user = seats(panel)[0].expert.user
    results = race(
        [
            partial(panels.cast_vote, user, panel.meeting_id, ready.pk, choice=choice)
            for choice in ("for", "against") * 4
        ]
    )
    cast = [r for r in results if isinstance(r, Vote)]
    assert len(cast) == 1
    assert all(isinstance(r, (Vote, Refused)) for r in results), results
    assert Vote.objects.get().choice == cast[0].choice
    assert PanelEvent.objects.filter(kind="voted").count() == 1


def test_two_staff_closing_at_once_close_once(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    colleague = make_user(
        "committee_staff2", Role.COMMITTEE_STAFF, committee=committee_staff.committee
    )
    for seat in seats(panel):
        panels.cast_vote(seat.expert.user, panel.meeting_id, ready.pk, choice="for")
    attended = [s.pk for s in seats(panel)]
    results = race(
        [
            partial(panels.close_meeting, who, panel.meeting_id, attended)
            for who in (committee_staff, colleague) * 3
        ]
    )
    closed = [r for r in results if isinstance(r, Panel)]
    assert len(closed) == 1
    assert all(isinstance(r, (Panel, Refused)) for r in results), results
    result = MeetingResult.objects.get(application=ready)
    assert (result.outcome, result.version) == ("passed", 2)
    assert PanelEvent.objects.filter(kind="closed").count() == 1


def test_a_last_vote_racing_the_close_is_either_counted_or_the_close_refused(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    *early, last = seats(panel)
    for seat in early:
        panels.cast_vote(seat.expert.user, panel.meeting_id, ready.pk, choice="for")
    attended = [s.pk for s in seats(panel)]
    vote, close = race(
        [
            partial(
                panels.cast_vote, last.expert.user, panel.meeting_id, ready.pk, choice="against"
            ),
            partial(panels.close_meeting, committee_staff, panel.meeting_id, attended),
        ]
    )
    assert isinstance(vote, Vote), vote
    result = MeetingResult.objects.get(application=ready)
    if isinstance(close, Panel):
        assert (result.members_present, result.votes_for, result.votes_against) == (5, 4, 1)
    else:
        assert isinstance(close, Refused) and "未投" in str(close)
        assert result.outcome == "pending"
