"""The queue, the query list and the 办理 page cost the same number of queries for one
application as for fifty (rows are fetched with display.for_list, nothing per row)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from reviews import actions as review_actions
from reviews.tests.conftest import handle_url
from testing.worlds import recommend

pytestmark = pytest.mark.django_db

QUEUE = reverse("reviews:queue")
SEARCH = reverse("reviews:search")


def queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session writes the session; measure the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def vary(apps: list[Application], admin: User) -> None:
    """Give the rows different shapes: a recommendation, a comment, a returned one."""
    for i, app in enumerate(apps):
        if i % 3 == 0:
            recommend(app, admin)
        if i % 4 == 0:
            review_actions.save_comment(admin, app.pk, "basic", f"意见{i}")
        if i % 5 == 4:
            review_actions.return_application(
                admin, app.pk, opinion="请修改", expected_version=None
            )


def test_unit_lists_and_page_cost_the_same_at_1_and_50(
    client: Client, unit_admin: User, many: Any
) -> None:
    (first,) = many(1)
    client.force_login(unit_admin)
    urls = [
        QUEUE,
        SEARCH,
        f"{SEARCH}?q=申请人&level=2",
        handle_url(first),
        handle_url(first, "steps"),
        handle_url(first, "recommendation"),
    ]
    at_one = [queries(client, url) for url in urls]
    vary(many(49), unit_admin)
    at_fifty = [queries(client, url) for url in urls]
    assert at_fifty == at_one
    page = client.get(SEARCH).content.decode()
    assert page.count('<tr id="app-') == 20 and "第 1 / 3 页" in page


def test_the_page_costs_the_same_with_more_history_and_comments(
    client: Client, unit_admin: User, many: Any
) -> None:
    from applications import actions

    (app,) = many(1)
    client.force_login(unit_admin)
    urls = [handle_url(app), handle_url(app, "steps"), handle_url(app, "recommendation")]
    before = [queries(client, url) for url in urls]
    for key in ("basic", "education"):
        review_actions.save_comment(unit_admin, app.pk, key, "请核对")
    recommend(app, unit_admin)
    review_actions.return_application(unit_admin, app.pk, opinion="请修改", expected_version=None)
    actions.submit(app.applicant, app.pk, expected_version=None)
    for key in ("basic", "education"):
        review_actions.save_comment(unit_admin, app.pk, key, "再次核对")
    recommend(app, unit_admin)
    assert [queries(client, url) for url in urls] == before


def test_department_and_committee_lists_cost_the_same_at_1_and_50(
    client: Client, unit_admin: User, dept_reviewer: User, committee_staff: User, many: Any
) -> None:
    def forward(apps: list[Application]) -> None:
        for app in apps:
            recommend(app, unit_admin)
            review_actions.pass_application(unit_admin, app.pk, expected_version=None)

    def measure(who: User, app: Application) -> list[int]:
        client.force_login(who)
        return [
            queries(client, url)
            for url in (QUEUE, SEARCH, handle_url(app), handle_url(app, "steps"))
        ]

    (first,) = many(1)
    forward([first])
    dept_at_one = measure(dept_reviewer, first)  # one application, waiting at the department
    review_actions.pass_application(dept_reviewer, first.pk, expected_version=None)
    committee_at_one = measure(committee_staff, first)  # the same one, now at the committee

    rest = many(49)
    forward(rest[:40])
    for app in rest[:25]:
        review_actions.pass_application(dept_reviewer, app.pk, expected_version=None)
    assert measure(dept_reviewer, rest[30]) == dept_at_one
    assert measure(committee_staff, rest[0]) == committee_at_one
