"""会议评审 and 公示 lists as staff tables (zhicheng/tables.py, docs/adr/0039-clerk-tables.md):
sortable, 20/50/100 rows, and the Excel export of exactly the listed rows (audited).

Neither list has a bulk action: a meeting or a publicity is opened and worked on one at a
time. Neither row holds a person, so neither export has an ID number.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from results import rules
from results.models import Meeting, Publicity
from zhicheng.tables import ExportColumn, StaffTable


def _count(name: str, label: Any) -> tables.Column:
    return tables.Column(verbose_name=label, accessor=name, order_by=(name, "id"))


class MeetingTable(StaffTable):
    """One row per meeting of the committee, with its result counts (annotated)."""

    year = tables.Column(verbose_name=gettext_lazy("年度"), order_by=("year", "-held_on", "id"))
    name = tables.Column(verbose_name=gettext_lazy("会议名称"), order_by=("name", "id"))
    held_on = tables.Column(verbose_name=gettext_lazy("会议日期"), order_by=("held_on", "id"))
    total = _count("total", gettext_lazy("参评"))
    passed = _count("passed", gettext_lazy("通过"))
    failed = _count("failed", gettext_lazy("未通过"))
    pending = _count("pending", gettext_lazy("待录入"))
    publicity = tables.Column(
        verbose_name=gettext_lazy("公示"),
        accessor="publicity__id",
        order_by=("publicity__starts_on", "id"),
        empty_values=(),
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table results-table", "id": "meeting-list"}
        row_attrs = {"id": lambda record: f"meeting-{record.pk}"}

    def render_name(self, record: Meeting) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("results:meeting", args=[record.pk]), record.name
        )

    def render_held_on(self, record: Meeting) -> str:
        return f"{record.held_on:%Y-%m-%d}"

    def render_pending(self, record: Any) -> str:
        if record.pending:
            return format_html('<span class="tag tag-warn">{}</span>', record.pending)
        return "0"

    def render_publicity(self, record: Meeting) -> str:
        publicity = getattr(record, "publicity", None)
        if publicity is None:
            return format_html('<span class="muted">{}</span>', _("未公示"))
        return format_html(
            '<a href="{}">{}</a>', reverse("results:publicity", args=[publicity.pk]), _("已公示")
        )


def meeting_export_columns() -> list[ExportColumn]:
    def publicity(m: Meeting) -> str:
        p = getattr(m, "publicity", None)
        return p.title if p is not None else _("未公示")

    return [
        ExportColumn(gettext_lazy("年度"), lambda m: m.year, 8),
        ExportColumn(gettext_lazy("会议名称"), lambda m: m.name, 30),
        ExportColumn(gettext_lazy("会议日期"), lambda m: f"{m.held_on:%Y-%m-%d}", 12),
        ExportColumn(gettext_lazy("委员人数"), lambda m: m.members or "", 10),
        ExportColumn(gettext_lazy("参评"), lambda m: m.total, 8),
        ExportColumn(gettext_lazy("通过"), lambda m: m.passed, 8),
        ExportColumn(gettext_lazy("未通过"), lambda m: m.failed, 8),
        ExportColumn(gettext_lazy("待录入"), lambda m: m.pending, 8),
        ExportColumn(gettext_lazy("公示"), publicity, 30),
    ]


def _phase(p: Publicity) -> str:
    today = rules.today()
    if today < p.starts_on:
        return _("未开始")
    if today > p.ends_on:
        return _("已结束")
    return _("公示中")


class PublicityTable(StaffTable):
    """One row per publicity of the committee (listed / open objections annotated)."""

    title = tables.Column(verbose_name=gettext_lazy("公示标题"), order_by=("title", "id"))
    meeting = tables.Column(
        verbose_name=gettext_lazy("评审会议"),
        accessor="meeting__name",
        order_by=("meeting__name", "id"),
    )
    period = tables.Column(
        verbose_name=gettext_lazy("公示期"),
        accessor="starts_on",
        order_by=("starts_on", "ends_on", "id"),
    )
    listed = _count("listed", gettext_lazy("名单人数"))
    open_objections = tables.Column(
        verbose_name=gettext_lazy("待处理异议"),
        order_by=("open_objections", "id"),
        empty_values=(),
    )
    approval = tables.Column(
        verbose_name=gettext_lazy("批文"),
        accessor="approval__number",
        order_by=("approval__number", "id"),
        empty_values=(),
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table results-table", "id": "publicity-list"}
        row_attrs = {"id": lambda record: f"publicity-{record.pk}"}

    def render_title(self, record: Publicity) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("results:publicity", args=[record.pk]), record.title
        )

    def render_meeting(self, record: Publicity) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("results:meeting", args=[record.meeting_id]),
            record.meeting.name,
        )

    def render_period(self, record: Publicity) -> str:
        today = rules.today()
        css = "tag tag-info" if record.starts_on <= today <= record.ends_on else "tag"
        return format_html(
            '{} {} {} <span class="{}">{}</span>',
            f"{record.starts_on:%Y-%m-%d}",
            _("至"),
            f"{record.ends_on:%Y-%m-%d}",
            css,
            _phase(record),
        )

    def render_open_objections(self, record: Any) -> str:
        if not record.open_objections:
            return "0"
        return format_html(
            '<a class="tag tag-warn" href="{}?publicity={}">{}</a>',
            reverse("results:objections"),
            record.pk,
            record.open_objections,
        )

    def render_approval(self, record: Publicity) -> str:
        approval = getattr(record, "approval", None)
        if approval is None:
            return format_html('<span class="muted">{}</span>', _("未发文"))
        return format_html(
            '<a href="{}">{}</a>',
            reverse("results:approval", args=[approval.pk]),
            approval.number,
        )


def publicity_export_columns() -> list[ExportColumn]:
    def approval(p: Publicity) -> str:
        a = getattr(p, "approval", None)
        return a.number if a is not None else _("未发文")

    return [
        ExportColumn(gettext_lazy("年度"), lambda p: p.year, 8),
        ExportColumn(gettext_lazy("公示标题"), lambda p: p.title, 36),
        ExportColumn(gettext_lazy("评审会议"), lambda p: p.meeting.name, 30),
        ExportColumn(gettext_lazy("公示开始日期"), lambda p: f"{p.starts_on:%Y-%m-%d}", 12),
        ExportColumn(gettext_lazy("公示结束日期"), lambda p: f"{p.ends_on:%Y-%m-%d}", 12),
        ExportColumn(gettext_lazy("状态"), _phase, 10),
        ExportColumn(gettext_lazy("名单人数"), lambda p: p.listed, 10),
        ExportColumn(gettext_lazy("待处理异议"), lambda p: p.open_objections, 10),
        ExportColumn(gettext_lazy("批文"), approval, 20),
    ]
