"""What each workflow step tells whom. The actions call these from inside their transaction.

Each function only remembers ids and registers an `on_commit` callback: the texts and
the recipients are read after the commit, so the locked transaction runs no extra
query and a refused or rolled-back step sends nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.actions import notify, staff_of

if TYPE_CHECKING:
    from applications.models import Application
    from results.models import Publicity


def _load(app_id: int) -> Application:
    from applications.models import Application

    return Application.objects.select_related(
        "applicant", "series", "title", "committee__region"
    ).get(pk=app_id)


def _detail(app: Application) -> str:
    return reverse("applications:detail", args=[app.pk])


def _handle(app: Application) -> str:
    return reverse("reviews:handle", args=[app.pk])


def _later(callback: Callable[[], None]) -> None:
    transaction.on_commit(callback, robust=True)


def _tell_holder(app: Application, holder: tuple[int | None, int | None, int | None]) -> None:
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
        _handle(app),
        app,
    )


def _holder_of(app: Application) -> tuple[int | None, int | None, int | None]:
    return (app.holder_unit_id, app.holder_department_id, app.holder_committee_id)


def submitted(app: Application) -> None:
    """提交: the applicant, and the staff of the organisation now holding it."""
    app_id, holder = app.pk, _holder_of(app)

    def send() -> None:
        loaded = _load(app_id)
        notify(
            [loaded.applicant],
            _("申请书已提交：%(number)s") % {"number": loaded.number},
            _("您的申请书 %(number)s（%(qual)s）已提交至%(node)s，请耐心等待审核。")
            % {
                "number": loaded.number,
                "qual": loaded.qualification_label,
                "node": loaded.current_label,
            },
            _detail(loaded),
            loaded,
        )
        _tell_holder(loaded, holder)

    _later(send)


def returned(app: Application, org: str, opinion: str) -> None:
    """退回: the applicant, with the overall opinion."""
    app_id = app.pk

    def send() -> None:
        loaded = _load(app_id)
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

    _later(send)


def passed_on(app: Application) -> None:
    """审核通过 to the next node: the applicant, and the next holder's staff."""
    app_id, holder = app.pk, _holder_of(app)

    def send() -> None:
        loaded = _load(app_id)
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
            _detail(loaded),
            loaded,
        )
        _tell_holder(loaded, holder)

    _later(send)


def formal_review_passed(app: Application) -> None:
    """通过形式审核: the applicant, pointed at fees, papers and the meeting."""
    app_id = app.pk

    def send() -> None:
        loaded = _load(app_id)
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

    _later(send)


def results_recorded(result_ids: Iterable[int]) -> None:
    """会议评审结果录入 (or corrected): each application's applicant."""
    ids = list(result_ids)

    def send() -> None:
        from results.models import MeetingResult

        rows = MeetingResult.objects.filter(pk__in=ids).select_related(
            "meeting",
            "application__applicant",
            "application__series",
            "application__title",
            "application__committee__region",
        )
        for row in rows:
            app = row.application
            notify(
                [app.applicant],
                _("评审结果已录入：%(number)s") % {"number": app.number},
                _("您的申请书 %(number)s（%(qual)s）在%(meeting)s的评审结果为：%(outcome)s。")
                % {
                    "number": app.number,
                    "qual": app.qualification_label,
                    "meeting": row.meeting.name,
                    "outcome": row.get_outcome_display(),
                },
                reverse("results:mine"),
                app,
            )

    _later(send)


# --- Scheduled reminders (scheduler/jobs.py). Each names its event with a key, so a job run
# twice, or by two schedulers, tells nobody twice.


def deadline_near(app: Application, closes_at: datetime, window_id: int) -> bool:
    """提交截止提醒: the applicant of an unsubmitted application, once per window."""
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
        _detail(app),
        app,
        key=f"deadline:{app.pk}:{window_id}",
    )
    return notice is not None


def waiting_too_long(
    holder: tuple[int | None, int | None, int | None], count: int, oldest: datetime, day: date
) -> bool:
    """待审核提醒: the staff of an organisation with applications waiting too long, once a day."""
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


def publicity_ended(publicity: Publicity, listed: int, open_objections: int) -> bool:
    """公示期满: the committee's staff, once per publicity."""
    notice = notify(
        staff_of(committee_id=publicity.committee_id),
        _("公示期已结束：%(title)s") % {"title": publicity.title},
        _(
            "公示“%(title)s”（%(start)s 至 %(end)s，共%(listed)s人）已结束，"
            "尚有%(open)s条异议未处理。异议处理完毕后即可印发批文。"
        )
        % {
            "title": publicity.title,
            "start": publicity.starts_on.isoformat(),
            "end": publicity.ends_on.isoformat(),
            "listed": listed,
            "open": open_objections,
        },
        reverse("results:publicity", args=[publicity.pk]),
        key=f"publicity-ended:{publicity.pk}",
    )
    return notice is not None
