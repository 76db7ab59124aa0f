"""Sign-in success, failure and lockout, sign-out and password change in the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.tests.helpers import IP, every_value, facts, only
from conftest import APPLICANT_ID, PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
A = AuditEvent.Action


def sign_in(client: Client, login: str, password: str = PASSWORD) -> Any:
    return client.post(
        LOGIN, {"region": "650000", "username": login, "password": password}, REMOTE_ADDR=IP
    )


def test_a_sign_in_is_recorded_with_role_region_and_address(
    client: Client, unit_admin: User
) -> None:
    assert sign_in(client, "unit_a_admin").status_code == 302
    row = only(A.LOGIN)
    assert facts(row) == {
        "actor": unit_admin.pk,
        "actor_name": "unit_a_admin",
        "role": "unit_admin",
        "action": "login",
        "target": "unit_a_admin",
        "result": "ok",
        "ip": IP,
    }
    assert row.region is not None and row.region.name == "乌鲁木齐市"
    assert row.at >= timezone.now() - timedelta(minutes=1)


def test_a_failed_sign_in_keeps_the_typed_name_but_never_the_password(
    client: Client, applicant: User
) -> None:
    sign_in(client, APPLICANT_ID, "Secret@Wrong1")  # the ID number typed as the login name
    row = only(A.LOGIN_FAILED)
    assert facts(row) == {
        "actor": applicant.pk,  # the account the name refers to
        "actor_name": "6501**********1239",  # masked
        "role": "applicant",
        "action": "login_failed",
        "target": "zhangsan",
        "result": "failed",
        "ip": IP,
    }
    assert row.detail == "用户名或密码错误"
    assert "Secret@Wrong1" not in every_value() and APPLICANT_ID not in every_value()


def test_a_failed_sign_in_with_an_unknown_name_names_no_account(
    client: Client, regions: Any
) -> None:
    sign_in(client, "nobody_here", "Secret@Wrong1")
    row = only(A.LOGIN_FAILED)
    assert (row.actor_id, row.actor_name, row.role, row.target) == (None, "nobody_here", "", "")
    assert row.detail == "没有与登录名相符的账号" and row.ip_address == IP


def test_a_lockout_is_recorded_and_the_rows_stay_after_a_later_sign_in(
    client: Client, applicant: User
) -> None:
    for _ in range(5):
        sign_in(client, "zhangsan", "Wrong@2026")
    lock = only(A.LOCKOUT)
    assert facts(lock) == {
        "actor": applicant.pk,
        "actor_name": "zhangsan",
        "role": "applicant",
        "action": "lockout",
        "target": "zhangsan",
        "result": "refused",
        "ip": IP,
    }
    assert lock.detail == "连续 5 次登录失败，账号锁定 15 分钟"
    assert AuditEvent.objects.filter(action=A.LOGIN_FAILED).count() == 5
    # The right password while locked is refused, and that attempt is recorded as well.
    assert sign_in(client, "zhangsan").status_code == 429
    assert AuditEvent.objects.filter(action=A.LOGIN_FAILED).count() == 6
    assert AuditEvent.objects.filter(action=A.LOCKOUT).count() == 2
    # After the cool-off the account signs in; axes forgets its failures, the audit does not.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "zhangsan").status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action=A.LOGIN_FAILED).count() == 6
    assert AuditEvent.objects.filter(action=A.LOCKOUT).count() == 2
    assert only(A.LOGIN).actor == applicant


def test_a_sign_out_is_recorded(client: Client, applicant: User) -> None:
    sign_in(client, "zhangsan")
    client.post(reverse("accounts:logout"), REMOTE_ADDR=IP)
    row = only(A.LOGOUT)
    assert (row.actor, row.actor_name, row.role, row.result, row.ip_address) == (
        applicant,
        "zhangsan",
        "applicant",
        "ok",
        IP,
    )


def test_a_password_change_is_recorded_and_a_wrong_old_password_too(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {
            "old_password": "NotMine@2026",
            "new_password1": "Tianshan@2027",
            "new_password2": "Tianshan@2027",
        },
        REMOTE_ADDR=IP,
    )
    assert wrong.status_code == 200
    failed = only(A.PASSWORD_CHANGED, result="failed")
    assert (failed.actor, failed.target, failed.detail, failed.ip_address) == (
        applicant,
        "zhangsan",
        "原密码不正确",
        IP,
    )
    done = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Tianshan@2027",
            "new_password2": "Tianshan@2027",
        },
        REMOTE_ADDR=IP,
    )
    assert done.status_code == 302
    row = only(A.PASSWORD_CHANGED, result="ok")
    assert facts(row) == {
        "actor": applicant.pk,
        "actor_name": "zhangsan",
        "role": "applicant",
        "action": "password_changed",
        "target": "zhangsan",
        "result": "ok",
        "ip": IP,
    }
    values = every_value()
    assert "Tianshan@2027" not in values and "NotMine@2026" not in values
    assert PASSWORD not in values
