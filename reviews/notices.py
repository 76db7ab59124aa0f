"""What reviewers' steps tell whom, in reviews' own words (sent by `lib.outbox`).

As in `applications.notices`: called inside the step's transaction with what the move left
(the node it reached, the holder, the opinion), enqueued once it commits; the task reads the
application, words the texts, finds the recipients and records the notices on the worker.
Nothing is told when the step is refused or rolled back.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.staff import staff_of
from applications.models import Application, Status
from applications.notices import (
    Holder,
    as_request,
    detail_link,
    enqueue,
    holder_of,
    load,
    tell_holder,
)
from lib.outbox import notify


@task(queue_name="default")
def tell_returned(request_id: str, app_id: int, org: str, opinion: str) -> None:
    """退回 (on the worker): the applicant, with the overall opinion."""
    with as_request(request_id), transaction.atomic():
        app = load(app_id)
        notify(
            [app.applicant],
            _("申请书被退回修改：%(number)s") % {"number": app.number},
            _("您的申请书 %(number)s（%(qual)s）被%(org)s退回修改。退回意见：%(opinion)s")
            % {
                "number": app.number,
                "qual": app.qualification_label,
                "org": org,
                "opinion": opinion,
            },
            reverse("applications:opinions", args=[app.pk]),
            app,
        )


def returned(app: Application, org: str, opinion: str) -> None:
    """退回: the applicant, with the overall opinion."""
    enqueue(tell_returned, app.pk, org, opinion)


@task(queue_name="default")
def tell_passed_on(request_id: str, app_id: int, holder: list[int | None], node: str) -> None:
    """审核通过 to the next node (on the worker): the applicant, and the next holder's staff."""
    with as_request(request_id), transaction.atomic():
        app = load(app_id)
        notify(
            [app.applicant],
            _("申请书已审核通过并转至%(node)s：%(number)s") % {"number": app.number, "node": node},
            _("您的申请书 %(number)s（%(qual)s）已审核通过，转至%(node)s继续审核。")
            % {"number": app.number, "qual": app.qualification_label, "node": node},
            detail_link(app),
            app,
        )
        tell_holder(app, holder, node)


@task(queue_name="default")
def tell_formal_review_passed(request_id: str, app_id: int) -> None:
    """通过形式审核 (on the worker): the applicant, pointed at fees, papers and the meeting."""
    with as_request(request_id), transaction.atomic():
        app = load(app_id)
        notify(
            [app.applicant],
            _("申请书已通过形式审核：%(number)s") % {"number": app.number},
            _(
                "您的申请书 %(number)s（%(qual)s）已通过形式审核。"
                "请在“评审结果查询”中查看缴费和纸质材料要求。"
            )
            % {"number": app.number, "qual": app.qualification_label},
            reverse("results:mine"),
            app,
        )


def passed(app: Application) -> None:
    """After 审核通过: on to the next node, or 通过形式审核 after the last one."""
    if app.status == Status.PASSED:
        enqueue(tell_formal_review_passed, app.pk)
    else:
        enqueue(tell_passed_on, app.pk, list(holder_of(app)), app.current_label)


def waiting_too_long(holder: Holder, count: int, oldest: datetime, day: date) -> bool:
    """待审核提醒 (scheduler): the staff of an organisation with applications waiting too long,
    once a day."""
    days = settings.REMIND_WAITING_DAYS
    unit_id, department_id, committee_id = holder
    notice = notify(
        staff_of(unit_id, department_id, committee_id),
        _("有%(count)s份申请书等待审核超过%(days)s天") % {"count": count, "days": days},
        _(
            "有%(count)s份申请书在您单位等待审核已超过%(days)s天，"
            "最早的一份自 %(oldest)s 起等待。请在“申请书审核”中及时办理。"
        )
        % {
            "count": count,
            "days": days,
            "oldest": timezone.localtime(oldest).strftime("%Y-%m-%d"),
        },
        reverse("reviews:queue"),
        key=f"waiting:{unit_id or ''}:{department_id or ''}:{committee_id or ''}:{day:%Y%m%d}",
    )
    return notice is not None
