"""What the applicant's steps tell whom, in applications' own words (sent by `lib.outbox`).

A move hands its notices to a worker: inside its transaction it calls `submitted` (or
reviews' own), which remembers only ids and the labels the move left, and registers an
`on_commit` callback that enqueues one task (`enqueue`). The task reads the application,
words the texts, finds the recipients and records the notices (`lib.outbox.notify`) on the
worker — so the request runs one statement for them after its commit, the locked transaction
none, and a refused or rolled-back step tells nobody. A queue that cannot be reached loses
nothing: the task is then run in the request, as before.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import Task

from accounts.staff import staff_of
from applications.models import Application
from lib.outbox import notify
from lib.requestctx import get_request_id, set_request_id

log = logging.getLogger(__name__)

Holder = tuple[int | None, int | None, int | None]


def load(app_id: int) -> Application:
    """The application as a notice's text reads it, on the worker."""
    return Application.objects.select_related(
        "applicant", "series", "title", "committee__region"
    ).get(pk=app_id)


def detail_link(app: Application) -> str:
    return reverse("applications:detail", args=[app.pk])


@contextmanager
def as_request(request_id: str) -> Iterator[None]:
    """On the worker, log and record under the id of the request that took the step."""
    previous = get_request_id()
    set_request_id(request_id or None)
    try:
        yield
    finally:
        set_request_id(previous)


def enqueue(tell: Task[..., None], *args: Any) -> None:
    """Once the current transaction commits, hand `tell(request id, *args)` to a worker (never
    on rollback). When the queue cannot take it, it runs here instead (after the commit)."""
    request_id = get_request_id() or ""

    def hand_over() -> None:
        try:
            tell.enqueue(request_id, *args)
        except Exception:
            log.exception("notice task %s not enqueued; told in the request", tell.name)
            tell.call(request_id, *args)

    transaction.on_commit(hand_over, robust=True)


def holder_of(app: Application) -> Holder:
    return (app.holder_unit_id, app.holder_department_id, app.holder_committee_id)


def tell_holder(app: Application, holder: Holder | list[int | None], node: str) -> None:
    """The staff of the organisation the application has just arrived at: please review it."""
    unit_id, department_id, committee_id = holder
    notify(
        staff_of(unit_id, department_id, committee_id),
        _("有新的申请书待审核：%(number)s") % {"number": app.number},
        _("%(name)s的申请书 %(number)s（%(qual)s）已提交至%(node)s，请及时审核。")
        % {
            "name": app.applicant.display_name,
            "number": app.number,
            "qual": app.qualification_label,
            "node": node,
        },
        reverse("reviews:handle", args=[app.pk]),
        app,
    )


@task(queue_name="default")
def tell_submitted(request_id: str, app_id: int, holder: list[int | None], node: str) -> None:
    """提交 (on the worker): the applicant, and the staff of the organisation now holding it."""
    with as_request(request_id), transaction.atomic():
        app = load(app_id)
        notify(
            [app.applicant],
            _("申请书已提交：%(number)s") % {"number": app.number},
            _("您的申请书 %(number)s（%(qual)s）已提交至%(node)s，请耐心等待审核。")
            % {"number": app.number, "qual": app.qualification_label, "node": node},
            detail_link(app),
            app,
        )
        tell_holder(app, holder, node)


def submitted(app: Application) -> None:
    """提交: told once the move commits; the node and holder are the ones it arrived at."""
    enqueue(tell_submitted, app.pk, list(holder_of(app)), app.current_label)


def deadline_near(app: Application, closes_at: datetime, window_id: int) -> bool:
    """提交截止提醒 (scheduler): the applicant of an unsubmitted application, once per window."""
    days = max(1, math.ceil((closes_at - timezone.now()).total_seconds() / 86400))
    notice = notify(
        [app.applicant],
        _("申请书即将截止提交：%(qual)s") % {"qual": app.qualification_label},
        _(
            "您的申请书（%(qual)s）尚未提交，提交截止时间为 %(closes)s（还有%(days)s天）。"
            "请尽快完善并提交至工作单位，逾期将不能提交。"
        )
        % {
            "qual": app.qualification_label,
            "closes": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M"),
            "days": days,
        },
        detail_link(app),
        app,
        key=f"deadline:{app.pk}:{window_id}",
    )
    return notice is not None
