"""Committee staff pages: 评审专家库, a meeting's panel (draw, attendance, close), 复查 and 投诉.

Staff reach only their own committee's rows; another committee's id answers 404. Each change
is one call into the expert actions; a refused step draws the page again with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required, signed_in_user
from catalog.models import Specialty
from experts import panels, pool, rechecks
from experts.common import committee_of
from experts.forms import (
    AnswerForm,
    CloseForm,
    DecideRecheckForm,
    DrawForm,
    ExpertForm,
    ImportForm,
    RecheckPeriodForm,
    RelationForm,
)
from experts.models import Complaint, Expert, Panel, PanelEvent, Recheck, Seat
from lib.refusal import Refused
from results.models import Meeting
from zhicheng.refusals import add_refusal, flash_refusal

staff_required = role_required(Role.COMMITTEE_STAFF)
PER_PAGE = 50


@require_http_methods(["GET", "POST"])
@staff_required
def pool_page(request: HttpRequest) -> HttpResponse:
    """评审专家库: the committee's experts; add one, or import a sheet."""
    staff = signed_in_user(request)
    committee_id = committee_of(staff)
    step = request.POST.get("step", "")
    form = ExpertForm(request.POST if step == "add" else None)
    import_form = ImportForm(
        request.POST if step == "import" else None, request.FILES if step == "import" else None
    )
    sheet_errors: list[str] = []
    if step == "add" and form.is_valid():
        data = form.cleaned_data
        try:
            added = pool.add_expert(
                staff,
                data["series"].pk,
                pool.ExpertData(
                    data["name"],
                    data["title"],
                    data["specialty"],
                    data["unit_name"],
                    data["region"],
                    data["mobile"],
                ),
            )
        except Refused as error:
            add_refusal(form, error)
        else:
            return _accounts(request, [added])
    if step == "import" and import_form.is_valid():
        try:
            made = pool.import_experts(
                staff, import_form.cleaned_data["series"].pk, import_form.cleaned_data["file"]
            )
        except pool.SheetRefused as error:
            add_refusal(import_form, error)
            sheet_errors = [str(e) for e in error.errors]
        except Refused as error:
            add_refusal(import_form, error)
        else:
            return _accounts(request, made)
    experts = (
        Expert.objects.filter(committee_id=committee_id)
        .select_related("series", "specialty", "region", "user")
        .order_by("series__sort_order", "specialty__name", "pk")
    )
    context = {
        "page": Paginator(experts, PER_PAGE).get_page(request.GET.get("page")),
        "form": form,
        "import_form": import_form,
        "sheet_errors": sheet_errors,
    }
    return render(
        request, "experts/pool.html", context, status=400 if request.method == "POST" else 200
    )


def _accounts(request: HttpRequest, added: list[pool.Added]) -> HttpResponse:
    """The new accounts and their first passwords, shown once (never stored in clear)."""
    messages.success(request, _("已增加 %(n)s 位评审专家。") % {"n": len(added)})
    return render(request, "experts/accounts.html", {"added": added})


@require_http_methods(["GET", "POST"])
@staff_required
def expert_page(request: HttpRequest, expert_id: int) -> HttpResponse:
    """One expert: facts, declared relations (回避 in every draw), and the panels they sat on."""
    staff = signed_in_user(request)
    expert = get_object_or_404(
        Expert.objects.select_related("series", "specialty", "region", "user"),
        committee_id=committee_of(staff),
        pk=expert_id,
    )
    if request.method == "POST" and request.POST.get("step") == "active":
        try:
            pool.set_active(staff, expert.pk, active=request.POST.get("active") == "1")
        except Refused as error:
            flash_refusal(request, error)
        else:
            messages.success(request, _("已更新专家状态。"))
        return redirect("experts:expert", expert.pk)
    form = RelationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pool.declare_relation(staff, expert.pk, **form.cleaned_data)
        except Refused as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("已登记关系人。"))
            return redirect("experts:expert", expert.pk)
    context = {
        "expert": expert,
        "relations": expert.relations.order_by("pk"),
        "seats": expert.seats.select_related("panel__meeting").order_by("-pk"),
        "form": form,
    }
    return render(
        request, "experts/expert.html", context, status=400 if request.method == "POST" else 200
    )


