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
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from accounts.permissions import reviewer_required, signed_in_user
from applications import display, eligibility, workflow
from applications.models import Application, HistoryEntry, Status
from applications.scoping import held_by, visible_to
from audit.exports import export_table, filters_of
from catalog.models import Title
from lib.refusal import Refused
from lib.visibility import id_for
from orgs.models import BaseUnit
from reviews import actions, handling
from reviews import tables as review_tables
from reviews.forms import (
    CommentForm,
    FilterForm,
    PassForm,
    RecommendationForm,
    ReturnForm,
)
from reviews.models import Recommendation, SectionComment
from reviews.tables import ReviewTable
from zhicheng.refusals import add_refusal, flash_refusal, message_of
from zhicheng.tables import configure, wants_export

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
    # The queue is worked oldest first; the query list shows the newest first (until the
    # reader sorts by a column: zhicheng/tables.py).
    apps = apps.order_by("last_action_at", "id") if not search else apps.order_by("-year", "-id")
    table = ReviewTable(display.for_table(apps).select_related("recommendation"), viewer=user)
    if wants_export(request):
        return _export(request, user, table, form, search=search)
    configure(request, table)
    context = {
        "search": search,
        "form": form,
        "table": table,
        "page": table.page,
        "filtered": any(form.value(name) for name in form.fields),
        "unit": own_unit(user),
    }
    return render(request, "reviews/list.html", context)


def _export(
    request: HttpRequest, user: User, table: ReviewTable, form: FilterForm, *, search: bool
) -> HttpResponse:
    """Exactly the filtered rows, in the chosen order, as .xlsx; the export is audited."""
    return export_table(
        request,
        user,
        table,
        review_tables.export_columns(user),
        title=_("申请书查询") if search else _("申请书审核"),
        ascii_name="review-search" if search else "review-queue",
        filters=filters_of(form),
    )


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
    """The application with what 办理 draws: its rows, template (资格预审), saved sections and
    placed files (read once for the sections, 资格预审 and the files)."""
    apps = (
        _with_rows(visible_to(user))
        .select_related("template")
        .prefetch_related(*display.SAVED_ROWS)
    )
    return get_object_or_404(apps, pk=app_id)


def _version(user: User, app_id: int) -> int:
    """The application's version as it is now, for a form drawn again after a refusal (the POST
    views load nothing else: the action itself finds the row within what the user may see)."""
    version = visible_to(user).filter(pk=app_id).values_list("version", flat=True).first()
    if version is None:
        raise Http404
    return version


