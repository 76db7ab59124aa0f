"""Committee staff pages (纸质材料, 会议评审, 公示, 异议, 批文) and the applicant's 评审结果查询.

Staff reach only their own committee's rows: every lookup is filtered by the staff
member's committee, so another committee's id answers 404. Each change is one call
into `results.actions`; a refused step draws the page again with what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import applicant_required, role_required, signed_in_user
from applications.actions import ActionError
from applications.models import Application, Status
from audit.actions import record
from audit.models import AuditEvent
from certificates import tasks as certificate_tasks
from certificates.actions import CertificateError
from certificates.models import IssueBatch
from orgs.models import ReviewCommittee
from results import actions, excel, rules
from results.forms import (
    ApprovalForm,
    DecideForm,
    ImportForm,
    MeetingForm,
    PaperFilterForm,
    PaperMarkForm,
    PublicityForm,
    ResultForm,
    SpecialApprovalForm,
)
from results.models import (
    ApprovalDocument,
    ApprovalEntry,
    ImportJob,
    Meeting,
    MeetingResult,
    Objection,
    PaperReceipt,
    Publicity,
    PublicityEntry,
)
from zhicheng.serving import serve_bytes

PER_PAGE = 50
staff_required = role_required(Role.COMMITTEE_STAFF)

# What a row about an application draws: person, unit, qualification (one query for all).
APP_RELATED = (
    "applicant",
    "unit",
    "series",
    "title",
    "committee",
    "committee__region",
)


def _app_related(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in APP_RELATED]


def _committee(request: HttpRequest) -> ReviewCommittee:
    user = signed_in_user(request)
    return get_object_or_404(ReviewCommittee, pk=actions.committee_of(user))


def _back(request: HttpRequest, fallback: str) -> str:
    """The page the form came from (same site only), else the fallback."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _field_errors(form: Any, error: ActionError) -> str:
    """Put an action's refusal next to the fields it names, or above the form.

    Returns the message to flash for a refusal that is not about a field ("" otherwise),
    since a row whose form is no longer drawn must still say why nothing changed.
    """
    if isinstance(error, actions.FieldErrors):
        for key, message in error.errors.items():
            form.add_error(key if key in form.fields else None, message)
        return ""
    form.add_error(None, error.message)
    return error.message


# --- 纸质材料 ------------------------------------------------------------------------------


@dataclass
class PaperRow:
    app: Application
    receipt: PaperReceipt | None
    in_meeting: bool
    form: PaperMarkForm

    @property
    def status(self) -> str:
        return self.receipt.status if self.receipt else ""


