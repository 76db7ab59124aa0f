"""继续教育 pages: 我的继续教育 (applicant) and 继续教育审核 (unit admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import applicant_required, signed_in_user, unit_admin_required
from lib.refusal import Refused
from training import actions
from training.forms import RecordForm, RejectForm
from training.models import TrainingRecord
from zhicheng.refusals import flash_refusal
from zhicheng.serving import serve_file


def _default_unit_code(request: HttpRequest) -> str:
    """The unit of the applicant's latest application, read through the account's relation
    (training sits below applications and imports nothing of it)."""
    latest = (
        signed_in_user(request).applications.select_related("unit").order_by("-year", "-id").first()
    )
    return latest.unit.uscc if latest else ""


@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的继续教育: record hours per year; see what the unit confirmed or returned."""
    user = signed_in_user(request)
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            actions.add_record(
                user,
                actions.RecordDetails(
                    unit=data["unit_code"],
                    year=data["year"],
                    category=data["category"],
                    hours=data["hours"],
                    content=data["content"],
                ),
                data["evidence"],
            )
            messages.success(request, _("学时已登记，请通知单位管理员确认。"))
            return redirect("training:mine")
    else:
        form = RecordForm(initial={"unit_code": _default_unit_code(request)})
    records = TrainingRecord.objects.filter(applicant=user).select_related("unit")
    return render(request, "training/mine.html", {"form": form, "records": records})


@require_POST
@applicant_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.delete_record(signed_in_user(request), pk)
    except Refused as refused:
        flash_refusal(request, refused)
    else:
        messages.success(request, _("记录已删除。"))
    return redirect("training:mine")


@require_GET
@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The evidence scan: for its applicant and the admins of the confirming unit; else 404."""
    user = signed_in_user(request)
    if user.role == Role.APPLICANT:
        scope = Q(applicant=user)
    elif user.role == Role.UNIT_ADMIN:
        scope = Q(unit_id=user.unit_id)
    else:
        raise PermissionDenied(_("当前账号的角色不能使用此功能。"))
    record = get_object_or_404(TrainingRecord.objects.filter(scope), pk=pk)
    return serve_file(record.evidence, record.evidence_name, record.content_type)


@unit_admin_required
def unit(request: HttpRequest) -> HttpResponse:
    """继续教育审核: the unit's records, pending first."""
    user = signed_in_user(request)
    records = TrainingRecord.objects.filter(unit_id=user.unit_id).select_related("applicant")
    show = request.GET.get("show", "pending")
    if show != "all":
        records = records.filter(status=TrainingRecord.Status.PENDING)
    page = Paginator(records.order_by("created_at", "id"), 30).get_page(request.GET.get("page"))
    return render(
        request, "training/unit.html", {"page": page, "show": show, "reject_form": RejectForm()}
    )


@require_POST
@unit_admin_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """确认 (confirm=1) or 退回 with a reason, for a record of my unit only."""
    user = signed_in_user(request)
    get_object_or_404(TrainingRecord.objects.filter(unit_id=user.unit_id), pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    reason = ""
    if not confirm:
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect("training:unit")
        reason = form.cleaned_data["reason"]
    try:
        actions.review(user, pk, confirm=confirm, reason=reason)
    except Refused as refused:
        flash_refusal(request, refused)
    else:
        messages.success(request, _("已确认学时。") if confirm else _("已退回。"))
    return redirect("training:unit")
