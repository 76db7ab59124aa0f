"""A transition POST runs a fixed, small number of SQL statements (issue 11): at most 10,
transaction statements included, for 单位推荐意见, 审核通过 and 退回, and at most 9 for 提交
(section completeness is stored state; the current chain and the training rule are read with
the lock) — and the same number whether 10 or 200 applications wait at the unit
(docs/adr/0036-capacity-per-core.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application, Status
from reviews import actions as review_actions
from reviews.tests.conftest import fresh

pytestmark = pytest.mark.django_db

MOST = 10
SUBMIT_MOST = 9
RECOMMENDATION = {
    "person": "张负责",
    "mobile": "13900000001",
    "opinion": "该同志政治立场坚定，业绩突出，同意推荐。",
}


def counted(client: Client, url: str, data: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return len(ctx.captured_queries)


def signed_in(client: Client, user: User) -> None:
    client.force_login(user)
    client.get(reverse("portal:ping"))  # the first request of a session writes it


def cycle(client: Client, app: Application, unit_admin: User, dept_reviewer: User) -> list[int]:
    """A returned application: 提交 → 单位推荐意见 → unit 审核通过 → department 退回."""
    review_actions.return_application(unit_admin, app.pk, opinion="请修改", expected_version=None)
    app = fresh(app)
    signed_in(client, app.applicant)
    counts = [
        counted(client, reverse("applications:submit", args=[app.pk]), {"version": app.version})
    ]
    signed_in(client, unit_admin)
    counts.append(counted(client, reverse("reviews:recommend", args=[app.pk]), RECOMMENDATION))
    version = fresh(app).version
    counts.append(counted(client, reverse("reviews:pass", args=[app.pk]), {"version": version}))
    signed_in(client, dept_reviewer)
    data = {"version": version + 1, "opinion": "请补充材料"}
    counts.append(counted(client, reverse("reviews:return", args=[app.pk]), data))
    assert fresh(app).status == Status.RETURNED
    return counts


def test_reviewer_transition_posts_run_at_most_10_statements_at_10_as_at_200(
    client: Client, unit_admin: User, dept_reviewer: User, many: Any
) -> None:
    apps = many(10)
    at_ten = cycle(client, apps[0], unit_admin, dept_reviewer)
    _submit, *reviewers = at_ten
    assert all(n <= MOST for n in reviewers), at_ten
    many(190)
    assert cycle(client, apps[1], unit_admin, dept_reviewer) == at_ten


def test_submit_post_runs_at_most_9_statements(
    client: Client, unit_admin: User, dept_reviewer: User, many: Any
) -> None:
    (app,) = many(1)
    submit, *_ = cycle(client, app, unit_admin, dept_reviewer)
    assert submit <= SUBMIT_MOST