def _papers_page(
    request: HttpRequest, bound: tuple[int, PaperMarkForm] | None = None
) -> HttpResponse:
    committee = _committee(request)
    base = Application.objects.filter(committee=committee, status=Status.PASSED)
    years = sorted(set(base.values_list("year", flat=True)), reverse=True)
    form = PaperFilterForm(request.GET, years=years)
    apps = base
    if form.value("q"):
        q = form.value("q")
        apps = apps.filter(Q(applicant__real_name__icontains=q) | Q(number__icontains=q))
    if form.value("year"):
        apps = apps.filter(year=form.value("year"))
    paper = form.value("paper")
    if paper in ("received", "missing"):
        apps = apps.filter(paper_receipt__status=paper)
    elif paper == "none":
        apps = apps.filter(paper_receipt__isnull=True)
    apps = apps.select_related(
        *APP_RELATED, "paper_receipt", "paper_receipt__marked_by", "meeting_result"
    ).order_by("-year", "number", "id")
    page = Paginator(apps, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for app in page.object_list:
        receipt = getattr(app, "paper_receipt", None)
        if bound and bound[0] == app.pk:
            mark_form = bound[1]
        else:
            mark_form = PaperMarkForm(
                initial={"status": "received", "note": receipt.note if receipt else ""},
                auto_id=f"id_paper_{app.pk}_%s",
            )
        rows.append(PaperRow(app, receipt, rules.in_meeting(app), mark_form))
    context = {
        "committee": committee,
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": any(form.value(n) for n in form.fields),
    }
    return render(request, "results/papers.html", context, status=400 if bound else 200)


@require_GET
@staff_required
def papers(request: HttpRequest) -> HttpResponse:
    """纸质材料: the committee's applications after formal review and their paper status."""
    return _papers_page(request)


@require_POST
@staff_required
def paper_mark(request: HttpRequest, app_id: int) -> HttpResponse:
    """Mark one application's paper materials received, or missing with a note."""
    user = signed_in_user(request)
    form = PaperMarkForm(request.POST, auto_id=f"id_paper_{app_id}_%s")
    refusal = ""
    if form.is_valid():
        try:
            receipt = actions.mark_paper(
                user,
                app_id,
                received=form.cleaned_data["status"] == "received",
                note=form.cleaned_data["note"],
            )
        except ActionError as error:
            refusal = _field_errors(form, error)
        else:
            app = receipt.application
            messages.success(
                request,
                _("已登记 %(name)s（%(number)s）的纸质材料：%(status)s。")
                % {
                    "name": app.applicant.display_name,
                    "number": app.number,
                    "status": receipt.get_status_display(),
                },
            )
            query = request.GET.urlencode()
            url = reverse("results:papers") + (f"?{query}" if query else "")
            return redirect(f"{url}#paper-{app_id}")
    if not Application.objects.filter(
        pk=app_id, committee_id=user.committee_id, status=Status.PASSED
    ).exists():
        raise Http404
    messages.error(request, refusal or _("纸质材料状态未保存，请按提示修改。"))
    return _papers_page(request, bound=(app_id, form))


# --- 会议评审 ------------------------------------------------------------------------------


def _meetings_of(committee: ReviewCommittee) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee=committee)


