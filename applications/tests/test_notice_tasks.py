"""A move's notices are handed to a worker once it commits (applications.notices.enqueue):
the request records none of them, the task words and records them with what the move left,
and a queue that cannot be reached makes the request tell them itself."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from applications import actions
from applications.models import Application
from notifications.models import Delivery, Notice
from reviews import actions as review_actions
from testing.worlds import recommend

pytestmark = pytest.mark.django_db

DEFERRING = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "bulk"]}
}


def received() -> list[tuple[str, str]]:
    """(recipient, subject) of every notice recorded (its messages are the delivery's job)."""
    return sorted(Delivery.objects.values_list("recipient__username", "notice__subject"))


def body_for(user: User) -> str:
    return Delivery.objects.get(recipient=user).notice.body


def run_queued() -> list[str]:
    """Run the notice tasks waiting, as a worker would (not the deliveries they enqueue)."""
    ran = []
    for job in DBTaskResult.objects.exclude(task_path__endswith="deliver_notice"):
        job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
        ran.append(job.task_path)
        job.delete()
    return ran


@pytest.fixture
def deferring(settings: Any) -> None:
    """Tasks wait for a worker (the database backend), as in production."""
    settings.TASKS = DEFERRING


def test_a_submission_enqueues_one_task_and_records_no_notice_in_the_request(
    filled: Application, unit_admin: User, deferring: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        app = actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert not Notice.objects.exists()
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "applications.notices.tell_submitted"
    ]
    # The unit passes before the worker runs: the notice still names the node it arrived at.
    recommend(app, unit_admin)
    review_actions.pass_application(unit_admin, app.pk, expected_version=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued() == ["applications.notices.tell_submitted"]
    assert received() == [
        ("unit_a_admin", f"有新的申请书待审核：{app.number}"),
        (app.applicant.username, f"申请书已提交：{app.number}"),
    ]
    assert "已提交至基层工作单位" in body_for(app.applicant)


def test_a_return_tells_the_applicant_with_the_organisation_of_the_lock(
    submitted: Application,
    unit_admin: User,
    deferring: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review_actions.return_application(
            unit_admin, submitted.pk, opinion="请补充材料", expected_version=None
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued() == ["reviews.notices.tell_returned"]
    body = body_for(submitted.applicant)
    assert "被新疆财经大学退回修改。退回意见：请补充材料" in body


def test_a_queue_that_cannot_be_reached_tells_in_the_request(
    filled: Application, django_capture_on_commit_callbacks: Any
) -> None:
    from applications.notices import tell_submitted

    with (
        mock.patch.object(type(tell_submitted), "enqueue", side_effect=ConnectionError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        app = actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert (app.applicant.username, f"申请书已提交：{app.number}") in received()
