"""/api/v1/me/…: the signed-in applicant's own applications and certificates, nobody else's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from api.tests.conftest import API, body
from applications.models import Application, Status
from certificates.models import Certificate
from testing.pages import signed_in

pytestmark = pytest.mark.django_db

MINE = f"{API}/me/applications"
CERTS = f"{API}/me/certificates"


def test_it_asks_an_anonymous_caller_to_sign_in(client: Client) -> None:
    for url in (MINE, f"{MINE}/1", CERTS, f"{CERTS}/1"):
        response = client.get(url)
        assert response.status_code == 401
        assert body(response) == {"detail": "请先登录，或在 Authorization 头中提供接口令牌。"}


@pytest.mark.parametrize("who", ["unit_admin", "committee_staff", "hr_admin"])
def test_it_refuses_staff_sessions(
    client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    response = signed_in(client, user).get(MINE)
    assert response.status_code == 403
    assert body(response) == {"detail": "只有申请人账号可以使用此接口。"}


def test_the_applicant_reads_her_own_applications(
    client: Client,
    at_committee: Application,
    applicant: User,
    outsider: User,
    make_app: Callable[..., Application],
) -> None:
    make_app(holder=outsider)
    response = signed_in(client, applicant).get(MINE)
    data = body(response)
    assert response.status_code == 200
    assert (data["count"], data["limit"], data["offset"]) == (1, 20, 0)
    (item,) = data["items"]
    assert item["id"] == at_committee.pk
    assert item["number"] == at_committee.number and item["number"].startswith("RSSQ")
    assert item["business_type"] == "review" and item["business_type_label"] == "评审"
    assert item["qualification"] == "[乌鲁木齐市][中级]社会科学研究/助理研究员"
    assert item["specialty"] == "经济学"
    assert (item["status"], item["status_label"]) == ("in_review", "审核中")
    assert item["current_node"] == "评审机构"
    assert item["submission_count"] == 1
    assert item["last_action_at"] is not None and item["passed_at"] is None
    assert "id_number" not in response.content.decode()


def test_one_of_her_applications_and_not_someone_elses(
    client: Client,
    at_committee: Application,
    applicant: User,
    outsider: User,
    make_app: Callable[..., Application],
) -> None:
    theirs = make_app(holder=outsider)
    signed_in(client, applicant)
    mine = client.get(f"{MINE}/{at_committee.pk}")
    assert mine.status_code == 200 and body(mine)["current_node"] == "评审机构"
    for other in (theirs.pk, 999999, 10**20):
        response = client.get(f"{MINE}/{other}")
        assert response.status_code == 404
        assert body(response) == {"detail": "未找到该记录。"}


def test_an_id_that_is_not_a_number_is_refused(client: Client, applicant: User) -> None:
    response = signed_in(client, applicant).get(f"{MINE}/abc")
    assert response.status_code == 422
    assert body(response)["errors"] == [{"field": "application_id", "message": "应为整数。"}]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("limit=0", "limit", "不能小于 1。"),
        ("limit=101", "limit", "不能大于 100。"),
        ("limit=abc", "limit", "应为整数。"),
        ("offset=-1", "offset", "不能小于 0。"),
        ("offset=99999999999999999999999", "offset", "不能大于 1000000。"),
        ("limit=1.5", "limit", "应为整数。"),
    ],
)
def test_it_refuses_bad_page_numbers(
    client: Client, applicant: User, query: str, field: str, message: str
) -> None:
    response = signed_in(client, applicant).get(f"{MINE}?{query}")
    assert response.status_code == 422
    assert body(response) == {
        "detail": "请求参数不正确。",
        "errors": [{"field": field, "message": message}],
    }


def test_it_pages_her_applications(
    client: Client, applicant: User, make_app: Callable[..., Application]
) -> None:
    made = [make_app(holder=applicant, year=2020 + i) for i in range(5)]
    signed_in(client, applicant)
    data = body(client.get(f"{MINE}?limit=2&offset=1"))
    assert data["count"] == 5 and (data["limit"], data["offset"]) == (2, 1)
    # Newest year first.
    assert [i["id"] for i in data["items"]] == [made[3].pk, made[2].pk]
    assert body(client.get(f"{MINE}?offset=50"))["items"] == []


def test_a_draft_never_submitted_is_listed_at_the_applicant(
    client: Client, draft: Application, applicant: User
) -> None:
    (item,) = body(signed_in(client, applicant).get(MINE))["items"]
    assert item["number"] == draft.number
    assert (item["status"], item["status_label"], item["current_node"]) == (
        "draft",
        "申请人",
        "申请人",
    )
    assert item["submission_count"] == 0


def test_the_holder_reads_her_certificates_with_their_verification_address(
    client: Client, certificate: Certificate, applicant: User, holders: Callable[..., Any]
) -> None:
    holders(2)  # other people's certificates
    response = signed_in(client, applicant).get(CERTS)
    data = body(response)
    assert data["count"] == 1
    (item,) = data["items"]
    assert item == {
        "id": certificate.pk,
        "application_id": certificate.application_id,
        "number": "XJ650100-2026-000001",
        "qualification": "[乌鲁木齐市][中级]社会科学研究/助理研究员",
        "specialty": "经济学",
        "issued_on": "2026-11-20",
        "status": "valid",
        "status_label": "有效",
        "verification_url": settings.SITE_URL
        + reverse("certificates:verify_token", args=[certificate.token]),
    }
    assert body(client.get(f"{CERTS}/{certificate.pk}"))["number"] == "XJ650100-2026-000001"


def test_someone_elses_certificate_is_a_404(
    client: Client, certificate: Certificate, outsider: User
) -> None:
    signed_in(client, outsider)
    assert body(client.get(CERTS))["items"] == []
    response = client.get(f"{CERTS}/{certificate.pk}")
    assert response.status_code == 404 and body(response) == {"detail": "未找到该记录。"}


def test_a_passed_application_carries_its_passing_time(
    client: Client, applicant: User, make_app: Callable[..., Application]
) -> None:
    app = make_app(Status.PASSED, holder=applicant)
    item = body(signed_in(client, applicant).get(f"{MINE}/{app.pk}"))
    assert (item["status_label"], item["current_node"]) == ("通过形式审核", "通过形式审核")
    assert item["passed_at"] is not None


def test_writing_methods_are_not_offered(client: Client, applicant: User) -> None:
    signed_in(client, applicant)
    assert client.post(MINE, {}, content_type="application/json").status_code == 405
    assert client.delete(f"{MINE}/1").status_code == 405
