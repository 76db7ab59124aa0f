"""方式一: a 6-digit code to the registered mobile."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import PASSWORD
from recovery.models import RecoveryCode, ResetGrant
from recovery.sms import FileSmsSender
from recovery.tests.conftest import NEW_PASSWORD, code_in, signs_in

MOBILE_URL = reverse("recovery:mobile")
VERIFY_URL = reverse("recovery:mobile_verify")

pytestmark = pytest.mark.django_db


def ask_code(client: Client, commit, mobile: str = "13800000001"):
    with commit():
        return client.post(MOBILE_URL, {"mobile": mobile})


def test_it_sends_a_code_shows_the_username_and_sets_a_password(
    client: Client, applicant: User, sms, commit
) -> None:
    response = ask_code(client, commit)
    assert response.status_code == 302 and response["Location"] == VERIFY_URL
    assert [m for m, _ in sms] == ["13800000001"]
    code = code_in(sms[0][1])

    response = client.post(VERIFY_URL, {"code": code})
    assert response.status_code == 302
    reset_url = response["Location"]
    page = client.get(reset_url)
    assert "zhangsan" in page.content.decode()

    done = client.post(reset_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert "密码已重置" in done.content.decode() and "zhangsan" in done.content.decode()
    assert signs_in("zhangsan", NEW_PASSWORD)
    assert not signs_in("zhangsan", PASSWORD)
    row = RecoveryCode.objects.get()
    assert row.used_at is not None and row.user == applicant
    assert ResetGrant.objects.get().used_at is not None


def test_it_stores_only_a_digest_of_the_code(client: Client, applicant: User, sms, commit) -> None:
    ask_code(client, commit)
    code = code_in(sms[0][1])
    row = RecoveryCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == timedelta(minutes=10)


def test_an_expired_code_is_refused(client: Client, applicant: User, sms, commit) -> None:
    ask_code(client, commit)
    RecoveryCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(VERIFY_URL, {"code": code_in(sms[0][1])})
    assert response.status_code == 200
    assert "验证码已失效" in response.content.decode()
    assert not ResetGrant.objects.exists()


def test_a_used_code_is_refused(client: Client, applicant: User, sms, commit) -> None:
    ask_code(client, commit)
    code = code_in(sms[0][1])
    code_id = client.session["recovery_code"]
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    # The same code again, as if the form had been sent twice.
    session = client.session
    session["recovery_code"] = code_id
    session.save()
    response = client.post(VERIFY_URL, {"code": code})
    assert "验证码已失效" in response.content.decode()
    assert ResetGrant.objects.count() == 1


def test_five_wrong_codes_close_the_code(client: Client, applicant: User, sms, commit) -> None:
    ask_code(client, commit)
    code = code_in(sms[0][1])
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = client.post(VERIFY_URL, {"code": wrong})
        assert f"还可以再试 {left} 次" in response.content.decode()
    response = client.post(VERIFY_URL, {"code": wrong})
    assert "错误次数过多" in response.content.decode()
    response = client.post(VERIFY_URL, {"code": code})  # now even the right one is refused
    assert "验证码已失效" in response.content.decode()
    row = RecoveryCode.objects.get()
    assert row.attempts == 5 and row.invalidated_at is not None
    assert not ResetGrant.objects.exists()


def test_a_new_code_closes_the_old_one(client: Client, applicant: User, sms, commit) -> None:
    ask_code(client, commit)
    ask_code(client, commit)
    first, second = RecoveryCode.objects.order_by("pk")
    assert first.invalidated_at is not None and second.is_open()


def test_a_malformed_code_is_refused_beside_the_field(
    client: Client, applicant: User, commit
) -> None:
    ask_code(client, commit)
    response = client.post(VERIFY_URL, {"code": "12ab"})
    assert "验证码为 6 位数字" in response.content.decode()
    assert RecoveryCode.objects.get().attempts == 0


def test_a_bad_mobile_is_refused(client: Client, sms, commit) -> None:
    response = ask_code(client, commit, "1380000")
    assert "请输入 11 位手机号码" in response.content.decode()
    assert not RecoveryCode.objects.exists() and sms == []


def test_verify_without_a_code_goes_back_to_the_start(client: Client) -> None:
    response = client.get(VERIFY_URL)
    assert response.status_code == 302 and response["Location"] == MOBILE_URL


def test_the_page_says_where_demo_messages_go(client: Client, settings) -> None:
    settings.SMS_BACKEND = "file"
    assert "var/sms-outbox.log" in client.get(MOBILE_URL).content.decode()


def test_the_file_sender_appends_to_its_file(tmp_path: Path) -> None:
    path = tmp_path / "sms.log"
    FileSmsSender(path).send("13800000001", "验证码 123456")
    FileSmsSender(path).send("13800000002", "验证码 654321")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0].endswith("13800000001\t验证码 123456")
