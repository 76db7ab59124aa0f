"""What the applicant's steps tell whom, in applications' own words (sent by `lib.outbox`).

A step calls these from inside its transaction. Each remembers only ids and registers an
`on_commit` callback: the texts and the recipients are read after the commit, so the
locked transaction runs no extra query and a refused or rolled-back step tells nobody.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.staff import staff_of
from applications.models import Application
from lib.outbox import notify

Holder = tuple[int | None, int | None, int | None]


def load(app_id: int) -> Application:
    """The application as a notice's text reads it, after the commit."""
    return Application.objects.select_related(
        "applicant", "series", "title", "committee__region"
    ).get(pk=app_id)


def detail_link(app: Application) -> str:
    return reverse("applications:detail", args=[app.pk])


def later(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction commits (never on rollback)."""
    transaction.on_commit(callback, robust=True)


def holder_of(app: Application) -> Holder:
    return (app.holder_unit_id, app.holder_department_id, app.holder_committee_id)


def tell_holder(app: Application, holder: Holder) -> None:
    """The staff of the organisation the application has just arrived at: please review it."""
    notify(
        staff_of(*holder),
        _("有新的申请书待审核：%(number)s") % {"number": app.number},
        _("%(name)s的申请书 %(number)s（%(qual)s）已提交至%(node)s，请及时审核。")
        % {
            "name": app.applicant.display_name,
            "number": app.number,
            "qual": app.qualification_label,
            "node": app.current_label,
        },
        reverse("reviews:handle", args=[app.pk]),
        app,
    )


def submitted(app: Application) -> None:
    """提交: the applicant, and the staff of the organisation now holding it."""
    app_id, holder = app.pk, holder_of(app)

    def send() -> None:
        loaded = load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已提交：%(number)s") % {"number": loaded.number},
            _("您的申请书 %(number)s（%(qual)s）已提交至%(node)s，请耐心等待审核。")
            % {
                "number": loaded.number,
                "qual": loaded.qualification_label,
                "node": loaded.current_label,
            },
            detail_link(loaded),
            loaded,
        )
        tell_holder(loaded, holder)

    later(send)


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
