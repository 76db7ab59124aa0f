"""会议评审: the committee's meetings, the applications before them, their votes and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import signed_in_user
from applications.models import Application, Status
from audit.actions import record
from audit.exports import export_table
from audit.models import AuditEvent
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import actions, excel, rules
from results.forms import ImportForm, MeetingForm, ResultForm
from results.meeting_tables import MeetingTable, meeting_export_columns
from results.models import Meeting, MeetingResult
from results.views._common import (
    APP_RELATED,
    app_related,
    own_committee,
    refuse_on,
    staff_required,
)
from zhicheng.refusals import flash_refusal
from zhicheng.serving import serve_bytes
from zhicheng.tables import configure, wants_export


def meetings_of(committee: ReviewCommittee) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee=committee)


@require_http_methods(["GET", "POST"])
@staff_required
def meetings(request: HttpRequest) -> HttpResponse:
    """会议评审: the committee's meetings, and a new one."""
    committee = own_committee(request)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(
                signed_in_user(request),
                year=form.cleaned_data["year"],
                name=form.cleaned_data["name"],
                held_on=form.cleaned_data["held_on"],
                members=form.cleaned_data["members"],
            )
        except Refused as error:
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("已创建评审会议“%(name)s”。请增加参评的申请书。") % {"name": meeting.name},
            )
            return redirect("results:meeting", meeting.pk)
    rows = (
        meetings_of(committee)
        .annotate(
            total=Count("results"),
            passed=Count("results", filter=Q(results__outcome=MeetingResult.Outcome.PASSED)),
            failed=Count("results", filter=Q(results__outcome=MeetingResult.Outcome.FAILED)),
            pending=Count("results", filter=Q(results__outcome=MeetingResult.Outcome.PENDING)),
        )
        .select_related("publicity")
        .order_by("-held_on", "-id")
    )
    table = MeetingTable(rows)
    if request.method == "GET" and wants_export(request):
        columns = meeting_export_columns()
        return export_table(
            request,
            signed_in_user(request),
            table,
            columns,
            title=_("会议评审"),
            ascii_name="meetings",
        )
    configure(request, table)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "results/meetings.html",
        {"committee": committee, "form": form, "table": table, "page": table.page},
        status=status,
    )


@dataclass
class ResultRow:
    result: MeetingResult
    form: ResultForm | None

    @property
    def app(self) -> Application:
        return self.result.application


@dataclass
class MeetingPage:
    meeting: Meeting
    published: bool
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(r.result.outcome == MeetingResult.Outcome.PENDING for r in self.rows)

    @property
    def passed(self) -> int:
        return sum(r.result.outcome == MeetingResult.Outcome.PASSED for r in self.rows)

    @property
    def failed(self) -> int:
        return sum(r.result.outcome == MeetingResult.Outcome.FAILED for r in self.rows)


def meeting_of(request: HttpRequest, meeting_id: int) -> Meeting:
    committee_id = actions.committee_of(signed_in_user(request))
    return get_object_or_404(
        Meeting.objects.select_related("publicity", "committee"),
        committee_id=committee_id,
        pk=meeting_id,
    )


def _result_form(result: MeetingResult) -> ResultForm:
    initial: dict[str, Any] = {"version": result.version}
    if result.outcome != MeetingResult.Outcome.PENDING:
        initial.update(
            members_present=result.members_present,
            votes_for=result.votes_for,
            votes_against=result.votes_against,
            votes_abstain=result.votes_abstain,
            outcome=result.outcome,
        )
    return ResultForm(initial=initial, auto_id=f"id_r{result.pk}_%s")


def meeting_page(
    request: HttpRequest,
    meeting_id: int,
    *,
    bound: tuple[int, ResultForm] | None = None,
    import_form: ImportForm | None = None,
    import_errors: list[excel.RowError] | None = None,
    status: int = 200,
) -> HttpResponse:
    meeting = meeting_of(request, meeting_id)
    published = hasattr(meeting, "publicity")
    page = MeetingPage(meeting, published)
    results = meeting.results.select_related(*app_related("application__"), "recorded_by").order_by(
        "application__number", "id"
    )
    # A meeting whose experts vote online takes its results from the panel's close: no typed
    # result or import form, and the page says why.
    typed_refusal = "" if published else rules.typed_results_refusal(meeting.pk) or ""
    for result in results:
        form = None
        if not published and not typed_refusal:
            form = bound[1] if bound and bound[0] == result.pk else _result_form(result)
        page.rows.append(ResultRow(result, form))
    context = {
        "page": page,
        "meeting": meeting,
        "import_form": import_form or ImportForm(),
        "import_errors": import_errors or [],
        "typed_refusal": typed_refusal,
        "votes_rule": _(
            "“通过”须赞成票达到出席委员人数的三分之二（向上取整）；赞成、反对、弃权票数之和不超过出席人数。"
        ),
    }
    return render(request, "results/meeting.html", context, status=status)