@require_GET
@staff_required
def meetings_page(request: HttpRequest) -> HttpResponse:
    """专家在线评审: the committee's meetings, each with its panel (or the way to draw one)."""
    committee_id = committee_of(signed_in_user(request))
    rows = (
        Meeting.objects.filter(committee_id=committee_id)
        .select_related("panel", "publicity")
        .annotate(
            total=Count("results", distinct=True),
            seated=Count(
                "panel__seats", filter=Q(panel__seats__status=Seat.Status.DRAWN), distinct=True
            ),
        )
        .order_by("-held_on", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "experts/meetings.html", {"page": page})


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee"),
        committee_id=committee_of(signed_in_user(request)),
        pk=meeting_id,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def panel_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's panel: draw it; then its seats, progress, attendance and the close."""
    staff = signed_in_user(request)
    meeting = _meeting(request, meeting_id)
    panel = Panel.objects.filter(meeting=meeting).first()
    step = request.POST.get("step", "")
    series_ids = meeting.results.values("application__series_id")
    specialties = Specialty.objects.filter(series_id__in=series_ids).order_by("sort_order", "pk")
    draw_form = DrawForm(request.POST if step == "draw" else None, specialties=specialties)
    drawn = Seat.objects.filter(panel=panel, status=Seat.Status.DRAWN).select_related("expert")
    close_form = CloseForm(request.POST if step == "close" else None, seats=drawn)
    period_form = RecheckPeriodForm(request.POST if step == "recheck" else None)
    try:
        if step == "draw" and draw_form.is_valid():
            panels.draw_panel(
                staff, meeting.pk, draw_form.cleaned_data["size"], draw_form.by_specialty()
            )
            messages.success(request, _("已随机抽取评审专家。"))
            return redirect("experts:panel", meeting.pk)
        if step == "close" and close_form.is_valid():
            panels.close_meeting(
                staff, meeting.pk, [s.pk for s in close_form.cleaned_data["attended"]]
            )
            messages.success(request, _("评审已结束，评审结果已由平台计算并录入。"))
            return redirect("results:meeting", meeting.pk)
        if step == "recheck" and period_form.is_valid():
            panels.set_recheck_period(staff, meeting.pk, period_form.cleaned_data["until"])
            messages.success(request, _("已设定复查申请期限。"))
            return redirect("experts:panel", meeting.pk)
    except Refused as error:
        target = {"draw": draw_form, "close": close_form, "recheck": period_form}.get(step)
        if target is None:
            flash_refusal(request, error)
        else:
            add_refusal(target, error)
    seats = []
    if panel is not None:
        seats = list(
            Seat.objects.filter(panel=panel)
            .select_related("expert__specialty", "replaces__expert")
            .order_by("order")
        )
    context = {
        "meeting": meeting,
        "panel": panel,
        "seats": seats,
        "drawn_count": sum(s.status == Seat.Status.DRAWN for s in seats),
        "quorum": -(-panel.size * 2 // 3) if panel else 0,
        "events": PanelEvent.objects.filter(panel=panel).select_related("actor").order_by("pk")
        if panel
        else [],
        "draw_form": draw_form,
        "close_form": close_form,
        "period_form": period_form,
        "redraw_matches": panel is not None
        and panels.redraw(panel) == [s.expert_id for s in seats if s.replaces_id is None],
    }
    return render(
        request, "experts/panel.html", context, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET"])
@staff_required
def rechecks_page(request: HttpRequest) -> HttpResponse:
    """复查与投诉: the committee's 复查 requests and complaints, each decided once."""
    committee_id = committee_of(signed_in_user(request))
    open_panels = [
        (p.meeting_id, p.meeting.name)
        for p in Panel.objects.filter(
            meeting__committee_id=committee_id, status=Panel.Status.OPEN
        ).select_related("meeting")
    ]
    items = list(
        Recheck.objects.filter(panel__meeting__committee_id=committee_id)
        .select_related("application__applicant", "panel__meeting", "revote_panel__meeting")
        .prefetch_related("files")
        .order_by("-pk")[:200]
    )
    complaints = list(
        Complaint.objects.filter(committee_id=committee_id).select_related("author")[:200]
    )
    context = {
        "rechecks": [
            (r, DecideRecheckForm(meetings=open_panels, prefix=f"r{r.pk}")) for r in items
        ],
        "complaints": [(c, AnswerForm(prefix=f"c{c.pk}")) for c in complaints],
    }
    return render(request, "experts/rechecks.html", context)


@require_POST
@staff_required
def recheck_decide(request: HttpRequest, recheck_id: int) -> HttpResponse:
    staff = signed_in_user(request)
    committee_id = committee_of(staff)
    open_panels = list(
        Panel.objects.filter(
            meeting__committee_id=committee_id, status=Panel.Status.OPEN
        ).values_list("meeting_id", "meeting__name")
    )
    form = DecideRecheckForm(request.POST, meetings=open_panels, prefix=f"r{recheck_id}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("experts:rechecks")
    try:
        rechecks.decide_recheck(
            staff,
            recheck_id,
            uphold=form.cleaned_data["uphold"],
            note=form.cleaned_data["note"],
            revote_meeting_id=form.cleaned_data.get("revote_meeting") or None,
        )
    except Refused as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("已处理复查申请。"))
    return redirect("experts:rechecks")


@require_POST
@staff_required
def complaint_answer(request: HttpRequest, complaint_id: int) -> HttpResponse:
    staff = signed_in_user(request)
    form = AnswerForm(request.POST, prefix=f"c{complaint_id}")
    if not form.is_valid():
        messages.error(request, _("请填写答复。"))
        return redirect("experts:rechecks")
    try:
        rechecks.answer_complaint(staff, complaint_id, answer=form.cleaned_data["answer"])
    except Refused as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("已答复投诉。"))
    return redirect("experts:rechecks")
