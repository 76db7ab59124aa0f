"""The demo staff accounts' second factor: published with the demo logins in DEBUG only,
and usable through the real sign-in pages."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from conftest import totp_code
from portal.demo import PASSWORD
from portal.demo_two_factor import DEMO_RECOVERY_CODES, DEMO_TOTP_SECRET, demo_key

pytestmark = [pytest.mark.django_db, pytest.mark.real_otp]


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(settings: Any, debug: bool) -> str:
    settings.DEBUG = debug
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def sign_in(client: Client, username: str, code: str) -> Any:
    client.post(
        reverse("accounts:login"),
        {"region": "650000", "username": username, "password": PASSWORD},
    )
    return client.post(reverse("accounts:login_verify"), {"code": code})


def test_in_debug_the_demo_staff_get_the_published_second_factor(settings: Any) -> None:
    output = load(settings, debug=True)
    assert "DEMO TOTP DEMO TOTP DEMO TOTP DEMO TOTP" in output
    assert "demo_dept、demo_committee、demo_hr 登录时需要" in output
    assert all(code in output for code in DEMO_RECOVERY_CODES)
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user")
    assert {d.user.username for d in devices} == {"demo_dept", "demo_committee", "demo_hr"}
    assert {d.key for d in devices} == {demo_key()}

    client = Client()
    response = sign_in(client, "demo_dept", totp_code(devices[0]))
    assert response["Location"] == reverse("accounts:home")
    assert "审核部门管理员" in client.get(reverse("accounts:home")).content.decode()
    other = Client()
    sign_in(other, "demo_hr", DEMO_RECOVERY_CODES[0])
    assert other.get(reverse("accounts:home")).status_code == 200

    load(settings, debug=True)  # loading again restores the used code, keeps the devices
    assert TOTPDevice.objects.filter(confirmed=True).count() == 3
    hr = User.objects.get(username="demo_hr")
    assert StaticToken.objects.filter(device__user=hr).count() == len(DEMO_RECOVERY_CODES)


def test_outside_debug_no_secret_is_published_or_set(settings: Any) -> None:
    output = load(settings, debug=False)
    assert DEMO_TOTP_SECRET not in output and "demo0-code0" not in output
    assert not TOTPDevice.objects.exists()
