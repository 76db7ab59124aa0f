"""批文: issuing one after a publicity or directly (特殊人才认定), and following its certificates.

The certificates themselves are the certificates app's (above results): their progress and
继续颁发 go through the port `results.issuing`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import signed_in_user
from applications.models import Application, Status
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import actions, issuing, rules
from results.forms import ApprovalForm, SpecialApprovalForm
from results.models import ApprovalDocument, Objection, Publicity
from results.views._common import (
    APP_RELATED,
    PER_PAGE,
    app_related,
    own_committee,
    refuse_on,
    staff_required,
)
from results.views.publicity import open_objections
from zhicheng.refusals import flash_refusal


def _issuable(committee: ReviewCommittee) -> QuerySet[Publicity]:
    """Publicities whose period has ended, with no 批文 and no open objection."""
    open_ones = Objection.objects.filter(
        entry__publicity=OuterRef("pk"), status=Objection.Status.OPEN
    )
    return Publicity.objects.filter(
        committee=committee, ends_on__lt=rules.today(), approval__isnull=True
    ).exclude(Exists(open_ones))


@require_http_methods(["GET", "POST"])
@staff_required
def approvals(request: HttpRequest) -> HttpResponse:
    """批文: the committee's approval documents, and issuing one after a publicity."""
    committee = own_committee(request)
    choices = _issuable(committee)
    initial: dict[str, Any] = {"issued_on": rules.today()}
    if request.GET.get("publicity", "").isdigit():
        initial["publicity"] = int(request.GET["publicity"])
    form = ApprovalForm(
        request.POST if request.method == "POST" else None, publicities=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.issue_approval(
                signed_in_user(request),
                form.cleaned_data["publicity"].pk,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                authority=form.cleaned_data["authority"],
            )
        except Refused as error:
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("已发文 %(n)s，共 %(c)s 人。证书正在颁发，本页显示进度。")
                % {"n": document.number, "c": document.entries.count()},
            )
            return redirect("results:approval", document.pk)
    rows = (
        ApprovalDocument.objects.filter(committee=committee)
        .select_related("publicity", "created_by")
        .annotate(people=Count("entries"))
        .order_by("-issued_on", "-id")
    )
    waiting = (
        Publicity.objects.filter(committee=committee, approval__isnull=True)
        .annotate(open_objections=open_objections())
        .order_by("ends_on", "id")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "committee": committee,
        "form": form,
        "has_choices": choices.exists(),
        "page": page,
        "waiting": waiting,
        "today": rules.today(),
        "direct_allowed": not committee.special_needs_meeting,
    }
    return render(
        request, "results/approvals.html", context, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
@staff_required
def special_approvals(request: HttpRequest) -> HttpResponse:
    """特殊人才认定发文: a 批文 straight after formal review, when no meeting is required."""
    committee = own_committee(request)
    form = SpecialApprovalForm(
        request.POST if request.method == "POST" else None, initial={"issued_on": rules.today()}
    )
    chosen = {int(v) for v in request.POST.getlist("applications") if v.isdigit()}
    refusals: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        # Applications that may not get a direct 批文 refuse the step as a whole; when
        # several do, the page names each one and why (the action judges again, locked).
        found = actions.special_refusals(user, sorted(chosen))
        try:
            if found:
                raise Refused(actions.special_refusal_message(found))
            document = actions.issue_special_approval(
                user,
                sorted(chosen),
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                authority=form.cleaned_data["authority"],
            )
        except Refused as error:
            refuse_on(form, error)
            refusals = found if len(found) > 1 else []
        else:
            messages.success(
                request,
                _("已发文 %(n)s，共 %(c)s 人。证书正在颁发，本页显示进度。")
                % {"n": document.number, "c": document.entries.count()},
            )
            return redirect("results:approval", document.pk)
    issuable = list(
        actions.special_issuable(committee).select_related(*APP_RELATED).order_by("passed_at", "id")
    )
    # Formal review passed but not offered: say why (unpaid, in a meeting …).
    waiting = []
    if not committee.special_needs_meeting:
        others = (
            Application.objects.filter(
                committee=committee,
                business_type="special",
                status=Status.PASSED,
                approval__isnull=True,
            )
            .exclude(pk__in=[a.pk for a in issuable])
            .select_related(*APP_RELATED, "payment", "meeting_result", "approval")
            .order_by("id")
        )
        waiting = [(a, actions.special_ineligibility(a, committee)) for a in others]
    context = {
        "committee": committee,
        "form": form,
        "issuable": issuable,
        "waiting": waiting,
        "chosen": chosen,
        "refusals": refusals,
    }
    return render(
        request,
        "results/special_approvals.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def approval(request: HttpRequest, document_id: int) -> HttpResponse:
    """One 批文 and the people it covers."""
    committee_id = actions.committee_of(signed_in_user(request))
    document = get_object_or_404(
        ApprovalDocument.objects.select_related("publicity", "created_by", "committee"),
        committee_id=committee_id,
        pk=document_id,
    )
    entries = document.entries.select_related(
        *app_related("application__"), "application__specialty", "application__certificate"
    )
    context = {
        "document": document,
        "entries": entries,
        "progress": issuing.issuer().progress(document),
    }
    return render(request, "results/approval.html", context)


def _document_of(request: HttpRequest, document_id: int) -> ApprovalDocument:
    """One of the staff member's committee's 批文; another committee's is a 404."""
    committee_id = actions.committee_of(signed_in_user(request))
    return get_object_or_404(ApprovalDocument, committee_id=committee_id, pk=document_id)


@never_cache
@require_GET
@staff_required
def approval_progress(request: HttpRequest, document_id: int) -> JsonResponse:
    """证书颁发进度 as JSON, polled by the 批文 page: done / total, status, the last error."""
    progress = issuing.issuer().progress(_document_of(request, document_id))
    if progress is None:
        raise Http404
    return JsonResponse(progress.as_json())


@require_POST
@staff_required
def approval_resume(request: HttpRequest, document_id: int) -> HttpResponse:
    """继续颁发: start a failed or stalled batch again (a running or finished one is refused)."""
    document = _document_of(request, document_id)
    try:
        issuing.issuer().resume(signed_in_user(request), document)
    except Refused as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("已重新开始颁发证书。"))
    return redirect("results:approval", document_id)
