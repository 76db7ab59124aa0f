"""公示 and 异议: publishing a meeting's passing list, and deciding the objections to it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import signed_in_user
from audit.exports import export_table
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import actions, rules
from results.forms import DecideForm, PublicityForm
from results.meeting_tables import PublicityTable, publicity_export_columns
from results.models import Meeting, MeetingResult, Objection, Publicity
from results.views._common import PER_PAGE, app_related, own_committee, refuse_on, staff_required
from results.views.meetings import meetings_of
from zhicheng.tables import configure, wants_export


def _publishable(committee: ReviewCommittee) -> QuerySet[Meeting]:
    """Meetings with at least one result, none pending, and no publicity yet."""
    pending = MeetingResult.objects.filter(
        meeting=OuterRef("pk"), outcome=MeetingResult.Outcome.PENDING
    )
    passed = MeetingResult.objects.filter(
        meeting=OuterRef("pk"), outcome=MeetingResult.Outcome.PASSED
    )
    return (
        meetings_of(committee)
        .filter(publicity__isnull=True)
        .filter(Exists(passed))
        .exclude(Exists(pending))
    )


def open_objections() -> Count:
    return Count(
        "entries__objections",
        filter=Q(entries__objections__status=Objection.Status.OPEN),
        distinct=True,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def publicities(request: HttpRequest) -> HttpResponse:
    """公示: the committee's publicities, and publishing a meeting's passing list."""
    committee = own_committee(request)
    choices = _publishable(committee)
    initial = {}
    if request.GET.get("meeting", "").isdigit():
        initial["meeting"] = int(request.GET["meeting"])
    form = PublicityForm(
        request.POST if request.method == "POST" else None, meetings=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_publicity(
                signed_in_user(request),
                form.cleaned_data["meeting"].pk,
                title=form.cleaned_data["title"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except Refused as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("已发布公示“%(t)s”。") % {"t": made.title})
            return redirect("results:publicity", made.pk)
    rows = (
        Publicity.objects.filter(committee=committee)
        .select_related("meeting", "approval")
        .annotate(
            listed=Count("entries", filter=Q(entries__removed=False), distinct=True),
            open_objections=open_objections(),
        )
        .order_by("-starts_on", "-id")
    )
    table = PublicityTable(rows)
    if request.method == "GET" and wants_export(request):
        columns = publicity_export_columns()
        return export_table(
            request,
            signed_in_user(request),
            table,
            columns,
            title=_("公示"),
            ascii_name="publicities",
        )
    configure(request, table)
    context = {
        "committee": committee,
        "form": form,
        "has_choices": choices.exists(),
        "table": table,
        "page": table.page,
        "today": rules.today(),
    }
    return render(
        request,
        "results/publicities.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _publicity(request: HttpRequest, publicity_id: int) -> Publicity:
    committee_id = actions.committee_of(signed_in_user(request))
    return get_object_or_404(
        Publicity.objects.select_related("meeting", "approval", "committee"),
        committee_id=committee_id,
        pk=publicity_id,
    )


@require_GET
@staff_required
def publicity(request: HttpRequest, publicity_id: int) -> HttpResponse:
    """One publicity as staff see it: everyone listed (removed ones too), the objections."""
    item = _publicity(request, publicity_id)
    entries = list(
        item.entries.select_related(*app_related("application__"))
        .annotate(
            objection_count=Count("objections"),
            open_count=Count("objections", filter=Q(objections__status=Objection.Status.OPEN)),
        )
        .order_by("id")
    )
    today = rules.today()
    context = {
        "publicity": item,
        "entries": entries,
        "today": today,
        "in_period": rules.in_period(item.starts_on, item.ends_on, today),
        "ended": today > item.ends_on,
        "open_total": sum(e.open_count for e in entries),
    }
    return render(request, "results/publicity.html", context)


# --- 异议 ----------------------------------------------------------------------------------

OBJECTION_FILTER = {"open": Objection.Status.OPEN, "all": ""}


def _objections_page(
    request: HttpRequest, bound: tuple[int, DecideForm] | None = None
) -> HttpResponse:
    committee = own_committee(request)
    shown = request.GET.get("status", "open")
    shown = shown if shown in OBJECTION_FILTER else "open"
    rows = Objection.objects.filter(entry__publicity__committee=committee).select_related(
        "entry__publicity", "decided_by", *app_related("entry__application__")
    )
    if shown == "open":
        rows = rows.filter(status=Objection.Status.OPEN)
    if request.GET.get("publicity", "").isdigit():
        rows = rows.filter(entry__publicity_id=int(request.GET["publicity"]))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = []
    for objection in page.object_list:
        form = None
        if objection.status == Objection.Status.OPEN:
            if bound and bound[0] == objection.pk:
                form = bound[1]
            else:
                form = DecideForm(auto_id=f"id_o{objection.pk}_%s")
        items.append((objection, form))
    context = {"committee": committee, "page": page, "items": items, "shown": shown}
    return render(request, "results/objections.html", context, status=400 if bound else 200)


@require_GET
@staff_required
def objections(request: HttpRequest) -> HttpResponse:
    """异议处理: objections lodged against the committee's publicities."""
    return _objections_page(request)


@require_POST
@staff_required
def objection_decide(request: HttpRequest, objection_id: int) -> HttpResponse:
    """Uphold (the person leaves the list) or dismiss one open objection."""
    user = signed_in_user(request)
    current = get_object_or_404(
        Objection.objects.select_related("entry__application__applicant"),
        entry__publicity__committee_id=actions.committee_of(user),
        pk=objection_id,
    )
    form = DecideForm(request.POST, auto_id=f"id_o{objection_id}_%s")
    refusal = ""
    if form.is_valid():
        try:
            decided = actions.decide_objection(
                user,
                objection_id,
                uphold=form.cleaned_data["decision"] == "uphold",
                note=form.cleaned_data["note"],
            )
        except Refused as error:
            refusal = refuse_on(form, error)
        else:
            name = current.entry.application.applicant.display_name
            if decided.status == Objection.Status.UPHELD:
                text = _("异议成立：%(name)s 已撤出公示名单。") % {"name": name}
            else:
                text = _("已处理：对 %(name)s 的异议不成立。") % {"name": name}
            messages.success(request, text)
            query = request.GET.urlencode()
            return redirect(reverse("results:objections") + (f"?{query}" if query else ""))
    messages.error(request, refusal or _("异议未处理，请按提示修改。"))
    return _objections_page(request, bound=(objection_id, form))
