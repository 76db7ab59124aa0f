"""Reviewer pages: 申请书审核 (the queue), 申请书查询 (everything visible), and 办理.

Every application is looked up in `visible_to(user)` (someone else's id answers 404);
whether the page offers comment boxes and buttons depends on `holds` — the application
waits at the user's own node. Every change goes through one call in `reviews.actions`,
which checks the same things again inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from accounts.permissions import reviewer_required, signed_in_user
from applications import display, eligibility
from applications.actions import STALE, ActionError
from applications.models import Application, HistoryEntry, Status
from applications.scoping import held_by, visible_to
from catalog.models import Title
from lib.idcard import mask_id_number
from orgs.models import BaseUnit
from reviews import actions
from reviews.forms import (
    CommentForm,
    FilterForm,
    PassForm,
    RecommendationForm,
    ReturnForm,
)
from reviews.models import Recommendation, SectionComment

PER_PAGE = 20
TAB_INFO, TAB_STEPS, TAB_RECOMMENDATION = "info", "steps", "recommendation"


# --- helpers ---------------------------------------------------------------------------


def recommendation_of(app: Application) -> Recommendation | None:
    """The unit's recommendation, from the row fetched with the application (no query)."""
    try:
        return app.recommendation
    except ObjectDoesNotExist:
        return None


def current_recommendation(app: Application) -> Recommendation | None:
    """The recommendation saved for this submission round (an older one does not count)."""
    rec = recommendation_of(app)
    return rec if rec is not None and rec.submission_no == app.submission_count else None


def own_unit(user: User) -> BaseUnit | None:
    """A unit administrator's unit, read fresh (its completeness decides what they may do)."""
    if user.role != Role.UNIT_ADMIN or user.unit_id is None:
        return None
    return BaseUnit.objects.filter(pk=user.unit_id).first()


def _with_rows(apps: QuerySet[Application]) -> QuerySet[Application]:
    """What a list row or the 办理 header draws, in a fixed number of queries."""
    return display.for_list(apps).select_related("recommendation")


# --- 申请书审核 and 申请书查询 ------------------------------------------------------------


@dataclass
class Row:
    app: Application
    status: str
    held: bool
    recommendation: Recommendation | None

    @property
    def status_head(self) -> str:
        """`[申请人]提交到[基层工作单位]`, with the time on a line of its own."""
        return self.status.partition(" 办理时间: ")[0]

    @property
    def status_time(self) -> str:
        return self.status.partition(" 办理时间: ")[2]


def _filtered(apps: QuerySet[Application], form: FilterForm) -> QuerySet[Application]:
    q = form.value("q")
    if q:
        apps = apps.filter(Q(applicant__real_name__icontains=q) | Q(number__icontains=q))
    if form.value("level"):
        apps = apps.filter(level=form.value("level"))
    if form.value("title"):
        apps = apps.filter(title_id=form.value("title"))
    if "status" in form.fields and form.value("status"):
        apps = apps.filter(status=form.value("status"))
    return apps


def _list(request: HttpRequest, *, search: bool) -> HttpResponse:
    user = signed_in_user(request)
    scope = visible_to(user) if search else held_by(user)
    titles = list(
        Title.objects.filter(pk__in=scope.values("title_id"))
        .select_related("series")
        .order_by("series__sort_order", "level", "sort_order", "id")
    )
    form = FilterForm(request.GET, titles=titles, with_status=search)
    apps = _filtered(scope, form)
    # The queue is worked oldest first; the query list shows the newest first.
    apps = apps.order_by("last_action_at", "id") if not search else apps.order_by("-year", "-id")
    page = Paginator(_with_rows(apps), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        Row(app, display.status_line(app), actions.holds(user, app), recommendation_of(app))
        for app in page.object_list
    ]
    context = {
        "search": search,
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": any(form.value(name) for name in form.fields),
        "unit": own_unit(user),
    }
    return render(request, "reviews/list.html", context)


@require_GET
@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    """申请书审核: the applications waiting at the user's organisation."""
    return _list(request, search=False)


@require_GET
@reviewer_required
def search(request: HttpRequest) -> HttpResponse:
    """申请书查询: every application the user may see, in every status, read-only."""
    return _list(request, search=True)


# --- 办理 ------------------------------------------------------------------------------


@dataclass
class SectionItem:
    view: display.SectionView
    form: CommentForm | None
    saved: SectionComment | None

    @property
    def single(self) -> list[display.SectionView]:
        """For the shared read-only include, which draws a list of sections."""
        return [self.view]


@dataclass
class Step:
    entry: HistoryEntry
    role: str


