"""/api/v1/committee/…: a committee's applications and results for its API token.

The token reads what the committee's own staff see on 申请书查询 (applications submitted at
least once, of this committee), ID numbers masked, paged and filtered; another committee's
id is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from api.models import Scope
from api.tests.conftest import API, bearer, body, make_token
from applications import scoping
from applications.models import Application, Status
from catalog.models import Series
from certificates.models import Certificate
from conftest import APPLICANT_ID
from orgs.models import ReviewCommittee
from results.models import ApprovalDocument, MeetingResult, Publicity, PublicityEntry

pytestmark = pytest.mark.django_db

APPS = f"{API}/committee/applications"
RESULTS = f"{API}/committee/results"


def ids(response: Any) -> list[int]:
    return [item["id"] for item in body(response)["items"]]


def test_it_lists_what_the_committee_sees_on_its_pages(
    client: Client,
    token: str,
    at_committee: Application,
    committee_staff: User,
    other_committee: ReviewCommittee,
    make_app: Callable[..., Application],
) -> None:
    returned = make_app(Status.RETURNED)
    make_app(Status.DRAFT, submissions=0)  # never submitted: not the committee's business yet
    make_app(on=other_committee)
    response = client.get(APPS, headers=bearer(token))
    assert response.status_code == 200
    expected = sorted(scoping.visible_to(committee_staff).values_list("pk", flat=True))
    assert ids(response) == expected == sorted([at_committee.pk, returned.pk])
    item = next(i for i in body(response)["items"] if i["id"] == at_committee.pk)
    assert item["applicant_name"] == "张三"
    assert item["id_number_masked"] == "6501**********1239"
    assert APPLICANT_ID not in response.content.decode()
    assert (item["series"], item["series_name"], item["level"], item["level_label"]) == (
        "sky",
        "社会科学研究",
        2,
        "中级",
    )
    assert item["unit_name"] == "新疆财经大学"
    assert (item["status"], item["current_node"]) == ("in_review", "评审机构")
    assert response["Cache-Control"].startswith("no-store")


def test_one_application_of_the_committee_and_not_another_committees(
    client: Client,
    token: str,
    at_committee: Application,
    other_committee: ReviewCommittee,
    make_app: Callable[..., Application],
) -> None:
    theirs = make_app(on=other_committee)
    unsent = make_app(Status.DRAFT, submissions=0)
    mine = client.get(f"{APPS}/{at_committee.pk}", headers=bearer(token))
    assert mine.status_code == 200 and body(mine)["id_number_masked"] == "6501**********1239"
    for other in (theirs.pk, unsent.pk, 10**20):
        response = client.get(f"{APPS}/{other}", headers=bearer(token))
        assert response.status_code == 404 and body(response) == {"detail": "未找到该记录。"}


def test_a_token_of_another_committee_sees_only_that_committee(
    client: Client,
    hr_admin: User,
    at_committee: Application,
    other_committee: ReviewCommittee,
    make_app: Callable[..., Application],
) -> None:
    theirs = make_app(on=other_committee)
    other_token = make_token(hr_admin, other_committee).secret
    assert ids(client.get(APPS, headers=bearer(other_token))) == [theirs.pk]
    response = client.get(f"{APPS}/{at_committee.pk}", headers=bearer(other_token))
    assert response.status_code == 404


def test_it_filters_by_status_year_series_level_and_change_time(
    client: Client, token: str, make_app: Callable[..., Application]
) -> None:
    waiting = make_app(Status.IN_REVIEW)
    returned = make_app(Status.RETURNED)
    old = make_app(Status.PASSED, year=2024)
    Application.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    year = timezone.localdate().year

    def get(query: str) -> list[int]:
        response = client.get(f"{APPS}?{query}", headers=bearer(token))
        assert response.status_code == 200, response.content
        return ids(response)

    assert get("status=in_review") == [waiting.pk]
    assert get("status=returned") == [returned.pk]
    assert get("year=2024") == [old.pk]
    assert get(f"year={year}&status=passed") == []
    assert get("series=sky") == [waiting.pk, returned.pk, old.pk]
    assert get("level=2") == [waiting.pk, returned.pk, old.pk]
    assert get("level=4") == []
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert get(f"updated_since={since}") == [waiting.pk, returned.pk]
    assert get("updated_since=2000-01-01T00:00:00%2B08:00") == [waiting.pk, returned.pk, old.pk]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "status=approved",
            "status",
            "取值不正确，可选：'draft', 'returned', 'in_review' or 'passed'。",
        ),
        ("status=", "status", "取值不正确，可选：'draft', 'returned', 'in_review' or 'passed'。"),
        ("year=1999", "year", "不能小于 2000。"),
        ("year=二〇二六", "year", "应为整数。"),
        ("level=5", "level", "不能大于 4。"),
        ("series=nope", "series", "没有代码为“nope”的系列。"),
        (
            "updated_since=yesterday",
            "updated_since",
            "应为日期时间，如 2026-01-31T08:00:00+08:00。",
        ),
        ("limit=1000", "limit", "不能大于 100。"),
        ("offset=-5", "offset", "不能小于 0。"),
    ],
)
def test_it_refuses_bad_filters_and_pages_in_chinese(
    client: Client, token: str, series: Series, query: str, field: str, message: str
) -> None:
    response = client.get(f"{APPS}?{query}", headers=bearer(token))
    assert response.status_code == 422
    assert body(response) == {
        "detail": "请求参数不正确。",
        "errors": [{"field": field, "message": message}],
    }


def test_it_pages_in_order_of_id(
    client: Client, token: str, make_app: Callable[..., Application]
) -> None:
    made = [make_app().pk for _ in range(5)]
    first = body(client.get(f"{APPS}?limit=2", headers=bearer(token)))
    second = body(client.get(f"{APPS}?limit=2&offset=2", headers=bearer(token)))
    last = body(client.get(f"{APPS}?limit=2&offset=4", headers=bearer(token)))
    assert first["count"] == second["count"] == last["count"] == 5
    assert [i["id"] for i in first["items"] + second["items"] + last["items"]] == made


# --- results -----------------------------------------------------------------------------


def test_it_reports_meeting_publicity_approval_and_certificate(
    client: Client, token: str, certificate: Certificate, committee_staff: User
) -> None:
    app = certificate.application
    approval = certificate.approval
    assert approval.publicity is not None
    meeting = approval.publicity.meeting
    MeetingResult.objects.create(
        meeting=meeting,
        application=app,
        members_present=9,
        votes_for=7,
        votes_against=1,
        votes_abstain=1,
        outcome=MeetingResult.Outcome.PASSED,
        recorded_by=committee_staff,
        recorded_at=timezone.now(),
    )
    PublicityEntry.objects.create(publicity=approval.publicity, application=app)
    response = client.get(RESULTS, headers=bearer(token))
    assert response.status_code == 200
    (item,) = body(response)["items"]
    assert item["application_id"] == app.pk
    assert item["id_number_masked"] == "6501**********1239"
    assert APPLICANT_ID not in response.content.decode()
    assert item["meeting"] == {
        "meeting_name": meeting.name,
        "held_on": meeting.held_on.isoformat(),
        "outcome": "passed",
        "outcome_label": "评审通过",
        "members_present": 9,
        "votes_for": 7,
        "votes_against": 1,
        "votes_abstain": 1,
    }
    assert item["publicity"]["title"] == approval.publicity.title
    assert item["publicity"]["removed"] is False
    assert item["approval"] == {
        "number": "乌职改〔2026〕12号",
        "issued_on": "2026-11-20",
        "authority": "乌鲁木齐市职称改革工作领导小组办公室",
    }
    assert item["certificate"] == {
        "number": "XJ650100-2026-000001",
        "issued_on": "2026-11-20",
        "status": "valid",
        "status_label": "有效",
    }
    one = client.get(f"{RESULTS}/{app.pk}", headers=bearer(token))
    assert body(one)["certificate"]["number"] == "XJ650100-2026-000001"


def test_results_list_only_applications_past_formal_review(
    client: Client,
    token: str,
    at_committee: Application,
    other_committee: ReviewCommittee,
    make_app: Callable[..., Application],
) -> None:
    passed = make_app(Status.PASSED)
    theirs = make_app(Status.PASSED, on=other_committee)
    response = client.get(RESULTS, headers=bearer(token))
    (item,) = body(response)["items"]
    assert item["application_id"] == passed.pk
    assert (item["meeting"], item["publicity"], item["approval"], item["certificate"]) == (
        None,
    ) * 4
    for other in (at_committee.pk, theirs.pk):
        assert client.get(f"{RESULTS}/{other}", headers=bearer(token)).status_code == 404


def test_results_changed_since_include_a_later_certificate(
    client: Client, token: str, certificate: Certificate
) -> None:
    Application.objects.filter(pk=certificate.application_id).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()
    response = client.get(RESULTS, {"updated_since": since}, headers=bearer(token))
    assert [i["application_id"] for i in body(response)["items"]] == [certificate.application_id]
    # Publicity, 批文 and certificate all older than that: nothing changed since.
    month_ago = timezone.now() - timedelta(days=30)
    Certificate.objects.filter(pk=certificate.pk).update(created_at=month_ago)
    ApprovalDocument.objects.filter(pk=certificate.approval_id).update(created_at=month_ago)
    Publicity.objects.all().update(created_at=month_ago)
    response = client.get(RESULTS, {"updated_since": since}, headers=bearer(token))
    assert body(response)["items"] == []


def test_each_endpoint_needs_its_scope(
    client: Client, hr_admin: User, committee: ReviewCommittee, make_app: Callable[..., Application]
) -> None:
    app = make_app(Status.PASSED)
    only_applications = make_token(hr_admin, committee, [Scope.APPLICATIONS]).secret
    only_results = make_token(hr_admin, committee, [Scope.RESULTS]).secret
    assert client.get(APPS, headers=bearer(only_applications)).status_code == 200
    assert client.get(RESULTS, headers=bearer(only_results)).status_code == 200
    for url, token in (
        (RESULTS, only_applications),
        (f"{RESULTS}/{app.pk}", only_applications),
        (APPS, only_results),
        (f"{APPS}/{app.pk}", only_results),
    ):
        response = client.get(url, headers=bearer(token))
        assert response.status_code == 403
        assert body(response) == {"detail": "该接口令牌没有访问此接口的权限。"}
