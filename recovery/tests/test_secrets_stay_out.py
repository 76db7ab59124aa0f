"""No code, token or password reaches a log line, a file or the task queue (production-like).

DEBUG off, SMS through the HTTP gateway sender, every logger captured at DEBUG level, every
task enqueued recorded: an SMS recovery, an e-mail recovery and an appeal approval each end
with a password reset, and none of their secrets appears anywhere but the message itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks.signals import task_enqueued

from accounts.models import User
from recovery import actions
from recovery.models import Appeal
from recovery.tests.conftest import NEW_PASSWORD, Gateway, code_in, link_in, signs_in
from recovery.tests.test_appeals import person_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings: Any, tmp_path: Path, gateway: Gateway) -> Path:
    settings.DEBUG = False
    settings.SMS_ALLOW_DEV_BACKEND = False
    outbox = tmp_path / "sms-outbox.log"
    settings.SMS_OUTBOX_PATH = outbox
    return outbox


@pytest.fixture
def enqueued() -> Iterator[list[str]]:
    """repr() of the arguments of every task enqueued, as a queue would store them."""
    seen: list[str] = []

    def keep(sender: Any, task_result: Any, **kwargs: Any) -> None:
        seen.append(repr((task_result.task.name, task_result.args, task_result.kwargs)))

    task_enqueued.connect(keep, dispatch_uid="test-secrets-enqueued")
    yield seen
    task_enqueued.disconnect(dispatch_uid="test-secrets-enqueued")


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def assert_nowhere(secrets: list[str], logs: Any, enqueued: list[str], outbox: Path) -> None:
    everything = logs.text + "\n".join(r.getMessage() for r in logs.records)
    for secret in secrets:
        assert secret not in everything
        assert not any(secret in args for args in enqueued)
    assert not outbox.exists()


def reset(client: Client, link: str) -> None:
    done = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert "密码已重置" in done.content.decode()


def test_sms_recovery_logs_no_code_or_token(
    applicant: User, production: Path, gateway: Gateway, logs: Any, enqueued: list[str], commit: Any
) -> None:
    client = Client()
    with commit():
        client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    code = code_in(gateway.texts()[0])
    link = client.post(reverse("recovery:mobile_verify"), {"code": code})["Location"]
    assert "zhangsan" in client.get(link).content.decode()
    reset(client, link)
    assert signs_in("zhangsan", NEW_PASSWORD)
    assert "recovery code sent" in logs.text and enqueued  # the logs and the queue were seen
    assert_nowhere([code, token_of(link), NEW_PASSWORD], logs, enqueued, production)


def test_email_recovery_logs_no_token(
    applicant: User, production: Path, logs: Any, enqueued: list[str], commit: Any
) -> None:
    client = Client()
    with commit():
        client.post(reverse("recovery:email"), {"email": "zhangsan@example.cn"})
    link = link_in(str(mail.outbox[0].body))
    reset(client, link)
    assert signs_in("zhangsan", NEW_PASSWORD)
    assert "recovery e-mail sent" in logs.text
    assert_nowhere([token_of(link), NEW_PASSWORD], logs, enqueued, production)


def test_an_approved_appeal_logs_no_token(
    applicant: User,
    hr_admin: User,
    production: Path,
    gateway: Gateway,
    logs: Any,
    enqueued: list[str],
    commit: Any,
) -> None:
    Client().post(reverse("recovery:appeal"), person_fields())
    appeal = Appeal.objects.get()
    with commit():
        actions.approve_appeal(appeal.pk, hr_admin, "http://testserver/")
    link = link_in(gateway.texts()[0])
    assert link == link_in(str(mail.outbox[0].body))
    reset(Client(), link)
    assert "appeal decision sent" in logs.text
    assert_nowhere([token_of(link), NEW_PASSWORD], logs, enqueued, production)
