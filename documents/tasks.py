"""Laying out the official 评审表's body on a task worker once the application passes formal
review (documents/bodies.py, docs/adr/0041-stamped-review-form.md).

`Application` rows saved by a move into 通过形式审核 (`update_fields` naming the status) enqueue
`lay_out_review_form` when the move commits — below the default priority where the backend
orders by it, on the "bulk" queue, so notices go first. A task lost on the way (Redis down
at enqueue time: logged, the move is not undone) costs only speed: the first print lays the
body out. Nothing here imports WeasyPrint; the task does, when it runs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task, task_backends

from applications.models import Application, Status
from documents import bodies

log = logging.getLogger(__name__)

PRIORITY = -10


@task(queue_name="bulk")
def lay_out_review_form(app_id: int) -> int:
    """Lay out and keep the application's 评审表 bodies (skips current ones)."""
    return bodies.freeze(app_id)


def enqueue(app_id: int) -> None:
    runner = lay_out_review_form
    if task_backends[runner.backend].supports_priority:
        runner = runner.using(priority=PRIORITY)
    runner.enqueue(app_id)


def on_application_saved(
    sender: type[Application],
    instance: Application,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """post_save of Application: a move into 通过形式审核 enqueues the body's layout on commit."""
    if not settings.REVIEW_FORM_BODY_ON_WORKER:
        return
    if not update_fields or "status" not in update_fields or instance.status != Status.PASSED:
        return
    app_id = instance.pk
    transaction.on_commit(lambda: enqueue(app_id), robust=True)
