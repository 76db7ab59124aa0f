"""待办 of 纸质材料 for the applicant's 我的主页 (registered with accounts.todo in AppConfig.ready).

After 通过形式审核 the committee needs the paper materials before the application can go before
a meeting (results.rules.ineligibility). Each of the applicant's passed applications not yet in a
meeting whose papers the committee has not marked received waits here: to hand in (with the
committee's deadline), or reported missing (with the committee's note, urgent). Received papers
wait for nothing. One query whatever the number of applications (ADR 0038).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.todo import Todo
from applications.models import Application, Status
from applications.todo import has_passed
from results import rules
from results.models import PaperReceipt

URGENT_DAYS = 3


def _deadline_detail(deadline: date | None, today: date) -> tuple[str, bool]:
    """The line beside the to-do and whether the deadline is near (or past)."""
    if deadline is None:
        return _("报送截止日期请关注评审委员会通知"), False
    days = (deadline - today).days
    when = date_format(deadline, "Y-m-d")
    if days < 0:
        return _("报送截止日期 %(date)s 已过") % {"date": when}, True
    return _("报送截止日期 %(date)s") % {"date": when}, days <= URGENT_DAYS


def todos(user: User) -> list[Todo]:
    """The applicant's paper materials still to hand in, or reported missing."""
    if user.role != Role.APPLICANT:
        return []
    if not has_passed(user):  # the common case: nothing has passed yet
        return []
    apps = (
        Application.objects.filter(
            Q(paper_receipt__isnull=True) | Q(paper_receipt__status=PaperReceipt.Status.MISSING),
            applicant=user,
            status=Status.PASSED,
            meeting_result__isnull=True,
        )
        .select_related("committee", "paper_receipt")
        .order_by("pk")
    )
    today = rules.today()
    found = []
    for app in apps:
        url = reverse("results:mine") + f"#result-{app.pk}"
        number = app.number or ""
        if rules.paper_status(app) == PaperReceipt.Status.MISSING:
            note = app.paper_receipt.note
            found.append(
                Todo(
                    text=_("申请书 %(number)s 的纸质材料缺失，请按评审委员会的说明补交")
                    % {"number": number},
                    url=url,
                    menu="results:mine",
                    urgent=True,
                    detail=note,
                )
            )
            continue
        detail, near = _deadline_detail(app.committee.paper_deadline, today)
        found.append(
            Todo(
                text=_("申请书 %(number)s 请向评审委员会报送纸质材料") % {"number": number},
                url=url,
                menu="results:mine",
                urgent=near,
                detail=detail,
            )
        )
    return found
