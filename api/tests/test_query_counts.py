"""The list endpoints cost the same number of queries for 1 row as for 50."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from api.tests.conftest import API, bearer, body
from applications.models import Application, Status
from certificates import actions as certificate_actions
from orgs.models import ReviewCommittee
from results.models import MeetingResult, PublicityEntry
from testing.certificates_world import make_approval
from testing.pages import signed_in

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str, **kwargs: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.content[:300]
    return len(captured), body(response)


def with_results(
    apps: list[Application], committee: ReviewCommittee, staff: User, number: str
) -> None:
    """A meeting result, a publicity entry, a 批文 and a certificate for each application."""
    document = make_approval(committee, apps, number=number, created_by=staff)
    assert document.publicity is not None
    for app in apps:
        MeetingResult.objects.create(
            meeting=document.publicity.meeting,
            application=app,
            members_present=9,
            votes_for=7,
            votes_against=1,
            votes_abstain=1,
            outcome=MeetingResult.Outcome.PASSED,
            recorded_by=staff,
            recorded_at=timezone.now(),
        )
        PublicityEntry.objects.create(publicity=document.publicity, application=app)
    certificate_actions.issue_certificates(document)


def test_the_committee_lists_are_constant_in_rows(
    client: Client,
    token: str,
    committee: ReviewCommittee,
    committee_staff: User,
    make_app: Callable[..., Application],
) -> None:
    first = [make_app(Status.PASSED)]
    with_results(first, committee, committee_staff, "测职改〔2026〕1号")
    url_apps = f"{API}/committee/applications?limit=100"
    url_results = f"{API}/committee/results?limit=100"
    # The token's first use also notes it (one UPDATE); count after that.
    client.get(url_apps, headers=bearer(token))
    apps_one, data = queries(client, url_apps, headers=bearer(token))
    results_one, results = queries(client, url_results, headers=bearer(token))
    assert data["count"] == 1 and results["items"][0]["certificate"] is not None

    more = [make_app(Status.PASSED) for _ in range(49)]
    with_results(more, committee, committee_staff, "测职改〔2026〕2号")
    apps_many, data = queries(client, url_apps, headers=bearer(token))
    results_many, results = queries(client, url_results, headers=bearer(token))
    assert data["count"] == 50 and len(results["items"]) == 50
    assert all(item["meeting"] and item["certificate"] for item in results["items"])
    assert apps_many == apps_one
    assert results_many == results_one


def test_the_applicants_list_is_constant_in_rows(
    client: Client, applicant: User, make_app: Callable[..., Application]
) -> None:
    signed_in(client, applicant)
    make_app(holder=applicant, year=2000)
    # The session's first request notes the activity time (at most once a minute); count after.
    client.get(f"{API}/me/applications?limit=100")
    one, _data = queries(client, f"{API}/me/applications?limit=100")
    for year in range(2001, 2050):
        make_app(holder=applicant, year=year)
    many, data = queries(client, f"{API}/me/applications?limit=100")
    assert data["count"] == 50
    assert many == one
