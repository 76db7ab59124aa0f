"""证书管理 as a staff table (zhicheng/tables.py, docs/adr/0039-clerk-tables.md): sortable,
20/50/100 rows, and the Excel export of exactly the filtered certificates (ID numbers
through `lib.visibility.id_for`).

No bulk action: 撤销 needs each certificate's own reason and a confirmation page."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from certificates.models import Certificate
from lib.visibility import id_for
from zhicheng.tables import ExportColumn, StaffTable


def _id(viewer: User, c: Certificate) -> str:
    return id_for(viewer, c.application.applicant, c.id_number)


class CertificateTable(StaffTable):
    """One row per certificate the viewer manages."""

    number_in_list = tables.Column(
        verbose_name=gettext_lazy("序号"), empty_values=(), orderable=False, accessor="pk"
    )
    number = tables.Column(
        verbose_name=gettext_lazy("证书编号"),
        order_by=("number", "id"),
        attrs={"td": {"class": "nowrap"}},
    )
    holder = tables.Column(
        verbose_name=gettext_lazy("姓名 / 身份证号"),
        accessor="holder_name",
        order_by=("holder_name", "id"),
        attrs={"td": {"class": "nowrap"}},
    )
    qualification = tables.Column(
        verbose_name=gettext_lazy("资格"),
        order_by=("qualification", "id"),
        attrs={"td": {"class": "qual"}},
    )
    issued = tables.Column(
        verbose_name=gettext_lazy("批文号 / 发证日期"),
        accessor="issued_on",
        order_by=("issued_on", "id"),
        attrs={"td": {"class": "nowrap"}},
    )
    status = tables.Column(verbose_name=gettext_lazy("状态"), order_by=("status", "id"))
    ops = tables.TemplateColumn(
        verbose_name=gettext_lazy("操作"),
        template_name="certificates/cells/cert_ops.html",
        orderable=False,
        attrs={"td": {"class": "cert-ops"}},
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table cert-list", "id": "certificates"}
        row_attrs = {"id": lambda record: f"cert-{record.pk}"}

    def __init__(self, data: Any, *, viewer: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.viewer = viewer

    def render_number_in_list(self, bound_row: Any) -> int:
        page = getattr(self, "page", None)
        return (page.start_index() if page is not None else 1) + bound_row.row_counter

    def render_holder(self, record: Certificate) -> str:
        return format_html(
            '<strong>{}</strong><br><span class="small muted">{}</span>',
            record.holder_name,
            _id(self.viewer, record),
        )

    def render_issued(self, record: Certificate) -> str:
        return format_html(
            '{}<br><span class="small muted">{}</span>',
            record.approval.number,
            f"{record.issued_on:%Y-%m-%d}",
        )

    def render_status(self, record: Certificate) -> str:
        if not record.is_revoked:
            return format_html('<span class="tag tag-ok">{}</span>', _("有效"))
        when = timezone.localtime(record.revoked_at).strftime("%Y-%m-%d %H:%M")
        by = record.revoked_by.display_name if record.revoked_by is not None else ""
        return format_html(
            '<span class="tag tag-revoked">{}</span><br><span class="small muted nowrap">{}</span>'
            '<br><span class="small muted">{}</span>',
            _("已撤销"),
            when,
            by,
        )


def export_columns(viewer: User) -> list[ExportColumn]:
    """The export's columns; the ID number as `viewer` may see it (masked for staff)."""

    def revoked_at(c: Certificate) -> str:
        return timezone.localtime(c.revoked_at).strftime("%Y-%m-%d %H:%M") if c.revoked_at else ""

    return [
        ExportColumn(gettext_lazy("证书编号"), lambda c: c.number, 20),
        ExportColumn(gettext_lazy("姓名"), lambda c: c.holder_name, 12),
        ExportColumn(gettext_lazy("身份证号"), lambda c: _id(viewer, c), 22),
        ExportColumn(gettext_lazy("资格"), lambda c: c.qualification, 36),
        ExportColumn(gettext_lazy("专业"), lambda c: c.specialty, 16),
        ExportColumn(gettext_lazy("工作单位"), lambda c: c.unit_name, 24),
        ExportColumn(gettext_lazy("批文号"), lambda c: c.approval.number, 18),
        ExportColumn(gettext_lazy("发证日期"), lambda c: f"{c.issued_on:%Y-%m-%d}", 12),
        ExportColumn(gettext_lazy("状态"), lambda c: _("已撤销") if c.is_revoked else _("有效"), 8),
        ExportColumn(gettext_lazy("撤销时间"), revoked_at, 17),
        ExportColumn(gettext_lazy("撤销原因"), lambda c: c.revoked_reason, 30),
    ]