@require_http_methods(["GET", "POST"])
@staff_required
def meetings(request: HttpRequest) -> HttpResponse:
    """会议评审: the committee's meetings, and a new one."""
    committee = _committee(request)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(
                signed_in_user(request),
                year=form.cleaned_data["year"],
                name=form.cleaned_data["name"],
                held_on=form.cleaned_data["held_on"],
            )
        except ActionError as error:
            _field_errors(form, error)
        else:
            messages.success(
                request,
                _("已创建评审会议“%(name)s”。请增加参评的申请书。") % {"name": meeting.name},
            )
            return redirect("results:meeting", meeting.pk)
    rows = (
        _meetings_of(committee)
        .annotate(
            total=Count("results"),
            passed=Count("results", filter=Q(results__outcome=MeetingResult.Outcome.PASSED)),
            failed=Count("results", filter=Q(results__outcome=MeetingResult.Outcome.FAILED)),
            pending=Count("results", filter=Q(results__outcome=MeetingResult.Outcome.PENDING)),
        )
        .select_related("publicity")
        .order_by("-held_on", "-id")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "results/meetings.html",
        {"committee": committee, "form": form, "page": page},
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


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
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


def _meeting_page(
    request: HttpRequest,
    meeting_id: int,
    *,
    bound: tuple[int, ResultForm] | None = None,
    import_form: ImportForm | None = None,
    import_errors: list[excel.RowError] | None = None,
    status: int = 200,
) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    published = hasattr(meeting, "publicity")
    page = MeetingPage(meeting, published)
    results = meeting.results.select_related(
        *_app_related("application__"), "recorded_by"
    ).order_by("application__number", "id")
    for result in results:
        form = None
        if not published:
            form = bound[1] if bound and bound[0] == result.pk else _result_form(result)
        page.rows.append(ResultRow(result, form))
    context = {
        "page": page,
        "meeting": meeting,
        "import_form": import_form or ImportForm(),
        "import_errors": import_errors or [],
        "votes_rule": _(
            "“通过”须赞成票达到出席委员人数的三分之二（向上取整）；赞成、反对、弃权票数之和不超过出席人数。"
        ),
    }
    return render(request, "results/meeting.html", context, status=status)


@require_GET
@staff_required
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting: its applications, their votes and results, import and template."""
    return _meeting_page(request, meeting_id)


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
        except ActionError as error:
            refusal = _field_errors(form, error)
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
    return _meeting_page(request, meeting_id, bound=(result_id, form), status=400)


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
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("已将申请书 %(number)s 移出本次会议。") % {"number": current.application.number},
        )
    return redirect("results:meeting", meeting_id)


@require_POST
@staff_required
def meeting_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """会议结果导入 from an .xlsx: all rows or none."""
    user = signed_in_user(request)
    _meeting(request, meeting_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _meeting_page(request, meeting_id, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        done = actions.import_results(
            user, meeting_id, upload, file_name=getattr(upload, "name", "") or ""
        )
    except actions.ImportRefused as error:
        form.add_error("file", error.message)
        messages.error(request, error.message)
        return _meeting_page(
            request, meeting_id, import_form=form, import_errors=error.errors, status=400
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


@require_GET
@staff_required
def meeting_template(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """下载模板: the meeting's application numbers, with any results already recorded."""
    meeting = _meeting(request, meeting_id)
    results = list(
        meeting.results.select_related("application__applicant").order_by(
            "application__number", "id"
        )
    )
    content = excel.template_bytes(
        (r.application.number or "", r.application.applicant.display_name, r) for r in results
    )
    filename = f"会议评审结果-{meeting.year}-{meeting.pk}.xlsx"
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
    meeting = _meeting(request, meeting_id)
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
            try:
                made = actions.add_to_meeting(user, meeting.pk, sorted(chosen))
            except actions.Ineligible as error:
                refusals = error.refusals
                messages.error(request, error.message)
            except ActionError as error:
                messages.error(request, error.message)
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


# --- 公示 ----------------------------------------------------------------------------------


def _publishable(committee: ReviewCommittee) -> QuerySet[Meeting]:
    """Meetings with at least one result, none pending, and no publicity yet."""
    pending = MeetingResult.objects.filter(
        meeting=OuterRef("pk"), outcome=MeetingResult.Outcome.PENDING
    )
    passed = MeetingResult.objects.filter(
        meeting=OuterRef("pk"), outcome=MeetingResult.Outcome.PASSED
    )
    return (
        _meetings_of(committee)
        .filter(publicity__isnull=True)
        .filter(Exists(passed))
        .exclude(Exists(pending))
    )


def _open_objections() -> Count:
    return Count(
        "entries__objections",
        filter=Q(entries__objections__status=Objection.Status.OPEN),
        distinct=True,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def publicities(request: HttpRequest) -> HttpResponse:
    """公示: the committee's publicities, and publishing a meeting's passing list."""
    committee = _committee(request)
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
        except ActionError as error:
            _field_errors(form, error)
        else:
            messages.success(request, _("已发布公示“%(t)s”。") % {"t": made.title})
            return redirect("results:publicity", made.pk)
    rows = (
        Publicity.objects.filter(committee=committee)
        .select_related("meeting", "approval")
        .annotate(
            listed=Count("entries", filter=Q(entries__removed=False), distinct=True),
            open_objections=_open_objections(),
        )
        .order_by("-starts_on", "-id")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "committee": committee,
        "form": form,
        "has_choices": choices.exists(),
        "page": page,
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
        item.entries.select_related(*_app_related("application__"))
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
    committee = _committee(request)
    shown = request.GET.get("status", "open")
    shown = shown if shown in OBJECTION_FILTER else "open"
    rows = Objection.objects.filter(entry__publicity__committee=committee).select_related(
        "entry__publicity", "decided_by", *_app_related("entry__application__")
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
        except ActionError as error:
            refusal = _field_errors(form, error)
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


# --- 批文 ----------------------------------------------------------------------------------


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
    committee = _committee(request)
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
        except ActionError as error:
            _field_errors(form, error)
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
        .annotate(open_objections=_open_objections())
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
    committee = _committee(request)
    form = SpecialApprovalForm(
        request.POST if request.method == "POST" else None, initial={"issued_on": rules.today()}
    )
    chosen = {int(v) for v in request.POST.getlist("applications") if v.isdigit()}
    refusals: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.issue_special_approval(
                signed_in_user(request),
                sorted(chosen),
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                authority=form.cleaned_data["authority"],
            )
        except actions.Ineligible as error:
            form.add_error(None, error.message)
            refusals = error.refusals
        except ActionError as error:
            _field_errors(form, error)
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
        *_app_related("application__"), "application__specialty", "application__certificate"
    )
    batch = IssueBatch.objects.filter(document=document).first()
    context = {
        "document": document,
        "entries": entries,
        "batch": batch,
        "stalled": batch is not None and certificate_tasks.is_stalled(batch),
    }
    return render(request, "results/approval.html", context)


def _batch_of(request: HttpRequest, document_id: int) -> IssueBatch:
    """The issuing batch of one of the staff member's committee's 批文; else 404."""
    committee_id = actions.committee_of(signed_in_user(request))
    return get_object_or_404(
        IssueBatch, document__committee_id=committee_id, document_id=document_id
    )


@never_cache
@require_GET
@staff_required
def approval_progress(request: HttpRequest, document_id: int) -> JsonResponse:
    """证书颁发进度 as JSON, polled by the 批文 page: done / total, status, the last error."""
    batch = _batch_of(request, document_id)
    stalled = certificate_tasks.is_stalled(batch)
    return JsonResponse(
        {
            "status": batch.status,
            "running": batch.status == IssueBatch.Status.RUNNING,
            "finished": batch.status == IssueBatch.Status.DONE,
            "status_label": str(batch.get_status_display()),
            "done": batch.done,
            "total": batch.total,
            "percent": batch.percent,
            "failures": batch.failures,
            "error": batch.last_error,
            "stalled": stalled,
            "can_resume": stalled or batch.status == IssueBatch.Status.FAILED,
        }
    )


@require_POST
@staff_required
def approval_resume(request: HttpRequest, document_id: int) -> HttpResponse:
    """继续颁发: start a failed or stalled batch again (a running or finished one is refused)."""
    batch = _batch_of(request, document_id)
    committee_id = actions.committee_of(signed_in_user(request))
    try:
        certificate_tasks.resume_batch(signed_in_user(request), batch.pk, committee_id)
    except CertificateError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已重新开始颁发证书。"))
    return redirect("results:approval", document_id)


# --- 评审结果查询 (applicant) --------------------------------------------------------------


@dataclass
class MyRow:
    app: Application
    payment_required: bool
    payment_status: str
    paper_status: str
    result: MeetingResult | None
    entry: PublicityEntry | None
    approval: ApprovalEntry | None

    @property
    def payment_label(self) -> str:
        return {
            "paid": _("已缴费"),
            "unpaid": _("未缴费"),
            "refunded": _("已退费"),
        }.get(self.payment_status, _("待生成缴费单"))


def _one(app: Application, name: str) -> Any:
    return getattr(app, name, None)


@require_GET
@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    """评审结果查询: each own application after formal review, from fees to the 批文."""
    user = signed_in_user(request)
    apps = (
        Application.objects.filter(applicant=user, status=Status.PASSED)
        .select_related(
            *APP_RELATED,
            "specialty",
            "payment",
            "paper_receipt",
            "meeting_result__meeting",
            "publicity_entry__publicity",
            "approval__document",
        )
        .order_by("-year", "-id")
    )
    rows = []
    for app in apps:
        result = _one(app, "meeting_result")
        rows.append(
            MyRow(
                app,
                rules.payment_required(app.committee),
                rules.payment_status(app),
                rules.paper_status(app),
                result,
                _one(app, "publicity_entry"),
                _one(app, "approval"),
            )
        )
    return render(request, "results/mine.html", {"rows": rows, "today": rules.today()})
