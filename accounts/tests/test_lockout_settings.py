"""The lockout cool-off, its failure count and the idle time come from settings (issue 8 §11)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY as LAST_SEEN
from accounts.models import User
from accounts.tests.test_login import URL, sign_in

BASE_DIR = Path(settings.BASE_DIR)


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=2))
def test_a_shortened_cooloff_takes_effect(client: Client, applicant: User) -> None:
    wrong = sign_in(client, "zhangsan", "Wrong@2026").content.decode()
    assert "连续输错 3 次账号将被锁定 2 分钟" in wrong
    for _ in range(2):
        sign_in(client, "zhangsan", "Wrong@2026")
    locked = sign_in(client, "zhangsan")  # the right password, but locked after 3
    assert locked.status_code == 429
    assert "已被锁定 2 分钟。请 2 分钟后再试" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Three minutes later (not fifteen) the account signs in again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=3))
    assert sign_in(client, "zhangsan").status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=2))
def test_the_account_is_still_locked_inside_a_shortened_cooloff(
    client: Client, applicant: User
) -> None:
    for _ in range(5):
        sign_in(client, "zhangsan", "Wrong@2026")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=1))
    assert sign_in(client, "zhangsan").status_code == 429


@override_settings(SESSION_IDLE_SECONDS=5 * 60, SESSION_COOKIE_AGE=5 * 60)
def test_a_shortened_idle_time_ends_the_session(client: Client, applicant: User) -> None:
    sign_in(client, "zhangsan")
    session = client.session
    session[LAST_SEEN] = [time.time() - 6 * 60, time.time() - 6 * 60]
    session.save()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and URL in response["Location"]
    assert "您已 5 分钟未操作" in client.get(response["Location"]).content.decode()


def _settings_from(env: dict[str, str]) -> str:
    """zhicheng.settings loaded in a fresh interpreter with `env`; prints the lockout values."""
    code = (
        "import zhicheng.settings as s;"
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()),"
        " s.SESSION_IDLE_SECONDS, s.SESSION_COOKIE_AGE)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LOCKOUT_", "SESSION_"))}
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "ALLOW_INSECURE_SECRET": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_defaults_are_five_failures_fifteen_and_thirty_minutes() -> None:
    assert _settings_from({}) == "5 900 1800 1800"


def test_operators_set_them_from_the_environment() -> None:
    env = {
        "LOCKOUT_FAILURE_LIMIT": "8",
        "LOCKOUT_COOLOFF_MINUTES": "2",
        "SESSION_IDLE_MINUTES": "10",
    }
    assert _settings_from(env) == "8 120 600 600"
