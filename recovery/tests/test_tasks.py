"""Recovery messages are sent by tasks that make their own secrets and send once per event."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from recovery import actions, tasks, tokens
from recovery.models import Appeal, RecoveryCode, ResetGrant
from recovery.tests.test_appeals import person_fields

pytestmark = pytest.mark.django_db


def test_a_code_task_delivered_twice_sends_one_code(
    applicant: User, sms: list, commit: Any
) -> None:
    with commit():
        code_id = actions.request_sms_code("13800000001")
    digest = RecoveryCode.objects.get(pk=code_id).code_hash
    tasks.send_recovery_code.call(code_id)
    assert len(sms) == 1
    assert RecoveryCode.objects.get(pk=code_id).code_hash == digest


def test_a_code_row_without_an_account_sends_nothing(sms: list, commit: Any) -> None:
    with commit():
        code_id = actions.request_sms_code("13800000099")
    assert sms == [] and RecoveryCode.objects.get(pk=code_id).code_hash == ""


def test_a_late_task_for_a_replaced_code_sends_nothing(applicant: User, sms: list) -> None:
    first = actions.request_sms_code("13800000001")  # its task has not run yet
    actions.request_sms_code("13800000001")  # a newer request closes the first code
    tasks.send_recovery_code.call(first)
    assert sms == []


def test_a_link_task_delivered_twice_mails_one_link(applicant: User, commit: Any) -> None:
    with commit():
        actions.request_email_link("zhangsan@example.cn", "http://testserver/")
    grant = ResetGrant.objects.get()
    tasks.send_email_link.call(grant.pk, "http://testserver/")
    assert len(mail.outbox) == 1


def test_a_link_is_useless_until_its_task_has_run(client: Client, applicant: User) -> None:
    actions.request_email_link("zhangsan@example.cn", "http://testserver/")  # not committed
    grant = ResetGrant.objects.get()
    assert grant.token_hash == ""
    guessed = tokens.sign(grant.pk, "")
    assert client.get(reverse("recovery:reset", args=[guessed])).status_code == 410


def test_a_decision_task_delivered_twice_sends_once(
    applicant: User, hr_admin: User, sms: list, commit: Any
) -> None:
    Client().post(reverse("recovery:appeal"), person_fields())
    appeal = Appeal.objects.get()
    with commit():
        actions.reject_appeal(appeal.pk, hr_admin, "证件照片不清晰")
    tasks.send_appeal_decision.call(appeal.pk, "")
    assert len(sms) == 1 and "证件照片不清晰" in sms[0][1]
    assert Appeal.objects.get().notified_at is not None
