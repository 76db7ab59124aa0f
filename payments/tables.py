"""缴费对账 as a staff table (zhicheng/tables.py, docs/adr/0039-clerk-tables.md): sortable,
20/50/100 rows, and the Excel export of exactly the filtered orders (ID numbers masked).

No bulk action: 确认到账 needs each transfer's own bank reference and 退费 its own reason,
so both stay one order at a time."""

from __future__ import annotations

import django_tables2 as tables  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from accounts.models import User
from lib.visibility import id_for
from payments import gateways
from payments.models import PaymentOrder
from zhicheng.tables import ExportColumn, StaffTable


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def _gateway(order: PaymentOrder) -> str:
    gateway = gateways.get(order.gateway)
    return str(gateway.label) if gateway is not None else order.gateway


class OrderTable(StaffTable):
    """One row per payment order of the committee."""

    out_trade_no = tables.Column(
        verbose_name=gettext_lazy("订单号"), order_by=("out_trade_no", "id")
    )
    applicant = tables.Column(
        verbose_name=gettext_lazy("申请人"),
        accessor="application__applicant__real_name",
        order_by=("application__applicant__real_name", "id"),
    )
    unit = tables.Column(
        verbose_name=gettext_lazy("基层工作单位"),
        accessor="application__unit__name",
        order_by=("application__unit__name", "id"),
        empty_values=(),
    )
    amount = tables.Column(verbose_name=gettext_lazy("金额(元)"), order_by=("amount", "id"))
    status = tables.Column(
        verbose_name=gettext_lazy("状态"),
        order_by=("status", "id"),
        attrs={"td": {"class": "order-status"}},
    )
    reference = tables.TemplateColumn(
        verbose_name=gettext_lazy("流水号 / 办理"),
        template_name="payments/cells/order_reference.html",
        order_by=("paid_at", "id"),
        attrs={"td": {"class": "small"}},
    )
    action = tables.TemplateColumn(
        verbose_name=gettext_lazy("操作"),
        template_name="payments/cells/order_action.html",
        orderable=False,
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table review-list", "id": "order-list"}
        row_attrs = {"id": lambda record: f"order-{record.pk}"}

    def render_out_trade_no(self, record: PaymentOrder) -> str:
        return format_html(
            '{}<br><span class="muted small">{} {}</span>',
            record.out_trade_no,
            gettext_lazy("生成于"),
            timezone.localtime(record.created_at).strftime("%Y/%m/%d %H:%M"),
        )

    def render_applicant(self, record: PaymentOrder) -> str:
        app = record.application
        return format_html(
            '<strong>{}</strong> <span class="muted small">{}</span><br>'
            '<span class="small one-line" title="{}">{}</span>',
            app.applicant.display_name,
            app.number or "",
            app.qualification_label,
            app.qualification_label,
        )

    def render_unit(self, record: PaymentOrder) -> str:
        app = record.application
        return app.unit.name if app.unit_id else "—"

    def render_status(self, record: PaymentOrder) -> str:
        css = {"paid": "tag tag-ok", "refunded": "tag"}.get(record.status, "tag tag-warn")
        return format_html('<span class="{}">{}</span>', css, record.get_status_display())


def export_columns(viewer: User) -> list[ExportColumn]:
    """The export's columns; the ID number as `viewer` may see it (masked for staff)."""
    return [
        ExportColumn(gettext_lazy("订单号"), lambda o: o.out_trade_no, 22),
        ExportColumn(gettext_lazy("申请书编号"), lambda o: o.application.number or "", 16),
        ExportColumn(gettext_lazy("申请人"), lambda o: o.application.applicant.display_name, 12),
        ExportColumn(
            gettext_lazy("身份证号"),
            lambda o: id_for(viewer, o.application.applicant, o.application.applicant.id_number),
            22,
        ),
        ExportColumn(gettext_lazy("申请资格"), lambda o: o.application.qualification_label, 36),
        ExportColumn(
            gettext_lazy("基层工作单位"),
            lambda o: o.application.unit.name if o.application.unit_id else "",
            24,
        ),
        ExportColumn(gettext_lazy("金额(元)"), lambda o: float(o.amount), 10),
        ExportColumn(gettext_lazy("状态"), lambda o: o.get_status_display(), 8),
        ExportColumn(gettext_lazy("缴费渠道"), _gateway, 16),
        ExportColumn(gettext_lazy("银行流水号/交易号"), lambda o: o.reference, 24),
        ExportColumn(gettext_lazy("缴费时间"), lambda o: _when(o.paid_at), 17),
        ExportColumn(gettext_lazy("退费时间"), lambda o: _when(o.refunded_at), 17),
        ExportColumn(gettext_lazy("退费原因"), lambda o: o.refund_reason, 24),
        ExportColumn(gettext_lazy("生成时间"), lambda o: _when(o.created_at), 17),
    ]
