"""系统设置 → 接口令牌: hr_admin makes a token for a committee of their region (shown once,
stored hashed), sees the list, revokes; every creation and revocation is audited."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta
from html import escape
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from api import actions
from api.models import ApiToken, Scope
from api.tests.conftest import API, bearer, make_token
from audit.models import AuditEvent
from conftest import make_user
from orgs.models import Region, ReviewCommittee
from testing.pages import signed_in

pytestmark = pytest.mark.django_db

LIST = reverse("api_tokens:list")
NEW = reverse("api_tokens:create")
SECRET = re.compile(r'<code class="api-secret" id="api-token-secret">(zc_[A-Za-z0-9_-]{43})</code>')


def text(response: Any) -> str:
    return response.content.decode()


def form(on: ReviewCommittee, **changes: Any) -> dict[str, Any]:
    data = {
        "committee": on.pk,
        "name": "自治区人事管理系统（王工）",
        "scopes": [Scope.APPLICATIONS, Scope.RESULTS],
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.fixture
def urumqi_admin(regions: dict[str, Region]) -> User:
    return make_user(
        "hr_urumqi", Role.HR_ADMIN, real_name="乌鲁木齐人社", admin_region=regions["urumqi"]
    )


def test_hr_admin_makes_a_token_that_is_shown_once_and_stored_hashed(
    client: Client, hr_admin: User, committee: ReviewCommittee, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    signed_in(client, hr_admin)
    page = client.get(NEW)
    assert "新建接口令牌" in text(page) and "乌鲁木齐市评审委员会" in text(page)
    response = client.post(NEW, form(committee))
    html = text(response)
    assert response.status_code == 200
    assert "接口令牌已创建" in html and "离开本页后，任何人（包括您）都无法再次查看它" in html
    assert "no-store" in response["Cache-Control"]
    match = SECRET.search(html)
    assert match, html
    secret = match.group(1)
    row = ApiToken.objects.get()
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert (row.committee, row.name, row.scopes, row.created_by) == (
        committee,
        "自治区人事管理系统（王工）",
        ["applications:read", "results:read"],
        hr_admin,
    )
    assert timezone.localtime(row.expires_at).date() == timezone.localdate() + timedelta(days=91)
    assert row.last_day == timezone.localdate() + timedelta(days=90)
    assert f"{row.last_day:%Y/%m/%d}（含当天）" in html
    event = AuditEvent.objects.get(action=AuditEvent.Action.API_TOKEN)
    assert (event.actor, event.result) == (hr_admin, "ok")
    assert event.target == f"接口令牌 #{row.pk}「自治区人事管理系统（王工）」 乌鲁木齐市评审委员会"
    assert "创建接口令牌" in event.detail and "申请书办理状态" in event.detail
    assert secret not in event.detail + event.target
    assert secret not in caplog.text
    # It works, and the list never shows it again.
    client.logout()
    assert client.get(f"{API}/committee/applications", headers=bearer(secret)).status_code == 200
    listing = text(signed_in(client, hr_admin).get(LIST))
    assert "自治区人事管理系统（王工）" in listing and "有效" in listing
    assert secret not in listing and row.digest not in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"scopes": []}, "scopes", "请选择权限。"),
        ({"scopes": ["everything:write"]}, "scopes", "权限选择不正确。"),
        ({"name": "   "}, "name", "请填写用途。"),
        ({"name": "<b>系统</b>"}, "name", "用途不能包含 < 或 > 等符号。"),
        ({"name": "系统\u202e"}, "name", "用途中含有不可见的控制字符，请重新输入。"),
        ({"name": "长" * 101}, "name", "101"),
        ({"expires_on": "2026-13-40"}, "expires_on", "请输入正确的日期，如 2026-12-31。"),
        ({"expires_on": "2000-01-01"}, "expires_on", "有效期须晚于今天。"),
        ({"committee": "999999"}, "committee", "请选择您管理范围内的评审委员会。"),
    ],
)
def test_it_refuses_bad_input_beside_the_field_keeping_what_was_typed(
    client: Client,
    hr_admin: User,
    committee: ReviewCommittee,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = signed_in(client, hr_admin).post(NEW, form(committee, **changes))
    html = text(response)
    assert response.status_code == 200
    # The field's block: from its wrapper to the next field (checkbox lists nest their own divs).
    block = re.search(
        rf'<div class="field has-error[^"]*" id="field-{field}">(.*?)(id="field-|</form>)',
        html,
        re.S,
    )
    assert block and escape(message) in block.group(1), html
    assert "自治区人事管理系统（王工）" in html or field == "name"
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.API_TOKEN).exists()


def test_an_expiry_more_than_a_year_ahead_is_refused(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    late = (timezone.localdate() + timedelta(days=actions.MAX_DAYS + 1)).isoformat()
    response = signed_in(client, hr_admin).post(NEW, form(committee, expires_on=late))
    assert "有效期最长一年，请选择 366 天以内的日期。" in text(response)
    assert not ApiToken.objects.exists()


def test_a_prefecture_admin_works_only_with_their_committees(
    client: Client,
    urumqi_admin: User,
    hr_admin: User,
    committee: ReviewCommittee,
    other_committee: ReviewCommittee,
) -> None:
    kashgar = make_token(hr_admin, other_committee, name="喀什对接").token
    signed_in(client, urumqi_admin)
    page = text(client.get(NEW))
    assert "乌鲁木齐市评审委员会" in page and "喀什地区评审委员会" not in page
    refused = client.post(NEW, form(other_committee))
    assert "请选择您管理范围内的评审委员会。" in text(refused)
    assert "喀什对接" not in text(client.get(LIST))
    assert client.post(reverse("api_tokens:revoke", args=[kashgar.pk])).status_code == 404
    kashgar.refresh_from_db()
    assert kashgar.revoked_at is None
    with pytest.raises(Http404):
        actions.create_token(
            urumqi_admin,
            committee_id=other_committee.pk,
            name="越权",
            scopes=[Scope.APPLICATIONS],
            expires_on=timezone.localdate() + timedelta(days=5),
        )
    assert client.post(NEW, form(committee)).status_code == 200
    assert ApiToken.objects.filter(committee=committee, created_by=urumqi_admin).exists()


@pytest.mark.parametrize("who", ["applicant", "committee_staff", "unit_admin"])
def test_other_roles_cannot_open_the_token_pages(
    client: Client, who: str, request: pytest.FixtureRequest, committee: ReviewCommittee
) -> None:
    signed_in(client, request.getfixturevalue(who))
    for url in (LIST, NEW):
        assert client.get(url).status_code == 403
    assert client.post(NEW, form(committee)).status_code == 403
    assert not ApiToken.objects.exists()


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_hr_admin_revokes_a_token_once(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    made = make_token(hr_admin, committee)
    url = reverse("api_tokens:revoke", args=[made.token.pk])
    signed_in(client, hr_admin)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert f"已撤销接口令牌 #{made.token.pk}「人事管理系统」。" in text(response)
    assert "已撤销" in text(response)
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None and made.token.revoked_by == hr_admin
    again = client.post(url, follow=True)
    assert "该接口令牌已于" in text(again) and "撤销。" in text(again)
    rows = AuditEvent.objects.filter(action=AuditEvent.Action.API_TOKEN).order_by("id")
    assert [(r.detail, r.result) for r in rows][1:] == [("撤销接口令牌", "ok")]
    client.logout()
    assert (
        client.get(f"{API}/committee/applications", headers=bearer(made.secret)).status_code == 401
    )


def test_the_list_tells_valid_expired_and_revoked_apart(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    valid = make_token(hr_admin, committee, name="有效的令牌").token
    expired = make_token(hr_admin, committee, name="过期的令牌").token
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked = actions.revoke_token(
        hr_admin, make_token(hr_admin, committee, name="撤销的令牌").token.pk
    )
    html = text(signed_in(client, hr_admin).get(LIST))

    def row(pk: int) -> str:
        match = re.search(rf'<tr id="token-{pk}">.*?</tr>', html, re.S)
        assert match
        return match.group(0)

    assert "tag-ok" in row(valid.pk) and "撤销" in row(valid.pk)
    assert "已过期" in row(expired.pk)
    assert "已撤销" in row(revoked.pk) and "<button" not in row(revoked.pk)


def test_the_settings_index_links_the_token_pages(client: Client, hr_admin: User) -> None:
    html = text(signed_in(client, hr_admin).get(reverse("sysadmin:index")))
    assert f'href="{LIST}"' in html and "接口令牌" in html
