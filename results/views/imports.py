"""会议结果导入: a meeting's results from an .xlsx, inline or followed on a worker."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import signed_in_user
from lib.refusal import Refused
from results import actions
from results.forms import ImportForm
from results.models import ImportJob
from results.views._common import staff_required
from results.views.meetings import meeting_of, meeting_page
from zhicheng.refusals import add_refusal, message_of


@require_POST
@staff_required
def meeting_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """会议结果导入 from an .xlsx: all rows or none."""
    user = signed_in_user(request)
    meeting_of(request, meeting_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return meeting_page(request, meeting_id, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        done = actions.import_results(
            user, meeting_id, upload, file_name=getattr(upload, "name", "") or ""
        )
    except Refused as error:
        add_refusal(form, error)
        messages.error(request, message_of(error))
        return meeting_page(request, meeting_id, import_form=form, status=400)
    if done.refused:
        form.add_error("file", done.refused)
        messages.error(request, done.refused)
        return meeting_page(
            request, meeting_id, import_form=form, import_errors=list(done.errors), status=400
        )
    if done.job is not None:
        messages.info(
            request,
            _("表格共 %(n)s 行，已转入后台导入；本页显示导入结果。") % {"n": done.job.row_count},
        )
        return redirect("results:import_job", done.job.pk)
    messages.success(request, _("已导入 %(n)s 条评审结果。") % {"n": done.count})
    return redirect("results:meeting", meeting_id)


def _import_job(request: HttpRequest, job_id: int) -> ImportJob:
    """One of the staff member's committee's import jobs; another committee's is a 404."""
    committee_id = actions.committee_of(signed_in_user(request))
    return get_object_or_404(
        ImportJob.objects.select_related("meeting", "created_by"),
        meeting__committee_id=committee_id,
        pk=job_id,
    )


@require_GET
@staff_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """导入结果: waiting on the worker (the page follows it), imported, or refused with
    every row error."""
    job = _import_job(request, job_id)
    return render(request, "results/import_job.html", {"job": job, "meeting": job.meeting})


@never_cache
@require_GET
@staff_required
def import_job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    """导入状态 as JSON, polled by the import page."""
    job = _import_job(request, job_id)
    waiting = job.status == ImportJob.Status.QUEUED
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "running": waiting,
            "finished": not waiting,
            "done": job.row_count if job.status == ImportJob.Status.DONE else 0,
            "total": job.row_count,
            "percent": 100 if job.status == ImportJob.Status.DONE else 0,
            "imported": job.imported,
            "error": job.message,
            "errors": len(job.errors),
        }
    )
