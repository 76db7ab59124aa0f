"""The expert's pages: the meetings they are drawn for, the voting page, an application read-only.

An expert reaches only panels where they hold a drawn (not declined) seat: anything else is a
404. Applications show no ID number (`id_for_viewer=""`), and votes are secret: the page shows
the expert's own votes only, and the totals once the meeting is closed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required, signed_in_user
from applications import display
from applications.models import SlotFile
from experts import panels
from experts.forms import ReasonForm, VoteForm
from experts.models import Interest, Panel, Seat, Vote
from lib.refusal import Refused
from results.models import MeetingResult
from zhicheng.refusals import add_refusal, flash_refusal
from zhicheng.serving import serve_file

expert_required = role_required(Role.EXPERT)


def _seat(request: HttpRequest, meeting_id: int) -> Seat:
    return get_object_or_404(
        Seat.objects.select_related("panel__meeting__committee", "expert"),
        panel__meeting_id=meeting_id,
        expert__user=signed_in_user(request),
        status=Seat.Status.DRAWN,
    )


@require_GET
@expert_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的评审会议: the meetings this expert is drawn for (declined ones are gone)."""
    seats = (
        Seat.objects.filter(expert__user=signed_in_user(request), status=Seat.Status.DRAWN)
        .select_related("panel__meeting__committee")
        .annotate(
            apps=Count("panel__meeting__results", distinct=True),
            voted=Count("votes", distinct=True),
            aside=Count("interests", distinct=True),
        )
        .order_by("-panel__meeting__held_on", "-pk")
    )
    return render(request, "experts/mine.html", {"seats": seats})


def _review_context(seat: Seat) -> dict[str, object]:
    panel = seat.panel
    apps = panels.subjects(panel)
    mine = {v.application_id: v for v in Vote.objects.filter(seat=seat)}
    aside = set(Interest.objects.filter(seat=seat).values_list("application_id", flat=True))
    totals = {}
    if panel.status == Panel.Status.CLOSED:
        totals = {
            r.application_id: r for r in MeetingResult.objects.filter(meeting_id=panel.meeting_id)
        }
    rows = [
        {"app": a, "vote": mine.get(a.pk), "aside": a.pk in aside, "result": totals.get(a.pk)}
        for a in apps
    ]
    return {
        "seat": seat,
        "panel": panel,
        "meeting": panel.meeting,
        "rows": rows,
        "open": panel.status == Panel.Status.OPEN,
        "done": sum(1 for r in rows if r["vote"] or r["aside"]),
    }


@require_GET
@expert_required
def review(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """在线评审: every applicant of the meeting, the expert's own vote or 回避, a form for the rest."""
    seat = _seat(request, meeting_id)
    context = _review_context(seat)
    context["vote_form"] = VoteForm()
    context["reason_form"] = ReasonForm()
    return render(request, "experts/review.html", context)


@require_http_methods(["GET", "POST"])
@expert_required
def application(request: HttpRequest, meeting_id: int, app_id: int) -> HttpResponse:
    """One applicant's materials read-only (no ID number), with the vote and 回避 forms."""
    seat = _seat(request, meeting_id)
    apps = {a.pk: a for a in panels.subjects(seat.panel)}
    app = apps.get(app_id)
    if app is None:
        return render(request, "404.html", status=404)
    user = signed_in_user(request)
    vote_form = VoteForm(request.POST if request.POST.get("step") == "vote" else None)
    reason_form = ReasonForm(request.POST if request.POST.get("step") == "interest" else None)
    if request.method == "POST":
        try:
            if request.POST.get("step") == "vote" and vote_form.is_valid():
                panels.cast_vote(
                    user,
                    meeting_id,
                    app_id,
                    choice=vote_form.cleaned_data["choice"],
                    opinion=vote_form.cleaned_data["opinion"],
                )
                messages.success(request, _("已提交对 %(n)s 的表决。") % {"n": app.number})
                return redirect("experts:review", meeting_id)
            if request.POST.get("step") == "interest" and reason_form.is_valid():
                panels.declare_interest(
                    user, meeting_id, app_id, reason=reason_form.cleaned_data["reason"]
                )
                messages.success(request, _("已声明回避 %(n)s。") % {"n": app.number})
                return redirect("experts:review", meeting_id)
        except Refused as error:
            add_refusal(vote_form if request.POST.get("step") == "vote" else reason_form, error)
    mine = Vote.objects.filter(seat=seat, application_id=app_id).first()
    aside = Interest.objects.filter(seat=seat, application_id=app_id).first()
    context = {
        "seat": seat,
        "meeting": seat.panel.meeting,
        "app": app,
        "open": seat.panel.status == Panel.Status.OPEN,
        "vote": mine,
        "aside": aside,
        "vote_form": vote_form,
        "reason_form": reason_form,
        "sections": display.sections_view(app, id_for_viewer=""),
    }
    return render(
        request,
        "experts/application.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def attachment(
    request: HttpRequest, meeting_id: int, app_id: int, slotfile_id: int
) -> HttpResponseBase:
    """A file of an application before the expert's panel; else 404 (other roles too)."""
    if signed_in_user(request).role != Role.EXPERT:
        raise Http404
    seat = _seat(request, meeting_id)
    if app_id not in {a.pk for a in panels.subjects(seat.panel)}:
        return render(request, "404.html", status=404)
    placed = get_object_or_404(
        SlotFile.objects.select_related("attachment"), pk=slotfile_id, application_id=app_id
    )
    item = placed.attachment
    return serve_file(item.file, item.display_name, item.content_type)


@require_POST
@expert_required
def decline(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """谢绝: the expert cannot sit; the platform draws a replacement."""
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写谢绝原因。"))
        return redirect("experts:review", meeting_id)
    try:
        panels.decline(signed_in_user(request), meeting_id, reason=form.cleaned_data["reason"])
    except Refused as error:
        flash_refusal(request, error)
        return redirect("experts:review", meeting_id)
    messages.success(request, _("已谢绝参加本次评审。"))
    return redirect("experts:mine")
