"""The steps: 提交至工作单位, 收回 and 删除, each from the page's version of the application."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import applicant_required, signed_in_user
from applications import actions, workflow
from applications.forms import VersionForm
from applications.views.common import EXPIRED, GET_POST, header, own_application
from applications.workflow import Step
from lib.refusal import Refused
from zhicheng.refusals import flash_refusal


@require_POST
@applicant_required
def submit(request: HttpRequest, app_id: int) -> HttpResponse:
    """提交至工作单位, from the page's version of the application."""
    user = signed_in_user(request)
    form = VersionForm(request.POST)
    if not form.is_valid():
        app = own_application(request, app_id)
        messages.error(request, str(EXPIRED))
        return redirect("applications:edit", app.pk)
    # Nothing is loaded for the page: the action locks the applicant's own row (else 404).
    try:
        done = actions.submit(user, app_id, expected_version=form.cleaned_data["version"])
    except Refused as error:
        flash_refusal(request, error)
        app = own_application(request, app_id)
        if workflow.can(Step.EDIT, app, user):
            return redirect("applications:edit", app.pk)
        return redirect("applications:list")
    messages.success(
        request,
        _("申请书已提交至工作单位（已提交 %(n)d/%(m)d 次），请通知单位管理员审核。")
        % {"n": done.submission_count, "m": done.committee.submission_limit},
    )
    return redirect("applications:list")


@GET_POST
@applicant_required
def recall(request: HttpRequest, app_id: int) -> HttpResponse:
    """收回: back to the applicant before the base unit has acted, after a confirmation."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, str(EXPIRED))
            return redirect("applications:list")
        try:
            actions.recall(user, app.pk, expected_version=form.cleaned_data["version"])
        except Refused as error:
            flash_refusal(request, error)
            return redirect("applications:list")
        messages.success(request, _("申请书已收回，可以继续编辑后重新提交。"))
        return redirect("applications:edit", app.pk)
    return render(
        request,
        "applications/recall.html",
        {
            "app": app,
            "head": header(app, user),
            "allowed": workflow.can(Step.RECALL, app, user),
            "form": VersionForm(initial={"version": app.version}),
        },
    )


@GET_POST
@applicant_required
def delete(request: HttpRequest, app_id: int) -> HttpResponse:
    """删除: only an application never submitted, after a confirmation page."""
    user = signed_in_user(request)
    app = own_application(request, app_id)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, str(EXPIRED))
            return redirect("applications:list")
        number, label = app.number, app.qualification_label
        try:
            actions.delete_application(user, app.pk, expected_version=form.cleaned_data["version"])
        except Refused as error:
            flash_refusal(request, error)
            return redirect("applications:list")
        messages.success(
            request,
            _("申请书 %(number)s（%(label)s）已删除。") % {"number": number, "label": label},
        )
        return redirect("applications:list")
    return render(
        request,
        "applications/delete.html",
        {
            "app": app,
            "head": header(app, user),
            "allowed": workflow.can(Step.DELETE, app, user),
            "form": VersionForm(initial={"version": app.version}),
        },
    )
