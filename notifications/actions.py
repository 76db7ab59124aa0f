"""Notices: the in-app message and the e-mail that tell people a step happened.

`notify` is the deliverer behind `lib.outbox.notify` (installed by `notifications.apps`):
the domains own the text of their notices (`<app>/notices.py`) and call the port, usually
from inside their transaction; no domain imports this module (docs/adr/0030). It records
the event (a `Notice` and one `Delivery` per recipient) in that transaction and enqueues
the fan-out task once it commits: a change that is refused or rolled back tells nobody
anything, and the messages and mails are written by a worker, not by the request
(`notifications.tasks`, docs/adr/0016-task-engine.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from lib.requestctx import get_request_id
from notifications.models import Delivery, Message, Notice
from notifications.tasks import enqueue_delivery

if TYPE_CHECKING:
    from applications.models import Application

log = logging.getLogger(__name__)


def notify(
    users: Iterable[User],
    subject: str,
    body: str,
    link: str = "",
    application: Application | None = None,
    *,
    key: str | None = None,
) -> Notice | None:
    """Tell each (active) user once the current transaction commits.

    Every recipient gets an in-app message; those with an e-mail address also get it by
    mail through Django's EMAIL_BACKEND, one mail each. The event and its recipients are
    written now, in the caller's transaction (or a transaction of its own); the delivery
    task is enqueued on commit and retried with backoff, and sends each mail at most once.

    `key` names the event when it could be raised twice (a scheduled reminder): a notice
    with that key already recorded makes this call a no-op. Returns the notice, or None
    when nobody is to be told or the keyed event is already recorded.
    """
    subject, body = str(subject), str(body)
    if key is not None and Notice.objects.filter(key=key).exists():
        return None
    recipients = _distinct_active(users)
    if not recipients:
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key,
                subject=subject[:200],
                body=body,
                link=link[:300],
                application=application,
                request_id=get_request_id() or "",
                next_attempt_at=timezone.now(),
            )
            Delivery.objects.bulk_create(
                [Delivery(notice=notice, recipient=u, email=u.email or "") for u in recipients]
            )
    except IntegrityError:
        if key is None:
            raise
        return None  # the same keyed event, recorded by another run a moment ago
    notice_id, request_id = notice.pk, notice.request_id
    queue = "bulk" if len(recipients) > settings.NOTICE_BULK_RECIPIENTS else "default"
    transaction.on_commit(lambda: enqueue_delivery(notice_id, request_id, queue), robust=True)
    return notice


def _distinct_active(users: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    found = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        found.append(user)
    return found


def unread_count(user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: User, message_id: int) -> Message:
    """Open one of the user's own messages; anyone else's id is a 404."""
    message = Message.objects.filter(recipient=user, pk=message_id).first()
    if message is None:
        raise Http404
    if message.read_at is None:
        message.read_at = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def mark_all_read(user: User) -> int:
    """全部标为已读; the number of messages that were unread."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
