"""notify: an in-app message for each user and a mail for those with an address — only
once the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from accounts.models import User
from notifications.actions import mark_all_read, mark_read, notify, unread_count
from notifications.models import Message, Notice

pytestmark = pytest.mark.django_db


def test_it_writes_messages_and_mails_after_commit(
    applicant: User, outsider: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify([applicant, outsider, applicant], "标题", "正文", "/applications/1/")
        assert not Message.objects.exists()  # nothing before the commit
    assert sorted(Message.objects.values_list("recipient__username", flat=True)) == [
        "lisi",
        "zhangsan",
    ]
    message = Message.objects.get(recipient=applicant)
    assert (message.subject, message.body, message.link, message.read_at) == (
        "标题",
        "正文",
        "/applications/1/",
        None,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["lisi@example.cn", "zhangsan@example.cn"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees another's address
    assert "标题" in mail.outbox[0].subject
    assert "/applications/1/" in mail.outbox[0].body


def test_it_sends_nothing_when_rolled_back(
    applicant: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([applicant], "标题", "正文")
            raise RuntimeError
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_users_without_address_get_the_message_only(
    applicant: User, outsider: User, django_capture_on_commit_callbacks: Any
) -> None:
    applicant.email = ""
    applicant.save()
    outsider.is_active = False
    outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(User.objects.filter(pk__in=[applicant.pk, outsider.pk]), "标题", "正文")
    assert list(Message.objects.values_list("recipient", flat=True)) == [applicant.pk]
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_message(
    applicant: User, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "notifications.tests.test_notify.BrokenBackend"
    settings.NOTICE_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify([applicant], "标题", "正文")
    assert Message.objects.filter(recipient=applicant).count() == 1
    assert notice is not None
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (Notice.State.FAILED, 2)  # retried, then given up


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages: Any) -> int:
        raise OSError("smtp down")


def test_it_marks_one_and_all_read(
    applicant: User, outsider: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify([applicant], "一", "")
        notify([applicant], "二", "")
        notify([outsider], "三", "")
    assert unread_count(applicant) == 2
    first = Message.objects.get(subject="一")
    assert mark_read(applicant, first.pk).read_at is not None
    assert unread_count(applicant) == 1
    assert mark_all_read(applicant) == 1
    assert unread_count(applicant) == 0
    assert unread_count(outsider) == 1  # someone else's stay unread
