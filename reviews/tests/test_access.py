"""Who may open the review pages, and someone else's application id answering 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from applications.models import Application, HistoryEntry, Status
from conftest import make_user
from orgs.models import Department, ReviewCommittee
from reviews.models import Recommendation, SectionComment
from reviews.tests.conftest import fresh, handle_url

pytestmark = pytest.mark.django_db

LISTS = ["reviews:queue", "reviews:search"]
POSTS: list[tuple[str, tuple[str, ...], dict[str, Any]]] = [
    ("reviews:comment", ("basic",), {"text": "请核对"}),
    (
        "reviews:recommend",
        (),
        {"person": "张负责", "mobile": "13900000001", "opinion": "同意推荐，该同志表现优秀。"},
    ),
    ("reviews:return", (), {"version": "2", "opinion": "请修改"}),
    ("reviews:pass", (), {"version": "2"}),
]


def every_url(app: Application) -> list[tuple[str, str, dict[str, Any]]]:
    urls: list[tuple[str, str, dict[str, Any]]] = [
        ("get", handle_url(app), {}),
        ("get", handle_url(app, "steps"), {}),
    ]
    for name, extra, data in POSTS:
        urls.append(
            ("post", reverse(name, args=[app.pk, *extra]), {**data, "version": str(app.version)})
        )
    return urls


def snapshot(app: Application) -> tuple[Any, ...]:
    now = fresh(app)
    return (
        now.status,
        now.position,
        now.version,
        now.holder_unit_id,
        now.holder_department_id,
        now.holder_committee_id,
        SectionComment.objects.filter(application=app).count(),
        HistoryEntry.objects.filter(application=app).count(),
        Recommendation.objects.filter(application=app).values_list("opinion", flat=True).first(),
    )


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_cannot_open_or_act_on_an_application(
    client: Client, submitted: Application
) -> None:
    before = snapshot(submitted)
    for method, url, data in every_url(submitted):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    assert snapshot(submitted) == before


@pytest.mark.parametrize("who", ["applicant", "outsider", "hr_admin"])
def test_other_roles_get_403(
    client: Client, request: Any, submitted: Application, who: str
) -> None:
    before = snapshot(submitted)
    client.force_login(request.getfixturevalue(who))
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "当前账号的角色不能使用此功能" in response.content.decode()
    for method, url, data in every_url(submitted):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot(submitted) == before


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", ["unit_admin", "dept_reviewer", "committee_staff"])
def test_reviewers_open_their_lists(client: Client, request: Any, name: str, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 200


def test_the_posts_refuse_get(client: Client, unit_admin: User, submitted: Application) -> None:
    client.force_login(unit_admin)
    for name, extra, _data in POSTS:
        assert client.get(reverse(name, args=[submitted.pk, *extra])).status_code == 405


def test_another_units_admin_gets_404_everywhere(
    client: Client, other_unit_admin: User, submitted: Application
) -> None:
    before = snapshot(submitted)
    client.force_login(other_unit_admin)
    for method, url, data in every_url(submitted):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot(submitted) == before
    assert not Recommendation.objects.exists()


def test_a_department_that_never_held_it_gets_404(
    client: Client, dept_reviewer: User, submitted: Application
) -> None:
    """Still at the unit: the department has not seen it yet."""
    before = snapshot(submitted)
    client.force_login(dept_reviewer)
    for method, url, data in every_url(submitted):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot(submitted) == before


def test_another_department_gets_404_even_after_it_moved_on(
    client: Client, regions: Any, at_committee: Application
) -> None:
    before = snapshot(at_committee)
    other = Department.objects.create(
        name="喀什地区人社局", kind="hrss", level="prefecture", region=regions["kashgar"]
    )
    reviewer = make_user("other_dept", Role.DEPT_REVIEWER, real_name="别的部门", department=other)
    client.force_login(reviewer)
    for method, url, data in every_url(at_committee):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot(at_committee) == before


def test_staff_of_another_committee_get_404(
    client: Client, regions: Any, at_committee: Application
) -> None:
    before = snapshot(at_committee)
    other = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    staff = make_user("other_staff", Role.COMMITTEE_STAFF, real_name="别的评委会", committee=other)
    client.force_login(staff)
    for method, url, data in every_url(at_committee):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot(at_committee) == before


def test_a_draft_never_submitted_is_invisible_even_to_its_unit(
    client: Client, unit_admin: User, draft: Application
) -> None:
    client.force_login(unit_admin)
    for method, url, data in every_url(draft):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert fresh(draft).status == Status.DRAFT


def test_an_unknown_id_is_404(client: Client, unit_admin: User, submitted: Application) -> None:
    client.force_login(unit_admin)
    assert client.get(reverse("reviews:handle", args=[submitted.pk + 1000])).status_code == 404