@require_GET
@staff_required
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting: its applications, their votes and results, import and template."""
    return meeting_page(request, meeting_id)


@require_POST
@staff_required
def meeting_result(request: HttpRequest, meeting_id: int, result_id: int) -> HttpResponse:
    """Record one application's votes and result."""
    user = signed_in_user(request)
    current = get_object_or_404(
        MeetingResult.objects.select_related("application"),
        meeting_id=meeting_id,
        meeting__committee_id=actions.committee_of(user),
        pk=result_id,
    )
    form = ResultForm(request.POST, auto_id=f"id_r{result_id}_%s")
    refusal = ""
    if form.is_valid():
        try:
            actions.record_result(
                user,
                result_id,
                members_present=form.cleaned_data["members_present"],
                votes_for=form.cleaned_data["votes_for"],
                votes_against=form.cleaned_data["votes_against"],
                votes_abstain=form.cleaned_data["votes_abstain"],
                outcome=form.cleaned_data["outcome"],
                expected_version=form.cleaned_data["version"],
            )
        except Refused as error:
            refusal = refuse_on(form, error)
        else:
            messages.success(
                request,
                _("已保存申请书 %(number)s 的评审结果。") % {"number": current.application.number},
            )
            return redirect(reverse("results:meeting", args=[meeting_id]) + f"#r-{result_id}")
    messages.error(
        request,
        refusal
        or _("申请书 %(number)s 的评审结果未保存，请按提示修改。")
        % {"number": current.application.number},
    )
    return meeting_page(request, meeting_id, bound=(result_id, form), status=400)


@require_POST
@staff_required
def meeting_remove(request: HttpRequest, meeting_id: int, result_id: int) -> HttpResponse:
    """Take an application without a recorded result off the meeting."""
    user = signed_in_user(request)
    current = get_object_or_404(
        MeetingResult.objects.select_related("application"),
        meeting_id=meeting_id,
        meeting__committee_id=actions.committee_of(user),
        pk=result_id,
    )
    try:
        actions.remove_from_meeting(user, result_id)
    except Refused as error:
        flash_refusal(request, error)
    else:
        messages.success(
            request,
            _("已将申请书 %(number)s 移出本次会议。") % {"number": current.application.number},
        )
    return redirect("results:meeting", meeting_id)


@require_GET
@staff_required
def meeting_template(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """下载模板: the meeting's application numbers, with any results already recorded."""
    meeting = meeting_of(request, meeting_id)
    results = list(
        meeting.results.select_related("application__applicant").order_by(
            "application__number", "id"
        )
    )
    content = excel.template_bytes(
        (r.application.number or "", r.application.applicant.display_name, r) for r in results
    )
    filename = _("会议评审结果-%(year)s-%(id)s.xlsx") % {"year": meeting.year, "id": meeting.pk}
    record(
        AuditEvent.Action.EXPORTED,
        actor=signed_in_user(request),
        target=filename,
        detail=_("会议评审结果模板，%(n)s 行") % {"n": len(results)},
        request=request,
    )
    return serve_bytes(
        content, filename, excel.XLSX_CONTENT_TYPE, ascii_name=f"meeting-results-{meeting.pk}.xlsx"
    )


@require_http_methods(["GET", "POST"])
@staff_required
def meeting_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """增加申请书: only eligible applications are offered; a refused batch says why."""
    user = signed_in_user(request)
    meeting = meeting_of(request, meeting_id)
    refusals: list[tuple[str, str]] = []
    chosen: set[int] = set()
    if request.method == "POST":
        raw = request.POST.getlist("applications")
        for value in raw:
            try:
                chosen.add(int(value))
            except ValueError:
                refusals.append((value[:20], _("不是有效的申请书。")))
        if not refusals:
            # A batch with ineligible applications is refused as a whole: the page names
            # each one and why (the action judges again under its locks).
            if chosen and not hasattr(meeting, "publicity"):
                refusals = actions.meeting_refusals(user, meeting, sorted(chosen))
            try:
                if refusals:
                    raise Refused(actions.ineligible_message(len(refusals)))
                made = actions.add_to_meeting(user, meeting.pk, sorted(chosen))
            except Refused as error:
                flash_refusal(request, error)
            else:
                messages.success(request, _("已将 %(n)s 份申请书列入本次会议。") % {"n": len(made)})
                return redirect("results:meeting", meeting.pk)
        else:
            messages.error(request, _("提交的申请书编号无效，本次未列入任何申请书。"))
    eligible = (
        rules.eligible(meeting.committee_id, meeting.year)
        .select_related(*APP_RELATED, "paper_receipt")
        .order_by("number", "id")
    )
    others = (
        Application.objects.filter(
            committee_id=meeting.committee_id, status=Status.PASSED, year=meeting.year
        )
        .exclude(pk__in=eligible.values("pk"))
        .select_related(*APP_RELATED, "paper_receipt", "payment", "meeting_result")
        .order_by("number", "id")
    )
    waiting = [
        (app, rules.ineligibility(app, meeting.committee_id, meeting.year)) for app in others
    ]
    context = {
        "meeting": meeting,
        "published": hasattr(meeting, "publicity"),
        "eligible": list(eligible),
        "waiting": [(app, reason) for app, reason in waiting if reason],
        "refusals": refusals,
        "chosen": chosen,
        "fee_required": rules.payment_required(meeting.committee),
    }
    return render(request, "results/meeting_add.html", context, status=400 if refusals else 200)
