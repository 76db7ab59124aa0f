"""What the results steps tell whom: the text of results' notices, handed to `lib.outbox`.

`results_recorded` is called from inside the action's transaction: it only remembers ids
and registers an `on_commit` callback, so the locked transaction runs no extra query and a
refused or rolled-back step tells nobody. `publicity_ended` is a scheduled reminder
(scheduler/jobs.py): it names its event with a key, so a job run twice tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.staff import staff_of
from lib.outbox import notify
from results.models import MeetingResult, Publicity


def results_recorded(result_ids: Iterable[int]) -> None:
    """会议评审结果录入 (or corrected): each application's applicant."""
    ids = list(result_ids)

    def send() -> None:
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

    transaction.on_commit(send, robust=True)


def publicity_ended(publicity: Publicity, listed: int, open_objections: int) -> bool:
    """公示期满: the committee's staff, once per publicity. True when they were told now."""
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
