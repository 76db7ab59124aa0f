"""账号找回审核 as a staff table (zhicheng/tables.py, docs/adr/0039-clerk-tables.md): sortable,
20/50/100 rows, and the Excel export of exactly the listed appeals (ID numbers through
`lib.visibility.id_for`, so always masked: no reader of an appeal is its holder).

No bulk action: each appeal is approved or rejected after looking at its own scan."""

from __future__ import annotations

import django_tables2 as tables  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from lib.visibility import id_for
from recovery.models import Appeal
from zhicheng.tables import ExportColumn, StaffTable


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def _who(a: Appeal) -> str:
    return a.unit_name if a.kind == Appeal.Kind.UNIT else a.real_name


def _number(viewer: User, a: Appeal) -> str:
    return a.uscc if a.kind == Appeal.Kind.UNIT else id_for(viewer, a.user, a.id_number)


class AppealTable(StaffTable):
    """One row per appeal of the chosen status the hr_admin may see."""

    created_at = tables.Column(verbose_name=gettext_lazy("提交时间"), order_by=("created_at", "id"))
    kind = tables.Column(verbose_name=gettext_lazy("类型"), order_by=("kind", "id"))
    who = tables.Column(
        verbose_name=gettext_lazy("申诉人/单位"),
        accessor="pk",
        order_by=("unit_name", "real_name", "id"),
    )
    number = tables.Column(
        verbose_name=gettext_lazy("证件号码"), accessor="pk", order_by=("uscc", "id_number", "id")
    )
    account = tables.Column(
        verbose_name=gettext_lazy("匹配账号"),
        accessor="user__username",
        order_by=("user__username", "id"),
        empty_values=(),
    )
    status = tables.Column(verbose_name=gettext_lazy("状态"), order_by=("status", "id"))
    action = tables.TemplateColumn(
        verbose_name=gettext_lazy("操作"),
        template_name="recovery/cells/appeal_action.html",
        orderable=False,
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table", "id": "appeals"}
        row_attrs = {"id": lambda record: f"appeal-{record.pk}"}

    def __init__(self, data: object, *, viewer: User, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self.viewer = viewer

    def render_created_at(self, record: Appeal) -> str:
        return timezone.localtime(record.created_at).strftime("%Y/%m/%d %H:%M")

    def render_kind(self, record: Appeal) -> str:
        return record.get_kind_display()

    def render_who(self, record: Appeal) -> str:
        return _who(record)

    def render_number(self, record: Appeal) -> str:
        return _number(self.viewer, record)

    def render_account(self, record: Appeal) -> str:
        if record.user is not None:
            return record.user.username
        return format_html('<span class="muted">{}</span>', _("无"))

    def render_status(self, record: Appeal) -> str:
        return record.get_status_display()


def export_columns(viewer: User) -> list[ExportColumn]:
    """The export's columns (no contact mobile or e-mail: the list does not show them)."""
    return [
        ExportColumn(gettext_lazy("提交时间"), lambda a: _when(a.created_at), 17),
        ExportColumn(gettext_lazy("类型"), lambda a: a.get_kind_display(), 12),
        ExportColumn(gettext_lazy("申诉人/单位"), _who, 24),
        ExportColumn(gettext_lazy("证件号码"), lambda a: _number(viewer, a), 22),
        ExportColumn(
            gettext_lazy("匹配账号"),
            lambda a: a.user.username if a.user is not None else _("无"),
            16,
        ),
        ExportColumn(gettext_lazy("状态"), lambda a: a.get_status_display(), 8),
        ExportColumn(
            gettext_lazy("审核人"),
            lambda a: a.decided_by.display_name if a.decided_by is not None else "",
            12,
        ),
        ExportColumn(gettext_lazy("审核时间"), lambda a: _when(a.decided_at), 17),
        ExportColumn(gettext_lazy("审核意见"), lambda a: a.reason, 30),
    ]
