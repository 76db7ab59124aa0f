"""The scheduled jobs: who gets what, and that running a job twice sends nothing twice."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks.base import Task
from freezegun import freeze_time

from accounts.models import User
from applications.models import Application
from audit.models import AuditEvent
from notifications.models import Message
from results.models import Publicity
from scheduler import jobs
from zhicheng.uploads import private_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Callable[[Task[Any, Any]], Any]:
    """Run a job as a worker would: its notices' tasks run when its transaction commits."""

    def run_job(job: Task[Any, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return job.call()

    return run_job


def inbox() -> list[tuple[str, str]]:
    return sorted(Message.objects.values_list("recipient__username", "subject"))


def mailed() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def closes_at(app: Application) -> datetime:
    from orgs.models import ApplicationWindow

    return ApplicationWindow.objects.get(committee=app.committee).closes_at


# --- 提交截止提醒 ----------------------------------------------------------------------


def test_it_reminds_an_unsubmitted_applicant_three_days_before_the_window_closes(
    run: Any,
    draft: Application,
) -> None:
    deadline = closes_at(draft)
    with freeze_time(deadline - timedelta(days=2, hours=12)):
        assert run(jobs.remind_deadlines) == 1
    (message,) = Message.objects.all()
    assert message.recipient == draft.applicant
    assert message.subject == "申请书即将截止提交：[乌鲁木齐市][中级]社会科学研究/助理研究员"
    assert "尚未提交" in message.body and "还有3天" in message.body
    assert mailed() == ["zhangsan@example.cn"]
    # Again the same day, and on the next days before the close: nothing more.
    with freeze_time(deadline - timedelta(days=2)):
        assert run(jobs.remind_deadlines) == 0
    with freeze_time(deadline - timedelta(hours=3)):
        assert run(jobs.remind_deadlines) == 0
    assert Message.objects.count() == 1 and len(mail.outbox) == 1


def test_it_does_not_remind_earlier_than_three_days(run: Any, draft: Application) -> None:
    with freeze_time(closes_at(draft) - timedelta(days=3, hours=1)):
        assert run(jobs.remind_deadlines) == 0
    assert inbox() == [] and mail.outbox == []


def test_it_does_not_remind_once_submitted_or_closed(
    run: Any, submitted: Application, django_capture_on_commit_callbacks: Any
) -> None:
    Message.objects.all().delete()
    mail.outbox.clear()
    deadline = closes_at(submitted)
    with freeze_time(deadline - timedelta(days=1)):
        assert run(jobs.remind_deadlines) == 0
    Application.objects.filter(pk=submitted.pk).update(status="draft", position=0)
    with freeze_time(deadline + timedelta(hours=1)):  # the window has closed
        assert run(jobs.remind_deadlines) == 0
    assert inbox() == [] and mail.outbox == []


# --- 待审核提醒 ------------------------------------------------------------------------


def test_it_reminds_the_clerks_of_applications_waiting_too_long_once_a_day(
    run: Any, submitted: Application, unit_admin: User, settings: Any
) -> None:
    settings.REMIND_WAITING_DAYS = 7
    Message.objects.all().delete()
    mail.outbox.clear()
    assert submitted.last_action_at is not None
    waiting_since = submitted.last_action_at
    with freeze_time(waiting_since + timedelta(days=6, hours=23)):
        assert run(jobs.remind_waiting) == 0  # not yet seven days
    with freeze_time(waiting_since + timedelta(days=7, hours=1)):
        assert run(jobs.remind_waiting) == 1
        assert run(jobs.remind_waiting) == 0  # the same day: nothing twice
    assert inbox() == [(unit_admin.username, "有1份申请书等待审核超过7天")]
    assert mailed() == [unit_admin.email]
    assert Message.objects.get().link == "/reviews/"
    with freeze_time(waiting_since + timedelta(days=8, hours=1)):
        assert run(jobs.remind_waiting) == 1  # the next day, still waiting: again
    assert Message.objects.filter(recipient=unit_admin).count() == 2


def test_it_does_not_remind_about_applications_that_moved_on(
    run: Any, submitted: Application, settings: Any
) -> None:
    settings.REMIND_WAITING_DAYS = 7
    Message.objects.all().delete()
    Application.objects.filter(pk=submitted.pk).update(status="draft", position=0)
    with freeze_time(timezone.now() + timedelta(days=10)):
        assert run(jobs.remind_waiting) == 0
    assert inbox() == []


# --- 公示期满 -------------------------------------------------------------------------


def test_it_tells_the_committee_once_when_a_publicity_ends(
    run: Any, publicity: Publicity, committee_staff: User
) -> None:
    Message.objects.all().delete()
    mail.outbox.clear()
    last_day = datetime.combine(publicity.ends_on, datetime.min.time()) + timedelta(hours=20)
    with freeze_time(timezone.make_aware(last_day)):
        assert run(jobs.announce_publicity_ends) == 0  # still running
    day_after = last_day + timedelta(hours=5)
    with freeze_time(timezone.make_aware(day_after)):
        assert run(jobs.announce_publicity_ends) == 1
        assert run(jobs.announce_publicity_ends) == 0
    with freeze_time(timezone.make_aware(day_after + timedelta(days=1))):
        assert run(jobs.announce_publicity_ends) == 0
    assert inbox() == [(committee_staff.username, f"公示期已结束：{publicity.title}")]
    body = Message.objects.get().body
    assert "共1人" in body and "尚有0条异议未处理" in body
    assert mailed() == [committee_staff.email]


# --- 清理 -----------------------------------------------------------------------------


def test_it_removes_stashed_scans_older_than_a_day_and_keeps_fresh_ones(
    run: Any, settings: Any
) -> None:
    storage = private_storage()
    old = storage.save("tmp/old-scan.png", ContentFile(b"old"))
    fresh = storage.save("tmp/fresh-scan.png", ContentFile(b"new"))
    kept = storage.save("scans/2026/11/registered.png", ContentFile(b"kept"))
    day_ago = (timezone.now() - timedelta(hours=24)).timestamp()
    os.utime(storage.path(old), (day_ago, day_ago))
    assert run(jobs.purge_stashed_uploads) == 1
    assert run(jobs.purge_stashed_uploads) == 0
    assert not storage.exists(old)
    assert storage.exists(fresh) and storage.exists(kept)


def test_it_clears_expired_sessions(
    run: Any,
) -> None:
    live = SessionStore()
    live["k"] = 1
    live.create()
    dead = SessionStore()
    dead["k"] = 2
    dead.create()
    Session.objects.filter(session_key=dead.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    run(jobs.clear_sessions)
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_it_purges_audit_rows_past_the_retention(run: Any, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 180
    AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=400), action=AuditEvent.Action.LOGIN, actor_name="old"
    )
    AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=10), action=AuditEvent.Action.LOGIN, actor_name="new"
    )
    assert run(jobs.purge_audit) == 1
    assert run(jobs.purge_audit) == 0
    assert list(AuditEvent.objects.values_list("actor_name", flat=True)) == ["new"]
