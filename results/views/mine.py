"""评审结果查询: the applicant's own applications after formal review, from fees to the 批文."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import applicant_required, signed_in_user
from applications.models import Application, Status
from results import rules
from results.models import ApprovalEntry, MeetingResult, PublicityEntry
from results.views._common import APP_RELATED


@dataclass
class MyRow:
    app: Application
    payment_required: bool
    payment_status: str
    paper_status: str
    result: MeetingResult | None
    entry: PublicityEntry | None
    approval: ApprovalEntry | None

    @property
    def payment_label(self) -> str:
        return {
            "paid": _("已缴费"),
            "unpaid": _("未缴费"),
            "refunded": _("已退费"),
        }.get(self.payment_status, _("待生成缴费单"))


def _one(app: Application, name: str) -> Any:
    return getattr(app, name, None)


@require_GET
@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    """评审结果查询: each own application after formal review, from fees to the 批文."""
    user = signed_in_user(request)
    apps = (
        Application.objects.filter(applicant=user, status=Status.PASSED)
        .select_related(
            *APP_RELATED,
            "specialty",
            "payment",
            "paper_receipt",
            "meeting_result__meeting",
            "publicity_entry__publicity",
            "approval__document",
        )
        .order_by("-year", "-id")
    )
    rows = []
    for app in apps:
        result = _one(app, "meeting_result")
        rows.append(
            MyRow(
                app,
                rules.payment_required(app.committee),
                rules.payment_status(app),
                rules.paper_status(app),
                result,
                _one(app, "publicity_entry"),
                _one(app, "approval"),
            )
        )
    return render(request, "results/mine.html", {"rows": rows, "today": rules.today()})
