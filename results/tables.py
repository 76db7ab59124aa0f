"""纸质材料 as a staff table (zhicheng/tables.py): sortable, 20/50/100 rows, rows selected
for 批量标记已收到, and the Excel export of exactly the filtered rows."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications.models import Application
from lib.visibility import id_for
from results.models import PaperReceipt
from zhicheng.tables import ExportColumn, SelectColumn, StaffTable


def receipt_of(app: Application) -> PaperReceipt | None:
    return getattr(app, "paper_receipt", None)


class PaperTable(StaffTable):
    """One row per application that passed formal review; the 登记 cell holds the row's own
    form (`record.mark_form`, `record.in_meeting`, set by the view for the page's rows)."""

    default_per_page = 50

    select = SelectColumn()
    number = tables.Column(
        verbose_name=gettext_lazy("序号"), empty_values=(), orderable=False, accessor="pk"
    )
    applicant = tables.Column(
        verbose_name=gettext_lazy("申请人"),
        accessor="applicant__real_name",
        order_by=("applicant__real_name", "id"),
    )
    app_number = tables.Column(
        verbose_name=gettext_lazy("申请书编号"), accessor="number", order_by=("number", "id")
    )
    unit = tables.Column(
        verbose_name=gettext_lazy("基层工作单位"),
        accessor="unit__name",
        order_by=("unit__name", "id"),
    )
    paper = tables.Column(
        verbose_name=gettext_lazy("纸质材料"),
        accessor="paper_receipt__status",
        order_by=("paper_receipt__status", "id"),
        empty_values=(),
        attrs={"td": {"class": "paper-status"}},
    )
    mark = tables.TemplateColumn(
        verbose_name=gettext_lazy("登记"),
        template_name="results/cells/paper_mark.html",
        orderable=False,
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table results-table", "id": "paper-list"}
        row_attrs = {
            "id": lambda record: f"paper-{record.pk}",
            "class": lambda record: (
                "row-error" if getattr(getattr(record, "mark_form", None), "errors", None) else ""
            ),
        }

    def render_number(self, bound_row: Any) -> int:
        page = getattr(self, "page", None)
        return (page.start_index() if page is not None else 1) + bound_row.row_counter

    def render_applicant(self, record: Application) -> str:
        return format_html(
            '<strong>{}</strong><br><span class="small one-line" title="{}">{}</span>',
            record.applicant.display_name,
            record.qualification_label,
            record.qualification_label,
        )

    def render_app_number(self, record: Application) -> str:
        return format_html(
            '{} <span class="muted small">· {}</span>', record.number or "", record.year
        )

    def render_unit(self, record: Application) -> str:
        return record.unit.name if record.unit_id else "—"

    def render_paper(self, record: Application) -> str:
        receipt = receipt_of(record)
        if receipt is None:
            return format_html('<span class="tag tag-warn">{}</span>', _("尚未登记"))
        ok = receipt.status == PaperReceipt.Status.RECEIVED
        tag = format_html(
            '<span class="tag {}">{}</span>',
            "tag-ok" if ok else "tag-bad",
            _("已收到") if ok else _("材料缺失"),
        )
        when = timezone.localtime(receipt.marked_at).strftime("%Y-%m-%d %H:%M")
        by = receipt.marked_by.display_name if receipt.marked_by_id else ""
        note = format_html(' <span class="small">{}</span>', receipt.note) if receipt.note else ""
        return format_html('{} <span class="muted small">{} · {}</span>{}', tag, by, when, note)


def export_columns(viewer: User) -> list[ExportColumn]:
    """The export's columns; the ID number as `viewer` may see it (masked for staff)."""

    def status(app: Application) -> str:
        receipt = receipt_of(app)
        return receipt.get_status_display() if receipt else _("尚未登记")

    def note(app: Application) -> str:
        receipt = receipt_of(app)
        return receipt.note if receipt else ""

    return [
        ExportColumn(gettext_lazy("申请书编号"), lambda a: a.number or "", 16),
        ExportColumn(gettext_lazy("申请人"), lambda a: a.applicant.display_name, 12),
        ExportColumn(
            gettext_lazy("身份证号"),
            lambda a: id_for(viewer, a.applicant, a.applicant.id_number),
            22,
        ),
        ExportColumn(gettext_lazy("申请年度"), lambda a: a.year, 8),
        ExportColumn(gettext_lazy("申请资格"), lambda a: a.qualification_label, 40),
        ExportColumn(gettext_lazy("基层工作单位"), lambda a: a.unit.name if a.unit_id else "", 24),
        ExportColumn(gettext_lazy("纸质材料"), status, 12),
        ExportColumn(gettext_lazy("说明"), note, 30),
    ]
