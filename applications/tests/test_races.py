"""Deadline-day races, with real threads on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import Role, User
from accounts.tests.test_races import race
from applications import actions
from applications.models import Application, HistoryEntry, Status
from conftest import make_user
from lib.refusal import Refused
from reviews import actions as review_actions
from testing.worlds import recommend

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def test_twenty_parallel_submits_never_exceed_the_limit(filled: Application) -> None:
    assert filled.committee.submission_limit == 2
    who = filled.applicant

    def submit_then_recall() -> str:
        try:
            actions.submit(who, filled.pk, expected_version=None)
        except Refused:
            return "refused"
        try:
            actions.recall(who, filled.pk, expected_version=None)
        except Refused:
            pass
        return "submitted"

    results = race([submit_then_recall] * 20)
    filled.refresh_from_db()
    assert filled.submission_count <= 2
    assert results.count("submitted") == filled.submission_count
    assert (
        HistoryEntry.objects.filter(application=filled, action="submit").count()
        == filled.submission_count
    )


def test_two_reviewers_at_once_give_one_transition(
    submitted: Application, unit_admin: User
) -> None:
    colleague = make_user(
        "unit_a_admin2", Role.UNIT_ADMIN, real_name="单位A另一管理员", unit=unit_admin.unit
    )
    recommend(submitted, unit_admin)
    submitted.refresh_from_db()
    version = submitted.version
    results = race(
        [
            lambda: review_actions.pass_application(
                unit_admin, submitted.pk, expected_version=version
            ),
            lambda: review_actions.pass_application(
                colleague, submitted.pk, expected_version=version
            ),
        ]
    )
    wins = [r for r in results if isinstance(r, Application)]
    refusals = [r for r in results if isinstance(r, Refused)]
    assert len(wins) == 1 and len(refusals) == 1
    assert "请刷新" in refusals[0].message
    submitted.refresh_from_db()
    assert submitted.position == 2
    assert HistoryEntry.objects.filter(application=submitted, action="pass").count() == 1


def test_recall_racing_a_unit_pass_has_exactly_one_winner(
    submitted: Application, unit_admin: User
) -> None:
    recommend(submitted, unit_admin)
    submitted.refresh_from_db()
    version = submitted.version
    results = race(
        [
            lambda: actions.recall(submitted.applicant, submitted.pk, expected_version=version),
            lambda: review_actions.pass_application(
                unit_admin, submitted.pk, expected_version=version
            ),
        ]
    )
    assert sum(isinstance(r, Application) for r in results) == 1
    assert sum(isinstance(r, Refused) for r in results) == 1
    submitted.refresh_from_db()
    assert (submitted.status, submitted.position) in ((Status.DRAFT, 0), (Status.IN_REVIEW, 2))
    assert (
        HistoryEntry.objects.filter(application=submitted, action__in=["recall", "pass"]).count()
        == 1
    )