def _load(user: User, app_id: int) -> Application:
    return get_object_or_404(_with_rows(visible_to(user)), pk=app_id)


def _tab(request: HttpRequest, user: User, wanted: str | None = None) -> str:
    tab = wanted or request.GET.get("tab") or TAB_INFO
    tabs = [TAB_INFO, TAB_STEPS] + ([TAB_RECOMMENDATION] if user.role == Role.UNIT_ADMIN else [])
    return tab if tab in tabs else TAB_INFO


def _next_label(app: Application) -> str:
    if app.position < len(app.nodes):
        return str(app.nodes[app.position]["label"])
    return "通过形式审核"


def _sections(
    app: Application, user: User, *, can_act: bool, bound: dict[str, CommentForm]
) -> list[SectionItem]:
    """Every section read-only; the reviewer's own comment box under each when they may act."""
    comments = list(
        SectionComment.objects.filter(application=app, submission_no=app.submission_count)
    )
    # The reviewer's own comments of this round go in their boxes; the other nodes' are shown.
    mine = {c.section_key: c for c in comments if can_act and c.position == app.position}
    others = [c for c in comments if mine.get(c.section_key) is not c]
    views = display.sections_view(
        app, id_for_viewer=mask_id_number(app.applicant.id_number or ""), comments=others
    )
    items = []
    for view in views:
        key = view.section.key
        form = None
        if can_act and not view.section.filled_by_unit:
            saved = mine.get(key)
            form = bound.get(key) or CommentForm(
                initial={"text": saved.text if saved else ""}, auto_id=f"id_comment_{key}_%s"
            )
        items.append(SectionItem(view, form, mine.get(key)))
    return items


def _precheck_context(app: Application, user: User) -> dict[str, Any]:
    """资格预审, the same result the applicant sees, linked to the sections on this page."""

    def url_for(key: str) -> str:
        if key == eligibility.TRAINING:
            return reverse("training:unit") if user.role == Role.UNIT_ADMIN else ""
        return f"{_handle_url(app.pk)}#section-{key}"

    result = eligibility.precheck(app)
    return {"precheck": result, "precheck_rows": result.rows(url_for)}


def _render_handle(
    request: HttpRequest,
    app_id: int,
    *,
    tab: str | None = None,
    comment_forms: dict[str, CommentForm] | None = None,
    recommendation_form: RecommendationForm | None = None,
    return_form: ReturnForm | None = None,
    pass_form: PassForm | None = None,
) -> HttpResponse:
    user = signed_in_user(request)
    app = _load(user, app_id)
    tab = _tab(request, user, tab)
    held = actions.holds(user, app)
    unit = app.unit if user.role == Role.UNIT_ADMIN else None
    can_act = held and (unit is None or unit.is_complete)
    rec = recommendation_of(app)
    context: dict[str, Any] = {
        "app": app,
        "tab": tab,
        "held": held,
        "can_act": can_act,
        "unit": unit,
        "status_line": display.status_line(app),
        "chain": display.chain_view(app, display.fixed_departments([app])),
        "recommendation": rec,
        "recommendation_current": current_recommendation(app),
        "next_label": _next_label(app),
        "is_last_node": app.position >= len(app.nodes),
        "is_unit_admin": user.role == Role.UNIT_ADMIN,
        **_precheck_context(app, user),
    }
    if can_act:
        context["return_form"] = return_form or ReturnForm(
            initial={"version": app.version}, auto_id="id_return_%s"
        )
        context["pass_form"] = pass_form or PassForm(
            initial={"version": app.version}, auto_id="id_pass_%s"
        )
    if tab == TAB_INFO:
        context["sections"] = _sections(app, user, can_act=can_act, bound=comment_forms or {})
    elif tab == TAB_STEPS:
        roles = dict(Role.choices)
        context["history"] = [
            Step(entry, str(roles.get(entry.actor_role, entry.actor_role)))
            for entry in app.history.select_related("actor")
        ]
    elif tab == TAB_RECOMMENDATION and can_act:
        if recommendation_form is None:
            base = rec  # an earlier round's text is offered again, but must be saved anew
            recommendation_form = RecommendationForm(
                initial={
                    "person": base.responsible_person if base else app.unit.hr_person,
                    "mobile": base.responsible_mobile if base else app.unit.hr_mobile,
                    "opinion": base.opinion if base else "",
                }
            )
        context["recommendation_form"] = recommendation_form
    return render(request, "reviews/handle.html", context)


def _handle_url(app_id: int, tab: str = TAB_INFO, anchor: str = "") -> str:
    url = reverse("reviews:handle", args=[app_id])
    if tab != TAB_INFO:
        url += f"?tab={tab}"
    return url + (f"#{anchor}" if anchor else "")


