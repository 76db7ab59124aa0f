"""API tokens at the door: malformed, unknown, revoked, expired, wrong scope, too many — each
refused with a Chinese JSON message and an audit row that never holds the token's text."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import User
from api import actions
from api.models import ApiToken, Scope
from api.tests.conftest import API, bearer, body, make_token
from audit.models import AuditEvent
from orgs.models import ReviewCommittee

pytestmark = pytest.mark.django_db

APPS = f"{API}/committee/applications"


def refusals() -> list[tuple[str, str, str, str | None]]:
    rows = AuditEvent.objects.filter(action=AuditEvent.Action.API_TOKEN, result="refused")
    return list(rows.order_by("id").values_list("actor_name", "target", "detail", "ip_address"))


def assert_nowhere(secret: str, caplog: pytest.LogCaptureFixture) -> None:
    """The token's text is in no audit row, no column of its own row and no log line."""
    for row in AuditEvent.objects.values_list("actor_name", "target", "detail"):
        assert not any(secret in value or secret[3:15] in value for value in row)
    for token in ApiToken.objects.values():
        assert not any(isinstance(v, str) and secret in v for v in token.values())
    assert secret not in caplog.text


def test_a_valid_token_is_let_in_and_its_use_noted(
    client: Client, token: str, committee: ReviewCommittee
) -> None:
    response = client.get(APPS, headers=bearer(token))
    assert response.status_code == 200
    row = ApiToken.objects.get()
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert row.last_used_at is not None
    assert refusals() == []


def test_no_credentials_at_all_is_a_plain_401(client: Client, token: str) -> None:
    response = client.get(APPS)
    assert response.status_code == 401
    assert body(response) == {"detail": "请先登录，或在 Authorization 头中提供接口令牌。"}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert refusals() == []


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer abc", "接口令牌格式不正确。"),
        ("Bearer ", "接口令牌格式不正确。"),
        ("Bearer zc_" + "A" * 42 + "!", "接口令牌格式不正确。"),
        ("Bearer zc_" + "A" * 43 + " extra", "接口令牌格式不正确。"),
        ("Bearer zc_" + "A" * 43, "接口令牌无效。"),
        ("Basic dXNlcjpwYXNz", "认证方式不正确，请在 Authorization 头中使用 Bearer 接口令牌。"),
        ("zc_" + "A" * 43, "认证方式不正确，请在 Authorization 头中使用 Bearer 接口令牌。"),
    ],
)
def test_it_refuses_malformed_and_unknown_tokens_and_audits_them(
    client: Client, token: str, header: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = client.get(APPS, headers={"Authorization": header})
    assert response.status_code == 401
    assert body(response) == {"detail": message}
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert refusals() == [("", "未知的接口令牌", message, "127.0.0.1")]
    credential = header.partition(" ")[2].strip() or header
    assert credential not in str(refusals())


def test_a_revoked_token_is_refused_from_the_next_request(
    client: Client, hr_admin: User, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert client.get(APPS, headers=bearer(token)).status_code == 200
    row = actions.revoke_token(hr_admin, ApiToken.objects.get().pk)
    response = client.get(APPS, headers=bearer(token))
    assert response.status_code == 401
    assert body(response) == {"detail": "接口令牌已被撤销。"}
    assert refusals() == [
        (
            f"接口令牌 #{row.pk}",
            f"接口令牌 #{row.pk}「人事管理系统」 乌鲁木齐市评审委员会",
            "接口令牌已被撤销。",
            "127.0.0.1",
        )
    ]
    assert_nowhere(token, caplog)


def test_an_expired_token_is_refused(client: Client, token: str) -> None:
    row = ApiToken.objects.get()
    # Valid through its last day (Beijing time); refused from the first second after it.
    with freeze_time(row.expires_at - timedelta(seconds=1)):
        assert client.get(APPS, headers=bearer(token)).status_code == 200
    with freeze_time(row.expires_at):
        response = client.get(APPS, headers=bearer(token))
    assert response.status_code == 401
    assert body(response) == {"detail": "接口令牌已过期。"}
    assert [r[2] for r in refusals()] == ["接口令牌已过期。"]


def test_a_token_without_the_scope_is_refused_with_403_and_audited(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    made = make_token(hr_admin, committee, [Scope.RESULTS])
    response = client.get(APPS, headers=bearer(made.secret))
    assert response.status_code == 403
    assert body(response) == {"detail": "该接口令牌没有访问此接口的权限。"}
    assert [r[2] for r in refusals()] == ["该接口令牌没有访问此接口的权限。"]


def test_requests_are_limited_per_token(
    client: Client, hr_admin: User, committee: ReviewCommittee, token: str
) -> None:
    other = make_token(hr_admin, committee, name="电子证照库").secret
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api-token": "3/10m"}):
        for _ in range(3):
            assert client.get(APPS, headers=bearer(token)).status_code == 200
        over = client.get(APPS, headers=bearer(token))
        # The same token from another address is still the same token.
        elsewhere = client.get(APPS, headers=bearer(token), REMOTE_ADDR="10.1.1.1")
        assert client.get(APPS, headers=bearer(other)).status_code == 200
    assert over.status_code == elsewhere.status_code == 429
    assert body(over) == {"detail": "该接口令牌请求过于频繁，请 10 分钟后再试。"}
    assert over["Retry-After"] == "600"
    assert [r[2] for r in refusals()] == ["该接口令牌请求过于频繁，请 10 分钟后再试。"] * 2


def test_refused_tokens_are_limited_per_address(client: Client, token: str) -> None:
    wrong = bearer("zc_" + "B" * 43)
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api-token-refused": "2/10m"}):
        assert client.get(APPS, headers=wrong).status_code == 401
        assert client.get(APPS, headers=wrong).status_code == 401
        over = client.get(APPS, headers=wrong)
        # A good token still works from that address; another address may still fail normally.
        assert client.get(APPS, headers=bearer(token)).status_code == 200
        assert client.get(APPS, headers=wrong, REMOTE_ADDR="10.2.2.2").status_code == 401
    assert over.status_code == 429
    assert body(over) == {"detail": "接口令牌验证失败次数过多，请 10 分钟后再试。"}
    assert len(refusals()) == 4


def test_its_use_is_noted_at_most_every_few_minutes(client: Client, token: str) -> None:
    client.get(APPS, headers=bearer(token))
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get(APPS, headers=bearer(token))
    assert ApiToken.objects.get().last_used_at == first
    with freeze_time(timezone.now() + actions.USE_MARK_INTERVAL + timedelta(seconds=1)):
        client.get(APPS, headers=bearer(token))
    later = ApiToken.objects.get().last_used_at
    assert later is not None and later > first


def test_a_session_is_no_way_into_the_committee_endpoints(
    client: Client, committee_staff: User
) -> None:
    client.force_login(committee_staff)
    response = client.get(APPS)
    assert response.status_code == 401
