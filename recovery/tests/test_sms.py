"""Choosing the SMS sender from the environment; the development senders refuse production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from accounts.models import User
from recovery import sms
from recovery.models import RecoveryCode
from recovery.tasks import send_recovery_code
from recovery.tests.conftest import Gateway, code_in

BASE_DIR = Path(django_settings.BASE_DIR)


def check_ids() -> list[str]:
    return [message.id for message in run_checks() if message.id and "recovery" in message.id]


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("http", sms.HttpSmsSender),
        ("file", sms.FileSmsSender),
        ("console", sms.ConsoleSmsSender),
        ("locmem", sms.LocmemSmsSender),
        ("LOCMEM", sms.LocmemSmsSender),
        ("recovery.sms.FileSmsSender", sms.FileSmsSender),
    ],
)
def test_the_backend_is_a_short_name_or_a_dotted_path(settings: Any, name: str, cls: type) -> None:
    settings.SMS_BACKEND = name
    assert sms.backend_class() is cls


@pytest.mark.parametrize("name", ["file", "console", "locmem"])
def test_a_development_sender_refuses_to_start_with_debug_off(settings: Any, name: str) -> None:
    settings.DEBUG = False
    settings.SMS_ALLOW_DEV_BACKEND = False
    settings.SMS_BACKEND = name
    assert check_ids() == ["recovery.E001"]
    with pytest.raises(ImproperlyConfigured, match="SMS_BACKEND"):
        sms.send_sms("13800000001", "验证码 123456")


def test_a_development_sender_may_be_allowed_explicitly(settings: Any, tmp_path: Path) -> None:
    settings.DEBUG = False
    settings.SMS_ALLOW_DEV_BACKEND = True
    settings.SMS_BACKEND = "file"
    settings.SMS_OUTBOX_PATH = tmp_path / "outbox.log"
    assert check_ids() == []
    sms.send_sms("13800000001", "验证码 123456")
    assert "验证码 123456" in (tmp_path / "outbox.log").read_text(encoding="utf-8")


def test_with_debug_on_the_development_sender_is_fine(settings: Any) -> None:
    settings.DEBUG = True
    settings.SMS_ALLOW_DEV_BACKEND = False
    settings.SMS_BACKEND = "file"
    assert check_ids() == []


def test_an_unknown_backend_is_refused_at_startup(settings: Any) -> None:
    settings.SMS_BACKEND = "recovery.sms.NoSuchSender"
    assert check_ids() == ["recovery.E002"]


def test_the_http_sender_needs_its_address_and_key(settings: Any) -> None:
    settings.DEBUG = False
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = ""
    settings.SMS_HTTP_KEY = ""
    assert check_ids() == ["recovery.E003"]
    settings.SMS_HTTP_URL = "ftp://gateway.example.cn/"
    settings.SMS_HTTP_KEY = "k"
    assert check_ids() == ["recovery.E003"]
    settings.SMS_HTTP_URL = "https://gateway.example.cn/send"
    assert check_ids() == []


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMS_", "DJANGO_SETTINGS"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "zhicheng.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "DATABASE_URL": "sqlite:///:memory:"}


def test_check_deploy_fails_with_the_file_sender_and_debug_off() -> None:
    result = _manage("check", "--deploy", env={**PRODUCTION, "SMS_BACKEND": "file"})
    assert result.returncode != 0
    assert "recovery.E001" in result.stderr + result.stdout


def test_check_deploy_has_no_sms_error_with_the_http_gateway() -> None:
    gateway = {
        "SMS_BACKEND": "http",
        "SMS_HTTP_URL": "https://gateway.example.cn/send",
        "SMS_HTTP_KEY": "k",
    }
    result = _manage("check", "--deploy", env={**PRODUCTION, **gateway})
    assert "recovery.E0" not in result.stderr + result.stdout


# --- the HTTP gateway sender ------------------------------------------------------------------


def test_the_http_sender_posts_json_with_its_key(gateway: Gateway) -> None:
    sms.send_sms("13800000001", "【新疆职称管理平台】验证码 123456")
    (request,) = gateway.received
    assert request["path"] == "/send"
    assert request["headers"]["Authorization"] == "Bearer test-gateway-key"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["body"] == {"mobile": "13800000001", "text": "【新疆职称管理平台】验证码 123456"}


def test_a_refusing_gateway_raises_without_the_text(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    gateway.status = 503
    with pytest.raises(sms.SmsError) as raised:
        sms.send_sms("13800000001", "验证码 123456")
    assert "503" in str(raised.value) and "123456" not in str(raised.value)
    assert "123456" not in caplog.text and "13800000001" not in caplog.text


def test_an_unreachable_gateway_raises_without_the_text(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/send"  # the discard port: nothing listens
    settings.SMS_HTTP_KEY = "k"
    with pytest.raises(sms.SmsError) as raised:
        sms.send_sms("13800000001", "验证码 123456")
    assert "123456" not in str(raised.value) and "123456" not in caplog.text


@pytest.mark.django_db
def test_a_recovery_code_goes_through_the_gateway(
    client: Client, applicant: User, gateway: Gateway, commit: Any
) -> None:
    with commit():
        client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    (text,) = gateway.texts()
    response = client.post(reverse("recovery:mobile_verify"), {"code": code_in(text)})
    assert response.status_code == 302 and "/recovery/reset/" in response["Location"]


@pytest.mark.django_db
def test_a_failed_send_leaves_no_code_behind(
    client: Client, applicant: User, gateway: Gateway, commit: Any
) -> None:
    gateway.status = 500
    with commit():
        client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    row = RecoveryCode.objects.get()
    assert row.code_hash == ""  # rolled back: a retry of the task makes and sends a new code
    gateway.status = 200
    send_recovery_code.call(row.pk)
    row.refresh_from_db()
    assert len(row.code_hash) == 64 and len(gateway.texts()) == 2
