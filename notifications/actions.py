"""Notices: the in-app message and the e-mail that tell people a step happened.

`notify` is called by the workflow actions from inside their transaction; it only
schedules the delivery with `transaction.on_commit`, so a change that is refused or
rolled back tells nobody anything, and the recipients are looked up after the commit
(no extra query while the application row is locked).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from notifications.models import Message

if TYPE_CHECKING:
    from applications.models import Application

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "【新疆专业技术人员职称管理平台】"


def notify(
    users: Iterable[User],
    subject: str,
    body: str,
    link: str = "",
    application: Application | None = None,
) -> None:
    """Send a notice to each (active) user once the current transaction commits.

    Every recipient gets an in-app message; those with an e-mail address also get it
    by mail through Django's EMAIL_BACKEND. `users` may be a lazy queryset: it is read
    only after the commit. A mail server that fails does not undo the messages.
    """
    subject, body = str(subject), str(body)

    def deliver() -> None:
        recipients = _distinct_active(users)
        if not recipients:
            return
        Message.objects.bulk_create(
            [
                Message(
                    recipient=user,
                    subject=subject[:200],
                    body=body,
                    link=link[:300],
                    application=application,
                )
                for user in recipients
            ]
        )
        _send_mail([u for u in recipients if u.email], subject, body, link)

    transaction.on_commit(deliver, robust=True)


def _distinct_active(users: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    found = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        found.append(user)
    return found


def _send_mail(recipients: list[User], subject: str, body: str, link: str) -> None:
    if not recipients:
        return
    text = body
    if link:
        text = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{link}"
    # One mail per person: recipients never see each other's addresses.
    mails = [
        EmailMessage(SUBJECT_PREFIX + subject, text, None, [user.email]) for user in recipients
    ]
    try:
        get_connection().send_messages(mails)
    except Exception:  # the notice stays in the inbox; the mail server is not our state
        log.exception("notice mail failed: %s", subject)


def staff_of(
    unit_id: int | None = None, department_id: int | None = None, committee_id: int | None = None
) -> QuerySet[User]:
    """The accounts that act for an organisation holding an application (lazy)."""
    where = Q(pk__in=[])
    if unit_id is not None:
        where |= Q(role=Role.UNIT_ADMIN, unit_id=unit_id)
    if department_id is not None:
        where |= Q(role=Role.DEPT_REVIEWER, department_id=department_id)
    if committee_id is not None:
        where |= Q(role=Role.COMMITTEE_STAFF, committee_id=committee_id)
    return User.objects.filter(where, is_active=True).order_by("pk")


def holder_staff(app: Application) -> QuerySet[User]:
    """The staff of the organisation the application now waits at."""
    return staff_of(app.holder_unit_id, app.holder_department_id, app.holder_committee_id)


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
