"""我的申请书 (every application of the applicant) and 特殊人才认定 填报帮助."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import applicant_required, signed_in_user
from applications import display, rules, todo, workflow
from applications.models import Action, Application, HistoryEntry, Status
from applications.scoping import visible_to
from catalog.models import BusinessType


@dataclass
class Row:
    app: Application
    chain: list[display.NodeView]
    deadline: rules.Deadline
    status: str
    may: dict[str, bool]  # workflow.allowed: which buttons the row offers

    @property
    def returned(self) -> bool:
        return self.app.status == Status.RETURNED

    @property
    def limit_reached(self) -> bool:
        return self.app.submission_count >= self.app.committee.submission_limit


def create_url(business_type: str) -> str:
    """新增申请书 of a business type: 评审 at new/, the others under their own menu."""
    if business_type == BusinessType.REVIEW:
        return reverse("applications:create")
    return reverse(f"applications:create_{business_type}")


def list_url(business_type: str | None) -> str:
    if not business_type:
        return reverse("applications:list")
    return reverse(f"applications:list_{business_type}")


@require_GET
@applicant_required
def application_list(request: HttpRequest, business_type: str | None = None) -> HttpResponse:
    """我的申请书: every application of the applicant, in the same number of queries for 1 or 50.

    Under a business type's own menu (URL kwarg, or `?type=`) only that type's are listed.
    """
    user = signed_in_user(request)
    business_type = business_type or request.GET.get("type") or None
    if business_type is not None and business_type not in BusinessType.values:
        raise Http404
    was_returned = HistoryEntry.objects.filter(application=OuterRef("pk"), action=Action.RETURN)
    mine = visible_to(user)
    if business_type is not None:
        mine = mine.filter(business_type=business_type)
    apps = list(
        display.for_list(mine.annotate(was_returned=Exists(was_returned)))
        # What the fee and print links beside each application read (payments' template tag;
        # the committee's fee rules come with the reference rows).
        .select_related("payment")
    )
    if business_type is None:
        # Every application of the applicant: the menu's 待办 need not read them again.
        todo.seed_applicant_applications(user, apps)
    departments = display.fixed_departments(apps)
    now = timezone.now()
    rows = [
        Row(
            app,
            chain=display.chain_view(app, departments),
            deadline=display.deadline(app, now),
            status=display.status_line(app),
            may=workflow.allowed(app, user),
        )
        for app in apps
    ]
    context = {
        "rows": rows,
        "business_type": business_type,
        "business_label": BusinessType(business_type).label if business_type else "",
        "create_url": create_url(business_type or BusinessType.REVIEW),
    }
    return render(request, "applications/list.html", context)


@require_GET
@applicant_required
def special_help(request: HttpRequest) -> HttpResponse:
    """特殊人才认定 填报帮助: the rule (新人社发〔2012〕85号 art. 4) and the flow, step by step."""
    return render(
        request,
        "applications/special_help.html",
        {
            "create_url": create_url(BusinessType.SPECIAL),
            "list_url": list_url(BusinessType.SPECIAL),
        },
    )
