"""复查申请 for the applicant, 投诉 for anyone signed in, and the 复查 files for those who may see them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.permissions import signed_in_user
from experts import rechecks
from experts.forms import ComplaintForm, RecheckForm
from experts.models import Complaint, Panel, Recheck, RecheckFile
from lib.files import UploadError, check_upload
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import rules as results_rules
from results.models import MeetingResult
from zhicheng.refusals import add_refusal
from zhicheng.serving import serve_file


def _committees() -> list[tuple[int, str]]:
    return list(ReviewCommittee.objects.filter(is_active=True).values_list("pk", "name"))


@require_http_methods(["GET", "POST"])
@login_required
def my_rechecks(request: HttpRequest) -> HttpResponse:
    """复查申请 (applicants: results not passed at a closed online review) and 投诉 (anyone)."""
    user = signed_in_user(request)
    step = request.POST.get("step", "")
    complaint_form = ComplaintForm(
        request.POST if step == "complaint" else None, committees=_committees()
    )
    recheck_form = RecheckForm(
        request.POST if step == "recheck" else None, request.FILES if step == "recheck" else None
    )
    if step == "complaint" and complaint_form.is_valid():
        try:
            rechecks.lodge_complaint(
                user,
                complaint_form.cleaned_data["committee"],
                text=complaint_form.cleaned_data["text"],
            )
        except Refused as error:
            add_refusal(complaint_form, error)
        else:
            messages.success(request, _("投诉已提交，评审委员会答复后会通知您。"))
            return redirect("experts:my_rechecks")
    if step == "recheck" and recheck_form.is_valid() and user.role == Role.APPLICANT:
        try:
            uploads = [
                check_upload(f, f.name or "")
                for f in request.FILES.getlist("attachments")
                if f.size
            ]
            rechecks.request_recheck(
                user,
                int(request.POST.get("result", "0") or 0),
                reasons=recheck_form.cleaned_data["reasons"],
                files=uploads,
            )
        except UploadError as error:
            recheck_form.add_error("attachments", str(error))
        except Refused as error:
            add_refusal(recheck_form, error)
        else:
            messages.success(request, _("复查申请已提交。"))
            return redirect("experts:my_rechecks")
    failed = []
    if user.role == Role.APPLICANT:
        closed = Panel.objects.filter(status=Panel.Status.CLOSED)
        failed = list(
            MeetingResult.objects.filter(
                application__applicant=user,
                outcome=MeetingResult.Outcome.FAILED,
                meeting__panel__in=closed,
            ).select_related("application", "meeting__panel")
        )
    mine = list(
        Recheck.objects.filter(application__applicant=user)
        .select_related("application", "panel__meeting")
        .prefetch_related("files")
    )
    asked = {r.application_id for r in mine}
    context = {
        "failed": [
            {
                "result": r,
                "until": r.meeting.panel.recheck_until,
                "open": r.meeting.panel.recheck_until is not None
                and results_rules.today() <= r.meeting.panel.recheck_until,
                "asked": r.application_id in asked,
            }
            for r in failed
        ],
        "rechecks": mine,
        "complaints": Complaint.objects.filter(author=user).select_related("committee"),
        "recheck_form": recheck_form,
        "complaint_form": complaint_form,
        "chosen": request.POST.get("result", ""),
    }
    return render(
        request,
        "experts/my_rechecks.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def recheck_file(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """A 复查 file: for its applicant and the committee's staff; 404 for anyone else."""
    user = signed_in_user(request)
    scope = Q(recheck__application__applicant=user)
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        scope |= Q(recheck__panel__meeting__committee_id=user.committee_id)
    item = get_object_or_404(RecheckFile.objects.filter(scope), pk=file_id)
    return serve_file(item.file, item.display_name, item.content_type)