def _tab(request: HttpRequest, user: User, wanted: str | None = None) -> str:
    tab = wanted or request.GET.get("tab") or TAB_INFO
    tabs = [TAB_INFO, TAB_STEPS] + ([TAB_RECOMMENDATION] if user.role == Role.UNIT_ADMIN else [])
    return tab if tab in tabs else TAB_INFO


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
        app, id_for_viewer=id_for(user, app.applicant, app.applicant.id_number), comments=others
    )
    items = []
    for view in views:
        key = view.section.key
        form = None
        if can_act and not view.section.filled_by_unit:
            saved = mine.get(key)
            form = bound.get(key) or handling.comment_form(key, initial=saved.text if saved else "")
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
    held = workflow.holds(user, app)
    unit = app.unit if user.role == Role.UNIT_ADMIN else None
    may = workflow.allowed(app, user)
    # The steps at a node are offered together: comments, return and pass (and, for a base
    # unit, its recommendation) — each asked of the declared workflow.
    can_act = may[workflow.Step.PASS]
    rec = recommendation_of(app)
    context: dict[str, Any] = {
        "app": app,
        "tab": tab,
        "held": held,
        "can_act": can_act,
        "may": may,
        "unit": unit,
        "status_line": display.status_line(app),
        "chain": display.chain_view(app, display.fixed_departments([app])),
        "recommendation": rec,
        "recommendation_current": current_recommendation(app),
        "next_label": workflow.next_label(app),
        "is_last_node": workflow.passes_to_formal_review(app),
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
        context["sections"] = _sections(
            app, user, can_act=may[workflow.Step.COMMENT], bound=comment_forms or {}
        )
        # The comments form's error summary (ADR 0040) shows when a box was refused.
        context["comment_errors"] = any(f.errors for f in (comment_forms or {}).values())
    elif tab == TAB_STEPS:
        roles = dict(Role.choices)
        context["history"] = [
            Step(entry, str(roles.get(entry.actor_role, entry.actor_role)))
            for entry in app.history.select_related("actor")
        ]
    elif tab == TAB_RECOMMENDATION and may[workflow.Step.RECOMMEND]:
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
    _version(user, app_id)  # 404 before anything else for an application the user may not see
    form = CommentForm(request.POST, auto_id=f"id_comment_{section_key}_%s")
    if not form.is_valid():
        return _render_handle(request, app_id, tab=TAB_INFO, comment_forms={section_key: form})
    try:
        saved = actions.save_comment(user, app_id, section_key, form.cleaned_data["text"])
    except Refused as error:
        flash_refusal(request, error)
        return _render_handle(request, app_id, tab=TAB_INFO)
    if saved is None:
        messages.success(request, _("已删除该栏目的修改意见。"))
    else:
        messages.success(request, _("栏目修改意见已保存。"))
    return redirect(_handle_url(app_id, anchor=f"section-{section_key}"))


@require_POST
@reviewer_required
def comments(request: HttpRequest, app_id: int) -> HttpResponse:
    """保存 栏目修改意见: every box of the page at once; an emptied box removes its comment."""
    user = signed_in_user(request)
    app = get_object_or_404(visible_to(user).select_related("template"), pk=app_id)
    keys = set(app.template.sections.values_list("key", flat=True))
    forms = {
        key: handling.comment_form(key, request.POST)
        for key in sorted(keys)
        if f"{key}-text" in request.POST
    }
    if not all(form.is_valid() for form in forms.values()):
        # Nothing is saved; every box keeps what was typed, a long one says why.
        return _render_handle(request, app_id, tab=TAB_INFO, comment_forms=forms)
    try:
        changed = actions.save_comments(
            user, app_id, {key: form.cleaned_data["text"] for key, form in forms.items()}
        )
    except Refused as error:
        flash_refusal(request, error)
        return _render_handle(request, app_id, tab=TAB_INFO, comment_forms=forms)
    if changed:
        messages.success(request, _("已保存 %(n)s 个栏目的修改意见。") % {"n": changed})
    else:
        messages.info(request, _("栏目修改意见没有变化。"))
    section = request.POST.get("section", "")
    return redirect(_handle_url(app_id, anchor=f"section-{section}" if section in keys else ""))


@require_POST
@reviewer_required
def recommend(request: HttpRequest, app_id: int) -> HttpResponse:
    """单位推荐意见: saved before the unit may submit the application onwards."""
    user = signed_in_user(request)
    # No page load here: the action locks the row, scoped to what the user may see (404).
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
    except Refused as error:
        add_refusal(form, error)
        flash_refusal(request, error)
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
    form = ReturnForm(request.POST, auto_id="id_return_%s")
    if not form.is_valid():
        if "version" in form.errors:
            return _refused(request, app_id, str(workflow.STALE))
        return _render_handle(request, app_id, return_form=form)
    try:
        app = actions.return_application(
            user,
            app_id,
            opinion=form.cleaned_data["opinion"],
            expected_version=form.cleaned_data["version"],
        )
    except Refused as error:
        # Keep what was typed, on a page drawn from the current state.
        fresh = ReturnForm(
            initial={"version": _version(user, app_id), "opinion": form.cleaned_data["opinion"]},
            auto_id="id_return_%s",
        )
        return _refused(request, app_id, message_of(error), return_form=fresh)
    messages.success(request, _("申请书 %(number)s 已退回申请人修改。") % {"number": app.number})
    return redirect("reviews:queue")


@require_POST
@reviewer_required
def pass_view(request: HttpRequest, app_id: int) -> HttpResponse:
    """提交 (base unit) / 审核通过: on to the next node, or 通过形式审核 after the last."""
    user = signed_in_user(request)
    form = PassForm(request.POST, auto_id="id_pass_%s")
    if not form.is_valid():
        if "version" in form.errors:
            return _refused(request, app_id, str(workflow.STALE))
        return _render_handle(request, app_id, pass_form=form)
    try:
        moved = actions.pass_application(
            user,
            app_id,
            opinion=form.cleaned_data["opinion"],
            expected_version=form.cleaned_data["version"],
        )
    except Refused as error:
        fresh = PassForm(
            initial={"version": _version(user, app_id), "opinion": form.cleaned_data["opinion"]},
            auto_id="id_pass_%s",
        )
        return _refused(request, app_id, message_of(error), pass_form=fresh)
    if moved.status == Status.PASSED:
        text = _("申请书 %(number)s 已通过形式审核。") % {"number": moved.number}
    else:
        text = _("申请书 %(number)s 已提交至[%(node)s]。") % {
            "number": moved.number,
            "node": moved.current_label,
        }
    messages.success(request, text)
    return redirect("reviews:queue")
