"""What reviewers' steps tell whom, in reviews' own words (sent by `lib.outbox`).

As in `applications.notices`: called inside the step's transaction, texts and recipients
read after the commit, nothing sent when the step is refused or rolled back.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.staff import staff_of
from applications.models import Application, Status
from applications.notices import Holder, detail_link, holder_of, later, load, tell_holder
from lib.outbox import notify


def returned(app: Application, org: str, opinion: str) -> None:
    """退回: the applicant, with the overall opinion."""
    app_id = app.pk

    def send() -> None:
        loaded = load(app_id)
        notify(
            [loaded.applicant],
            _("申请书被退回修改：%(number)s") % {"number": loaded.number},
            _("您的申请书 %(number)s（%(qual)s）被%(org)s退回修改。退回意见：%(opinion)s")
            % {
                "number": loaded.number,
                "qual": loaded.qualification_label,
                "org": org,
                "opinion": opinion,
            },
            reverse("applications:opinions", args=[loaded.pk]),
            loaded,
        )

    later(send)


def passed_on(app: Application) -> None:
    """审核通过 to the next node: the applicant, and the next holder's staff."""
    app_id, holder = app.pk, holder_of(app)

    def send() -> None:
        loaded = load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已审核通过并转至%(node)s：%(number)s")
            % {"number": loaded.number, "node": loaded.current_label},
            _("您的申请书 %(number)s（%(qual)s）已审核通过，转至%(node)s继续审核。")
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


def formal_review_passed(app: Application) -> None:
    """通过形式审核: the applicant, pointed at fees, papers and the meeting."""
    app_id = app.pk

    def send() -> None:
        loaded = load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已通过形式审核：%(number)s") % {"number": loaded.number},
            _(
                "您的申请书 %(number)s（%(qual)s）已通过形式审核。"
                "请在“评审结果查询”中查看缴费和纸质材料要求。"
            )
            % {"number": loaded.number, "qual": loaded.qualification_label},
            reverse("results:mine"),
            loaded,
        )

    later(send)


def passed(app: Application) -> None:
    """After 审核通过: on to the next node, or 通过形式审核 after the last one."""
    if app.status == Status.PASSED:
        formal_review_passed(app)
    else:
        passed_on(app)


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
