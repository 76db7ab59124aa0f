"""纸质材料: the committee's applications after formal review and their paper status."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import signed_in_user
from applications.models import Application, Status
from audit.exports import export_table, filters_of
from lib.refusal import Refused
from results import actions, rules
from results import tables as paper_tables
from results.forms import PaperFilterForm, PaperMarkForm
from results.models import Meeting
from results.tables import PaperTable, receipt_of
from results.views._common import APP_RELATED, own_committee, refuse_on, staff_required
from zhicheng.refusals import message_of
from zhicheng.tables import (
    configure,
    selected_ids,
    wants_export,
)

MAX_SELECTED = 100


def _export(request: HttpRequest, table: PaperTable, form: PaperFilterForm) -> HttpResponse:
    """Exactly the filtered rows, in the chosen order, as .xlsx; the export is audited."""
    user = signed_in_user(request)
    return export_table(
        request,
        user,
        table,
        paper_tables.export_columns(user),
        title=_("纸质材料"),
        ascii_name="papers",
        filters=filters_of(form),
    )


def _papers_page(
    request: HttpRequest, bound: tuple[int, PaperMarkForm] | None = None
) -> HttpResponse:
    committee = own_committee(request)
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
    table = PaperTable(apps)
    if wants_export(request):
        return _export(request, table, form)
    configure(request, table)
    for row in table.page.object_list:
        app = row.record
        receipt = receipt_of(app)
        if bound and bound[0] == app.pk:
            app.mark_form = bound[1]
        else:
            app.mark_form = PaperMarkForm(
                initial={"status": "received", "note": receipt.note if receipt else ""},
                auto_id=f"id_paper_{app.pk}_%s",
            )
        app.in_meeting = rules.in_meeting(app)
    context = {
        "committee": committee,
        "form": form,
        "table": table,
        "page": table.page,
        "max_selected": MAX_SELECTED,
        "open_meetings": list(
            Meeting.objects.filter(committee=committee, publicity__isnull=True).order_by(
                "-held_on", "-id"
            )
        ),
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
        except Refused as error:
            refusal = refuse_on(form, error)
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


@require_POST
@staff_required
def papers_received(request: HttpRequest) -> HttpResponse:
    """批量标记已收到: each selected application through `actions.mark_paper`, which locks
    and checks it; says how many were marked and why the others were not."""
    user = signed_in_user(request)
    query = request.GET.urlencode()
    back = reverse("results:papers") + (f"?{query}" if query else "")
    ids = selected_ids(request, MAX_SELECTED)
    if ids is None:
        messages.error(request, _("一次最多处理 %(max)s 份，请分批操作。") % {"max": MAX_SELECTED})
        return redirect(back)
    if not ids:
        messages.error(request, _("请先勾选要标记的申请书。"))
        return redirect(back)
    done = 0
    refused: Counter[str] = Counter()
    for app_id in ids:
        try:
            actions.mark_paper(user, app_id, received=True)
        except Http404:
            refused[_("不在本评委会通过形式审核的申请书中")] += 1
        except Refused as error:
            refused[message_of(error)] += 1
        else:
            done += 1
    reasons = " ".join(_("%(n)s 份：%(why)s") % {"n": n, "why": why} for why, n in refused.items())
    if done:
        messages.success(request, _("已将 %(n)s 份申请书的纸质材料标记为已收到。") % {"n": done})
    if refused:
        messages.warning(
            request,
            _("%(n)s 份未标记。%(why)s") % {"n": sum(refused.values()), "why": reasons},
        )
    return redirect(back)


@require_POST
@staff_required
def papers_to_meeting(request: HttpRequest) -> HttpResponse:
    """列入评审会议: the selected applications before one of the committee's meetings, through
    `actions.add_to_meeting` (all or none, as on the meeting's own page); a refused batch
    names each application and why."""
    user = signed_in_user(request)
    query = request.GET.urlencode()
    back = reverse("results:papers") + (f"?{query}" if query else "")
    try:
        meeting_id = int(request.POST.get("meeting", ""))
    except ValueError:
        messages.error(request, _("请选择评审会议。"))
        return redirect(back)
    meeting = get_object_or_404(Meeting, committee_id=actions.committee_of(user), pk=meeting_id)
    ids = selected_ids(request, MAX_SELECTED)
    if ids is None:
        messages.error(request, _("一次最多处理 %(max)s 份，请分批操作。") % {"max": MAX_SELECTED})
        return redirect(back)
    refusals = actions.meeting_refusals(user, meeting, ids) if ids else []
    try:
        if refusals:
            raise Refused(actions.ineligible_message(len(refusals)))
        made = actions.add_to_meeting(user, meeting.pk, ids)
    except Refused as error:
        messages.error(request, message_of(error))
        for number, why in refusals:
            messages.error(request, _("%(number)s：%(why)s") % {"number": number, "why": why})
        return redirect(back)
    messages.success(
        request,
        _("已将 %(n)s 份申请书列入 %(meeting)s。") % {"n": len(made), "meeting": meeting.name},
    )
    return redirect(back)
