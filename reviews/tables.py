"""申请书审核 and 申请书查询 as staff tables (zhicheng/tables.py): sortable columns, 20/50/100
rows, and the Excel export of exactly the filtered rows."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications import display, workflow
from applications.models import Application
from lib.visibility import id_for
from reviews.models import Recommendation
from zhicheng.tables import ExportColumn, SelectColumn, StaffTable, pk_url


def _has_recommendation(app: Application) -> Recommendation | None:
    """The recommendation of this submission round, from the row fetched with it."""
    try:
        rec = app.recommendation
    except ObjectDoesNotExist:
        return None
    return rec if rec.submission_no == app.submission_count else None


class ReviewTable(StaffTable):
    """One row per application; `viewer` decides 办理 or 查看 (the application waits at the
    viewer's organisation or not)."""

    select = SelectColumn()
    number = tables.Column(
        verbose_name=gettext_lazy("序号"), empty_values=(), orderable=False, accessor="pk"
    )
    applicant = tables.Column(
        verbose_name=gettext_lazy("申请人"),
        accessor="applicant__real_name",
        order_by=("applicant__real_name", "id"),
    )
    unit = tables.Column(
        verbose_name=gettext_lazy("基层工作单位"),
        accessor="unit__name",
        order_by=("unit__name", "id"),
    )
    status = tables.Column(
        verbose_name=gettext_lazy("状态"),
        accessor="last_action_at",
        order_by=("last_action_at", "id"),
        empty_values=(),
        attrs={"td": {"class": "status-cell"}},
    )
    mobile = tables.Column(
        verbose_name=gettext_lazy("联系方式"), accessor="applicant__mobile", orderable=False
    )
    recommendation = tables.Column(
        verbose_name=gettext_lazy("推荐意见"),
        accessor="pk",
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": "rec-cell"}},
    )
    handle = tables.Column(
        verbose_name=gettext_lazy("办理"), accessor="pk", orderable=False, empty_values=()
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table review-list", "id": "review-list"}
        row_attrs = {"id": lambda record: f"app-{record.pk}"}

    def __init__(self, data: QuerySet[Application], *, viewer: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.viewer = viewer
        self.handle_url = pk_url("reviews:handle")

    def render_number(self, bound_row: Any) -> int:
        page = getattr(self, "page", None)
        return (page.start_index() if page is not None else 1) + bound_row.row_counter

    def render_applicant(self, record: Application) -> str:
        label = record.qualification_label
        return format_html(
            '<strong>{}</strong> <span class="muted small"><bdi dir="ltr" class="ltr">{}</bdi>'
            '</span><br><span class="small one-line" title="{}">{}</span>',
            record.applicant.display_name,
            record.number or "",
            label,
            label,
        )

    def render_unit(self, record: Application) -> str:
        return record.unit.name if record.unit_id else "—"

    def render_status(self, record: Application) -> str:
        head, when = display.status_parts(record)
        if not when:
            return format_html('<span class="status-head">{}</span>', head)
        return format_html(
            '<span class="status-head">{}</span><br>'
            '<span class="muted small one-line">{}: {}</span>',
            head,
            _("办理时间"),
            when,
        )

    def render_mobile(self, value: str) -> str:
        return value or "—"

    def render_recommendation(self, record: Application) -> str:
        rec = _has_recommendation(record)
        if rec is None:
            return format_html('<span class="tag tag-warn">{}</span>', _("未保存"))
        opinion = rec.opinion
        short = opinion if len(opinion) <= 30 else opinion[:29] + "…"
        return format_html(
            '<span class="tag tag-ok">{}</span> <span class="small" title="{}">{}</span>',
            _("已保存"),
            opinion,
            short,
        )

    def render_handle(self, record: Application) -> str:
        url = self.handle_url(record.pk)
        if workflow.holds(self.viewer, record):
            return format_html('<a class="btn btn-small" href="{}">{}</a>', url, _("办理"))
        return format_html(
            '<a class="btn btn-small btn-secondary" href="{}">{}</a>', url, _("查看")
        )


def export_columns(viewer: User) -> list[ExportColumn]:
    """The export's columns; the ID number as `viewer` may see it (masked for staff)."""

    def rec_text(app: Application) -> str:
        rec = _has_recommendation(app)
        return rec.opinion if rec is not None else _("未保存")

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
        ExportColumn(gettext_lazy("状态"), lambda a: display.status_parts(a)[0], 30),
        ExportColumn(gettext_lazy("办理时间"), lambda a: display.status_parts(a)[1], 20),
        ExportColumn(gettext_lazy("联系方式"), lambda a: a.applicant.mobile, 14),
        ExportColumn(gettext_lazy("推荐意见"), rec_text, 40),
    ]
