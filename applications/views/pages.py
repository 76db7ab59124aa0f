"""Read-only pages: 查看修改意见, 申请书信息 with 申请书步骤, and 资格预审."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import applicant_required, signed_in_user
from applications import display
from applications.models import Application, HistoryEntry
from applications.views.common import (
    current_comments,
    header,
    last_return,
    own_application,
    precheck_context,
    template_sections,
)


@require_GET
@applicant_required
def opinions(request: HttpRequest, app_id: int) -> HttpResponse:
    """查看修改意见: the return opinion and each section's comments, in red."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    comments = current_comments(app)
    sections = [s for s in template_sections(app) if s.key in comments]
    context = {
        "app": app,
        "head": header(app, user),
        "returned": last_return(app),
        "commented": [(s, comments[s.key]) for s in sections],
    }
    return render(request, "applications/opinions.html", context)


def _history(app: Application) -> QuerySet[HistoryEntry]:
    return (
        HistoryEntry.objects.filter(application=app)
        .select_related("actor")
        .order_by("created_at", "id")
    )


@require_GET
@applicant_required
def detail(request: HttpRequest, app_id: int) -> HttpResponse:
    """申请书信息 (every section read-only) and 申请书步骤 (the history)."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    comments = [c for group in current_comments(app).values() for c in group]
    roles = dict(Role.choices)
    steps = [{"entry": h, "role": roles.get(h.actor_role, h.actor_role)} for h in _history(app)]
    context = {
        "app": app,
        "head": header(app, user),
        "sections": display.sections_view(
            app, id_for_viewer=user.id_number or "", comments=comments
        ),
        "steps": steps,
    }
    return render(request, "applications/detail.html", context)


@require_GET
@applicant_required
def precheck(request: HttpRequest, app_id: int) -> HttpResponse:
    """资格预审 on demand: each rule met or not, what is missing and where to fill it."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    context = {
        "app": app,
        "head": header(app, user),
        "precheck_page": True,
        **precheck_context(app, user),
    }
    return render(request, "applications/precheck.html", context)
