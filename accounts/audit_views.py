"""安全审计 (under 系统设置): search, filter and export the security audit log (hr_admin).

The audit app keeps the log (`audit.actions.record`, `audit.models`, `audit.export`) and sits
low in the import layers; who may see which rows depends on accounts' roles and regions, so
the page lives here, with the accounts that read it (docs/adr/0031).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.audit_forms import AuditFilterForm
from accounts.models import Role, User
from accounts.permissions import hr_admin_required, signed_in_user
from audit import export
from audit.actions import record
from audit.models import AuditEvent
from orgs.models import Region
from zhicheng.serving import serve_bytes

PER_PAGE = 50
EXPORT_MAX_ROWS = 50_000


def events_for(user: User) -> QuerySet[AuditEvent]:
    """The 自治区 hr_admin (or one with no region, as in 系统设置) sees every row; a prefecture
    hr_admin sees rows of actors who acted for that prefecture, plus their own."""
    qs = AuditEvent.objects.all()
    region = user.admin_region
    if region is None or region.level == Region.Level.AUTONOMOUS:
        return qs
    return qs.filter(Q(region_id=region.pk) | Q(actor_id=user.pk))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search(qs: QuerySet[AuditEvent], filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Apply the cleaned AuditFilterForm data; dates are days in the platform's time zone."""
    if filters.get("username"):
        qs = qs.filter(actor_name__icontains=filters["username"])
    if filters.get("target"):
        text = filters["target"]
        qs = qs.filter(Q(target__icontains=text) | Q(detail__icontains=text))
    for name in ("action", "result", "role"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("date_from"):
        qs = qs.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=_start_of(filters["date_to"] + timedelta(days=1)))
    return qs.select_related("region").order_by("-at", "-id")


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
    filename = _("安全审计-%(when)s.xlsx") % {"when": f"{timezone.localtime():%Y%m%d-%H%M%S}"}
    record(
        AuditEvent.Action.EXPORTED,
        actor=user,
        target=_("安全审计日志"),
        detail=_("%(n)s 条；筛选：%(f)s") % {"n": count, "f": form.description()},
        request=request,
    )
    # Served as every user file is (zhicheng/serving.py): a sandboxed, uncached download.
    return serve_bytes(content, filename, export.XLSX_CONTENT_TYPE, ascii_name="audit-log.xlsx")
