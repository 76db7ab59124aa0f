"""安全审计 (under 系统设置): search, filter and export the security audit log (hr_admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import hr_admin_required, signed_in_user
from audit import export
from audit.actions import record
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from audit.queries import events_for, search
from zhicheng.serving import serve_bytes

PER_PAGE = 50
EXPORT_MAX_ROWS = 50_000


def _role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Role.choices}


def _page(request: HttpRequest, form: AuditFilterForm, *, status: int = 200) -> HttpResponse:
    user = signed_in_user(request)
    events = search(events_for(user), form.cleaned_data) if form.is_valid() else None
    page = (
        Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
        if events is not None
        else None
    )
    labels = _role_labels()
    rows = [(event, labels.get(event.role, event.role)) for event in page or []]
    return render(
        request,
        "sysadmin/audit.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
        status=status,
    )


@require_GET
@hr_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """安全审计: the events this hr_admin may see, newest first, 50 a page."""
    form = AuditFilterForm(request.GET)
    return _page(request, form, status=200 if form.is_valid() else 400)


@require_GET
@hr_admin_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """导出 exactly the rows the filters select (all pages) as .xlsx; the export is audited."""
    user = signed_in_user(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    events = search(events_for(user), form.cleaned_data)
    count = events.count()
    if count > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("符合条件的记录有 %(n)s 条，超过单次导出上限 %(max)s 条，请缩小日期范围后再导出。")
            % {"n": count, "max": EXPORT_MAX_ROWS},
        )
        return _page(request, form, status=400)
    content = export.workbook_bytes(events.iterator(chunk_size=2000), _role_labels())
    filename = f"安全审计-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
    record(
        AuditEvent.Action.EXPORTED,
        actor=user,
        target=_("安全审计日志"),
        detail=_("%(n)s 条；筛选：%(f)s") % {"n": count, "f": form.description()},
        request=request,
    )
    # Served as every user file is (zhicheng/serving.py): a sandboxed, uncached download.
    return serve_bytes(content, filename, export.XLSX_CONTENT_TYPE, ascii_name="audit-log.xlsx")
