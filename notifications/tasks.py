"""Delivering notices on a worker: the in-app messages and the mails of one event.

`notify` records a `Notice` and its `Delivery` rows in the caller's transaction and
enqueues `deliver_notice` on commit. A run of it

1. takes the notice's row (the UPDATE that counts the attempt is the lock: two runs of one
   notice take turns, on SQLite too, where it takes the database's write lock) and writes
   the missing in-app messages in that transaction;
2. sends each mail not yet sent, one transaction per mail: it marks the delivery sent with
   a conditional UPDATE (which holds the row's lock until the commit) and sends; a failed
   send rolls the mark back. A second run, or one running at the same time, finds the mark
   and skips that mail;
3. marks the notice sent, or — when a mail failed — records the error and enqueues itself
   again after a backoff (`notifications.retry`), up to NOTICE_MAX_ATTEMPTS attempts; then
   the notice stays 发送失败 with its last error, and the in-app messages stand.

A worker killed between the mail server's answer and the commit of the mark may send that
one mail again on the next run; nothing else is ever done twice. A notice whose task was
lost (the worker killed, the queue unreachable at enqueue time) stays pending past its
`next_attempt_at`; `resend_stalled_notices`, run by the scheduler, enqueues it again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import task

from lib.requestctx import get_request_id, new_request_id, set_request_id
from notifications.models import Delivery, Message, Notice
from notifications.retry import backoff, retry_later

log = logging.getLogger(__name__)

SUBJECT_PREFIX = gettext_lazy("【新疆专业技术人员职称管理平台】")
# Messages are written this many to a statement.
MESSAGE_BATCH = 500
# A mail server that refused this many mails in a row is not tried further in this run.
MAX_FAILURES_IN_A_ROW = 5


class MailNotSent(Exception):
    """The mail backend accepted the call but reported nothing sent."""


@contextmanager
def carried_request_id(request_id: str | None) -> Iterator[None]:
    """Run with the request id of whoever enqueued the task (restored afterwards, so an
    immediate backend inside a request keeps the request's own)."""
    previous = get_request_id()
    set_request_id(request_id or None)
    try:
        yield
    finally:
        set_request_id(previous)


@task(queue_name="default")
def deliver_notice(notice_id: int, request_id: str = "") -> str:
    """Deliver one notice (messages, then mails); retried with backoff on failure."""
    with carried_request_id(request_id):
        try:
            return deliver(notice_id)
        except Exception as exc:
            _failed(notice_id, request_id, _describe(exc))
            raise


def enqueue_delivery(notice_id: int, request_id: str = "", queue: str = "default") -> None:
    """Hand a recorded notice to a worker. A queue that cannot be reached now loses
    nothing: the notice stays pending and `resend_stalled_notices` enqueues it later."""
    deliver_notice.using(queue_name=queue).enqueue(notice_id, request_id)


def deliver(notice_id: int) -> str:
    """One delivery run of a notice; returns the state it left the notice in."""
    now = timezone.now()
    # The attempt is counted in a statement of its own, so a run that fails below still
    # counts towards NOTICE_MAX_ATTEMPTS.
    taken = Notice.objects.filter(pk=notice_id, state=Notice.State.PENDING).update(
        attempts=F("attempts") + 1, next_attempt_at=now
    )
    if not taken:
        return "skipped"  # unknown, or already sent or given up: a duplicate delivery
    with transaction.atomic():
        # Writing the row first is the lock (a row lock on PostgreSQL, the write lock on
        # SQLite): two runs of one notice write its messages one after the other.
        Notice.objects.filter(pk=notice_id).update(next_attempt_at=now)
        notice = Notice.objects.get(pk=notice_id)
        _write_messages(notice)
    failures, error = _send_mails(notice)
    if failures:
        return _failed(notice.pk, notice.request_id, error)
    Notice.objects.filter(pk=notice.pk).update(
        state=Notice.State.SENT, finished_at=timezone.now(), last_error=""
    )
    return Notice.State.SENT


def _write_messages(notice: Notice) -> None:
    pending = list(Delivery.objects.filter(notice=notice, message__isnull=True).order_by("pk"))
    for start in range(0, len(pending), MESSAGE_BATCH):
        chunk = pending[start : start + MESSAGE_BATCH]
        messages = Message.objects.bulk_create(
            [
                Message(
                    recipient_id=d.recipient_id,
                    subject=notice.subject,
                    body=notice.body,
                    link=notice.link,
                    application_id=notice.application_id,
                )
                for d in chunk
            ]
        )
        for delivery, message in zip(chunk, messages, strict=True):
            delivery.message = message
        Delivery.objects.bulk_update(chunk, ["message"])


def _mail_text(notice: Notice) -> str:
    if not notice.link:
        return notice.body
    return f"{notice.body}\n\n{settings.SITE_URL.rstrip('/')}{notice.link}"


def _send_mails(notice: Notice) -> tuple[int, str]:
    """Send every mail of the notice not yet sent; (how many failed, the last error)."""
    waiting = list(
        Delivery.objects.filter(notice=notice, mailed_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "email")
    )
    if not waiting:
        return 0, ""
    subject, text = str(SUBJECT_PREFIX) + notice.subject, _mail_text(notice)
    failures, in_a_row, error = 0, 0, ""
    connection: BaseEmailBackend = get_connection()
    try:
        connection.open()
    except Exception as exc:  # the server is down: every mail waits for the next attempt
        return len(waiting), _describe(exc)
    try:
        for delivery_id, address in waiting:
            if in_a_row >= MAX_FAILURES_IN_A_ROW:
                failures += 1
                continue
            try:
                with transaction.atomic():
                    claimed = Delivery.objects.filter(
                        pk=delivery_id, mailed_at__isnull=True
                    ).update(mailed_at=timezone.now())
                    if not claimed:
                        continue  # sent by another run of this notice
                    # One mail per person: recipients never see each other's addresses.
                    if not connection.send_messages([EmailMessage(subject, text, None, [address])]):
                        raise MailNotSent
            except Exception as exc:
                failures, in_a_row, error = failures + 1, in_a_row + 1, _describe(exc)
                log.warning("notice %s: a mail failed (%s)", notice.pk, error)
            else:
                in_a_row = 0
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection tells us nothing new
            log.debug("closing the mail connection failed", exc_info=True)
    return failures, error


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _failed(notice_id: int, request_id: str, error: str) -> str:
    """Record a failed attempt; enqueue the next one after the backoff, or give up."""
    notice = Notice.objects.filter(pk=notice_id, state=Notice.State.PENDING).first()
    if notice is None:
        return "skipped"
    attempt = max(1, notice.attempts)
    if attempt >= settings.NOTICE_MAX_ATTEMPTS:
        Notice.objects.filter(pk=notice_id).update(
            state=Notice.State.FAILED, finished_at=timezone.now(), last_error=error
        )
        log.error("notice %s: giving up after %s attempts (%s)", notice_id, attempt, error)
        return Notice.State.FAILED
    due = timezone.now() + backoff(attempt)
    Notice.objects.filter(pk=notice_id).update(last_error=error, next_attempt_at=due)
    log.warning("notice %s: attempt %s failed, retrying (%s)", notice_id, attempt, error)
    retry_later(deliver_notice, attempt, notice_id, request_id)
    return Notice.State.PENDING


def resend_stalled_notices() -> int:
    """Enqueue again every pending notice whose run is overdue by NOTICE_STALL_SECONDS:
    its task was lost on the way. Delivery is idempotent, so a notice that was only slow
    loses nothing by it. Returns how many were enqueued."""
    now = timezone.now()
    overdue = now - timedelta(seconds=settings.NOTICE_STALL_SECONDS)
    stalled = list(
        Notice.objects.filter(state=Notice.State.PENDING, next_attempt_at__lt=overdue)
        .order_by("pk")
        .values_list("pk", "request_id")[:1000]
    )
    for notice_id, request_id in stalled:
        Notice.objects.filter(pk=notice_id).update(next_attempt_at=now)
        try:
            enqueue_delivery(notice_id, request_id)
        except Exception:  # the queue is down too: the next sweep tries again
            log.exception("notice %s: could not enqueue", notice_id)
            Notice.objects.filter(pk=notice_id).update(next_attempt_at=overdue)
    if stalled:
        log.warning("re-enqueued %s stalled notices", len(stalled))
    return len(stalled)


@task(queue_name="default")
def resend_stalled_notices_task() -> int:
    """The scheduler's job around `resend_stalled_notices` (registered by `notifications.apps`),
    under a fresh request id."""
    with carried_request_id(new_request_id()):
        return resend_stalled_notices()