@require_GET
@reviewer_required
def handle(request: HttpRequest, app_id: int) -> HttpResponse:
    """办理: the whole application, its steps, the unit's recommendation, and the actions."""
    return _render_handle(request, app_id)


@require_POST
@reviewer_required
def comment(request: HttpRequest, app_id: int, section_key: str) -> HttpResponse:
    """栏目修改意见 of one section, saved on its own; an empty box removes it."""
    user = signed_in_user(request)
    _load(user, app_id)  # 404 before anything else for an application the user may not see
    form = CommentForm(request.POST, auto_id=f"id_comment_{section_key}_%s")
    if not form.is_valid():
        return _render_handle(request, app_id, tab=TAB_INFO, comment_forms={section_key: form})
    try:
        saved = actions.save_comment(user, app_id, section_key, form.cleaned_data["text"])
    except ActionError as error:
        messages.error(request, error.message)
        return _render_handle(request, app_id, tab=TAB_INFO)
    if saved is None:
        messages.success(request, _("已删除该栏目的修改意见。"))
    else:
        messages.success(request, _("栏目修改意见已保存。"))
    return redirect(_handle_url(app_id, anchor=f"section-{section_key}"))


@require_POST
@reviewer_required
def recommend(request: HttpRequest, app_id: int) -> HttpResponse:
    """单位推荐意见: saved before the unit may submit the application onwards."""
    user = signed_in_user(request)
    _load(user, app_id)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return _render_handle(request, app_id, tab=TAB_RECOMMENDATION, recommendation_form=form)
    try:
        actions.save_recommendation(
            user,
            app_id,
            person=form.cleaned_data["person"],
            mobile=form.cleaned_data["mobile"],
            opinion=form.cleaned_data["opinion"],
        )
    except ActionError as error:
        form.add_error(None, error.message)
        messages.error(request, error.message)
        return _render_handle(request, app_id, tab=TAB_RECOMMENDATION, recommendation_form=form)
    messages.success(
        request, _("单位推荐意见已保存。核对无误后，请点击“提交”将材料提交至下一环节。")
    )
    return redirect(_handle_url(app_id, TAB_RECOMMENDATION))


def _refused(request: HttpRequest, app_id: int, message: str, **forms: Any) -> HttpResponse:
    """A refused step: the page drawn afresh (it may no longer be at this node) with why."""
    messages.error(request, message)
    return _render_handle(request, app_id, **forms)


@require_POST
@reviewer_required
def return_view(request: HttpRequest, app_id: int) -> HttpResponse:
    """退回: back to the applicant with an overall opinion."""
    user = signed_in_user(request)
    app = _load(user, app_id)
    form = ReturnForm(request.POST, auto_id="id_return_%s")
    if not form.is_valid():
        if "version" in form.errors:
            return _refused(request, app_id, STALE)
        return _render_handle(request, app_id, return_form=form)
    try:
        actions.return_application(
            user,
            app_id,
            opinion=form.cleaned_data["opinion"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionError as error:
        # Keep what was typed, on a page drawn from the current state.
        fresh = ReturnForm(
            initial={"version": app.version, "opinion": form.cleaned_data["opinion"]},
            auto_id="id_return_%s",
        )
        return _refused(request, app_id, error.message, return_form=fresh)
    messages.success(request, _("申请书 %(number)s 已退回申请人修改。") % {"number": app.number})
    return redirect("reviews:queue")


@require_POST
@reviewer_required
def pass_view(request: HttpRequest, app_id: int) -> HttpResponse:
    """提交 (base unit) / 审核通过: on to the next node, or 通过形式审核 after the last."""
    user = signed_in_user(request)
    app = _load(user, app_id)
    form = PassForm(request.POST, auto_id="id_pass_%s")
    if not form.is_valid():
        if "version" in form.errors:
            return _refused(request, app_id, STALE)
        return _render_handle(request, app_id, pass_form=form)
    try:
        moved = actions.pass_application(
            user,
            app_id,
            opinion=form.cleaned_data["opinion"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionError as error:
        fresh = PassForm(
            initial={"version": app.version, "opinion": form.cleaned_data["opinion"]},
            auto_id="id_pass_%s",
        )
        return _refused(request, app_id, error.message, pass_form=fresh)
    if moved.status == Status.PASSED:
        text = _("申请书 %(number)s 已通过形式审核。") % {"number": moved.number}
    else:
        text = _("申请书 %(number)s 已提交至[%(node)s]。") % {
            "number": moved.number,
            "node": moved.current_label,
        }
    messages.success(request, text)
    return redirect("reviews:queue")
