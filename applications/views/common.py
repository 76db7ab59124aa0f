"""What every applicant page about one application shares: fetching it, and its header."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.permissions import signed_in_user
from applications import display, eligibility, rules, workflow
from applications.models import Action, Application, HistoryEntry
from applications.scoping import visible_to
from applications.workflow import Step
from catalog.models import TemplateSection
from catalog.templates import template_version

GET_POST = require_http_methods(["GET", "POST"])
NOT_EDITABLE = gettext_lazy("申请书已提交，审核期间不能修改。如需修改，请在单位审核前收回。")
EXPIRED = gettext_lazy("页面已过期，本次操作未执行。请刷新页面后重试。")


def own_application(
    request: HttpRequest,
    app_id: int,
    reads: Callable[[QuerySet[Application]], QuerySet[Application]] | None = None,
) -> Application:
    """The signed-in applicant's application with everything its header draws, and its
    template's row (whose revision keys the cached sections); else 404. `reads` adds what a
    page reads with it (columns of the same statement)."""
    apps = display.for_list(visible_to(signed_in_user(request))).select_related("template")
    return get_object_or_404(reads(apps) if reads else apps, pk=app_id)


def template_sections(app: Application) -> list[TemplateSection]:
    """The template's sections with their fields and slots (cached per revision: shared, read
    only)."""
    return list(template_version(app.template).sections)


def current_comments(app: Application) -> dict[str, list[Any]]:
    """栏目修改意见 of the latest submission round, by section key."""
    by_key: dict[str, list[Any]] = {}
    if app.submission_count:
        for comment in app.comments.filter(submission_no=app.submission_count).order_by(
            "position", "id"
        ):
            by_key.setdefault(comment.section_key, []).append(comment)
    return by_key


def last_return(app: Application) -> HistoryEntry | None:
    return (
        HistoryEntry.objects.filter(application=app, action=Action.RETURN)
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass
class Header:
    """What the top of every page about one application shows, and which steps it offers."""

    app: Application
    chain: list[display.NodeView]
    deadline: rules.Deadline
    status: str
    limit: int
    may: dict[str, bool]  # workflow.allowed: `{% if head.may.recall %}`

    @property
    def limit_reached(self) -> bool:
        return self.app.submission_count >= self.limit


def header(app: Application, user: User, now: datetime | None = None) -> Header:
    return Header(
        app=app,
        chain=display.chain_view(app, display.fixed_departments([app])),
        deadline=display.deadline(app, now or timezone.now()),
        status=display.status_line(app),
        limit=app.committee.submission_limit,
        may=workflow.allowed(app, user),
    )


def precheck_context(app: Application, user: User) -> dict[str, Any]:
    """资格预审 with links to where the applicant fills each thing in."""
    editable = workflow.can(Step.EDIT, app, user)

    def url_for(key: str) -> str:
        if key == eligibility.TRAINING:
            return reverse("training:mine")
        if editable:
            return reverse("applications:section", args=[app.pk, key])
        return reverse("applications:detail", args=[app.pk]) + f"#section-{key}"

    result = eligibility.precheck(app)
    return {"precheck": result, "precheck_rows": result.rows(url_for)}
