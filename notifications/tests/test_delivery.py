"""deliver_notice: the fan-out of one notice on a worker — retried with backoff, never twice.

Tests run tasks with the immediate backend (a retry runs again at once); the test of the
backoff itself uses the database backend, which defers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from lib.requestctx import get_request_id, set_request_id
from notifications.actions import notify
from notifications.models import Delivery, Message, Notice
from notifications.tasks import deliver, resend_stalled_notices

pytestmark = pytest.mark.django_db

SEEN_REQUEST_IDS: list[str | None] = []


class RecordingBackend(LocmemBackend):
    """The locmem backend, noting the request id each mail was sent under."""

    def send_messages(self, messages: Any) -> int:
        SEEN_REQUEST_IDS.append(get_request_id())
        return super().send_messages(messages)


class RefusesLisi(LocmemBackend):
    """A mail server that refuses one address (lisi's) and takes the others."""

    def send_messages(self, messages: Any) -> int:
        if any("lisi@" in to for m in messages for to in m.to):
            raise OSError("mailbox unavailable")
        return super().send_messages(messages)


class FailsOnce(LocmemBackend):
    calls = 0

    def send_messages(self, messages: Any) -> int:
        FailsOnce.calls += 1
        if FailsOnce.calls == 1:
            raise OSError("smtp down")
        return super().send_messages(messages)


def test_it_records_the_event_and_its_recipients_in_the_callers_transaction(
    applicant: User, outsider: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = notify([applicant, outsider], "标题", "正文", "/messages/")
    assert notice is not None
    assert sorted(notice.deliveries.values_list("recipient__username", "email")) == [
        ("lisi", "lisi@example.cn"),
        ("zhangsan", "zhangsan@example.cn"),
    ]
    assert notice.state == Notice.State.PENDING
    assert not Message.objects.exists() and mail.outbox == []  # the worker does that
    assert len(callbacks) == 1  # the task, enqueued on commit


def test_a_task_delivered_twice_sends_each_mail_once(
    applicant: User, outsider: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = notify([applicant, outsider], "标题", "正文")
    assert notice is not None
    callbacks[0]()
    callbacks[0]()  # the same task delivered again
    assert deliver(notice.pk) == "skipped"  # and once more, by hand
    assert Message.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["lisi@example.cn", "zhangsan@example.cn"]
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (Notice.State.SENT, 1)


def test_a_retry_after_a_partial_failure_sends_nothing_twice(
    applicant: User, outsider: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_delivery.RefusesLisi"
    settings.NOTICE_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify([applicant, outsider], "标题", "正文")
    assert notice is not None
    notice.refresh_from_db()
    # zhangsan's mail went on the first attempt and was never sent again; lisi's failed
    # three times, and the notice is given up with the error kept.
    assert [m.to for m in mail.outbox] == [["zhangsan@example.cn"]]
    assert (notice.state, notice.attempts) == (Notice.State.FAILED, 3)
    assert notice.last_error == "OSError: mailbox unavailable"
    assert list(
        Delivery.objects.filter(notice=notice, mailed_at__isnull=False).values_list(
            "recipient__username", flat=True
        )
    ) == ["zhangsan"]
    # Both still have their in-app message, written once.
    assert sorted(Message.objects.values_list("recipient__username", flat=True)) == [
        "lisi",
        "zhangsan",
    ]


def test_a_mail_server_back_on_the_next_attempt_delivers(
    applicant: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_delivery.FailsOnce"
    FailsOnce.calls = 0
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify([applicant], "标题", "正文")
    assert notice is not None
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.last_error) == (Notice.State.SENT, 2, "")
    assert [m.to for m in mail.outbox] == [["zhangsan@example.cn"]]
    assert Message.objects.count() == 1


def test_a_retry_waits_its_backoff_on_a_backend_that_defers(
    applicant: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "bulk"]}
    }
    settings.EMAIL_BACKEND = "notifications.tests.test_notify.BrokenBackend"
    settings.NOTICE_RETRY_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify([applicant], "标题", "正文")
    assert notice is not None
    (first,) = DBTaskResult.objects.all()  # the worker's job, not yet run
    assert first.args_kwargs["args"] == [notice.pk, ""]
    first_started = timezone.now()
    assert deliver(notice.pk) == Notice.State.PENDING  # what the worker runs: it fails
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.run_after is not None
    wait = retry.run_after - first_started
    assert timedelta(seconds=59) < wait < timedelta(seconds=62)
    notice.refresh_from_db()
    assert (notice.attempts, notice.last_error) == (1, "OSError: smtp down")
    assert Message.objects.filter(recipient=applicant).count() == 1
    # The second failure waits twice as long.
    second_started = timezone.now()
    deliver(notice.pk)
    latest = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert latest is not None and latest.run_after is not None
    assert timedelta(seconds=119) < latest.run_after - second_started < timedelta(seconds=122)


def test_the_request_id_is_carried_into_the_task(
    applicant: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_delivery.RecordingBackend"
    SEEN_REQUEST_IDS.clear()
    set_request_id("req-4f2a")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notice = notify([applicant], "标题", "正文")
        set_request_id("another-request")  # the worker runs elsewhere, under its own id
        callbacks[0]()
        assert get_request_id() == "another-request"  # restored after the task
    finally:
        set_request_id(None)
    assert notice is not None and notice.request_id == "req-4f2a"
    assert SEEN_REQUEST_IDS == ["req-4f2a"]


def test_a_keyed_event_is_recorded_once(
    applicant: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([applicant], "提醒", "正文", key="deadline:1:2") is not None
        assert notify([applicant], "提醒", "正文", key="deadline:1:2") is None
    assert Message.objects.count() == 1 and len(mail.outbox) == 1


def test_a_rolled_back_change_records_no_notice(
    applicant: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([applicant], "标题", "正文")
            raise RuntimeError
    assert not Notice.objects.exists() and not Delivery.objects.exists()


def test_a_lost_task_is_enqueued_again_by_the_sweep(
    applicant: User, outsider: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTICE_STALL_SECONDS = 900
    with django_capture_on_commit_callbacks(execute=False):
        lost = notify([applicant], "丢失的", "正文")  # its task never ran
        recent = notify([outsider], "刚记录的", "正文")
    assert lost is not None and recent is not None
    Notice.objects.filter(pk=lost.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=901)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_stalled_notices() == 1
        assert resend_stalled_notices() == 0  # it is no longer overdue
    assert list(Message.objects.values_list("subject", flat=True)) == ["丢失的"]
    assert [m.to for m in mail.outbox] == [["zhangsan@example.cn"]]
    recent.refresh_from_db()
    assert recent.state == Notice.State.PENDING  # not overdue: left to its own task
