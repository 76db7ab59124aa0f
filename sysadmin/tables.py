"""系统设置's staff lists as staff tables (zhicheng/tables.py, docs/adr/0039-clerk-tables.md):
疑似重复单位, 基层工作单位 and 用户查询 sort by their columns, show 20/50/100 rows and export
exactly the listed rows to Excel (`?export=xlsx`, audited by the view through
`audit.exports.export_table`; ID numbers through `lib.visibility.id_for`, so always masked).

No bulk action: a flag is resolved after comparing the two units, a unit's details are
corrected one unit at a time, and the account list is read-only."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from lib.visibility import id_for
from orgs.models import BaseUnit, SimilarUnitFlag
from zhicheng.tables import ExportColumn, StaffTable


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _place(unit: BaseUnit, sep: str = " ") -> str:
    region = unit.region.name if unit.region is not None else ""
    return region + (f"{sep}{unit.county.name}" if unit.county is not None else "")


# ------------------------------------------------------------------------ 疑似重复单位


class SimilarFlagTable(StaffTable):
    """One row per open 疑似重复单位 flag: the unit, the unit it resembles, and 核实处理."""

    created_at = tables.Column(verbose_name=gettext_lazy("登记时间"), order_by=("created_at", "id"))
    unit = tables.Column(
        verbose_name=gettext_lazy("单位"), accessor="unit__name", order_by=("unit__name", "id")
    )
    unit_uscc = tables.Column(
        verbose_name=gettext_lazy("统一社会信用代码"),
        accessor="unit__uscc",
        order_by=("unit__uscc", "id"),
    )
    unit_place = tables.Column(
        verbose_name=gettext_lazy("地区"),
        accessor="unit__region__name",
        order_by=("unit__region__sort_order", "unit__county__name", "id"),
    )
    similar_to = tables.Column(
        verbose_name=gettext_lazy("疑似重复的单位"),
        accessor="similar_to__name",
        order_by=("similar_to__name", "id"),
    )
    similar_uscc = tables.Column(
        verbose_name=gettext_lazy("统一社会信用代码"),
        accessor="similar_to__uscc",
        order_by=("similar_to__uscc", "id"),
    )
    similar_place = tables.Column(
        verbose_name=gettext_lazy("地区"),
        accessor="similar_to__region__name",
        order_by=("similar_to__region__sort_order", "similar_to__county__name", "id"),
    )
    action = tables.TemplateColumn(
        verbose_name=gettext_lazy("操作"),
        template_name="orgs/cells/similar_action.html",
        orderable=False,
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table", "id": "similar-flags"}
        row_attrs = {"id": lambda record: f"flag-{record.pk}"}

    def render_created_at(self, record: SimilarUnitFlag) -> str:
        return format_html(
            '{}<br><span class="muted small">{} {}</span>',
            timezone.localtime(record.created_at).strftime("%Y/%m/%d %H:%M"),
            _("单位注册于"),
            timezone.localtime(record.unit.created_at).strftime("%Y/%m/%d %H:%M"),
        )

    def render_unit_place(self, record: SimilarUnitFlag) -> str:
        return _place(record.unit)

    def render_similar_place(self, record: SimilarUnitFlag) -> str:
        return _place(record.similar_to)


def similar_flag_columns() -> list[ExportColumn]:
    return [
        ExportColumn(gettext_lazy("登记时间"), lambda f: _when(f.created_at), 17),
        ExportColumn(gettext_lazy("单位"), lambda f: f.unit.name, 28),
        ExportColumn(gettext_lazy("统一社会信用代码"), lambda f: f.unit.uscc, 22),
        ExportColumn(gettext_lazy("地区"), lambda f: _place(f.unit), 16),
        ExportColumn(gettext_lazy("单位注册于"), lambda f: _when(f.unit.created_at), 17),
        ExportColumn(gettext_lazy("疑似重复的单位"), lambda f: f.similar_to.name, 28),
        ExportColumn(gettext_lazy("统一社会信用代码"), lambda f: f.similar_to.uscc, 22),
        ExportColumn(gettext_lazy("地区"), lambda f: _place(f.similar_to), 16),
    ]


# ------------------------------------------------------------------------- 基层工作单位


class UnitTable(StaffTable):
    """One row per base unit of the admin's region, with 更正信息 and 变更名称."""

    name = tables.Column(verbose_name=gettext_lazy("单位名称"), order_by=("name", "id"))
    uscc = tables.Column(verbose_name=gettext_lazy("统一社会信用代码"), order_by=("uscc", "id"))
    place = tables.Column(
        verbose_name=gettext_lazy("所属地区"),
        accessor="region__name",
        order_by=("region__sort_order", "county__name", "name", "id"),
    )
    nature = tables.Column(verbose_name=gettext_lazy("单位性质"), order_by=("nature", "id"))
    contact = tables.Column(
        verbose_name=gettext_lazy("联系人"),
        accessor="contact_name",
        order_by=("contact_name", "id"),
        empty_values=(),
    )
    phone = tables.Column(
        verbose_name=gettext_lazy("单位电话"), order_by=("phone", "id"), empty_values=()
    )
    complete = tables.Column(
        verbose_name=gettext_lazy("信息完善"), accessor="pk", orderable=False, empty_values=()
    )
    action = tables.TemplateColumn(
        verbose_name=gettext_lazy("操作"),
        template_name="sysadmin/cells/unit_action.html",
        orderable=False,
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table", "id": "units"}
        row_attrs = {"id": lambda record: f"unit-{record.pk}"}

    default_per_page = 50

    def render_place(self, record: BaseUnit) -> str:
        return _place(record, "·")

    def render_nature(self, record: BaseUnit) -> str:
        return record.get_nature_display()

    def render_contact(self, record: BaseUnit) -> str:
        return f"{record.contact_name} {record.contact_mobile}".strip() or "—"

    def render_phone(self, record: BaseUnit) -> str:
        return record.phone or "—"

    def render_complete(self, record: BaseUnit) -> str:
        if record.is_complete:
            return _("已完善")
        return format_html('<span class="tag tag-warn">{}</span>', _("未完善"))


def unit_columns() -> list[ExportColumn]:
    return [
        ExportColumn(gettext_lazy("单位名称"), lambda u: u.name, 30),
        ExportColumn(gettext_lazy("统一社会信用代码"), lambda u: u.uscc, 22),
        ExportColumn(gettext_lazy("所属地区"), _place, 18),
        ExportColumn(gettext_lazy("单位性质"), lambda u: u.get_nature_display(), 12),
        ExportColumn(gettext_lazy("联系人"), lambda u: u.contact_name, 12),
        ExportColumn(gettext_lazy("联系人手机"), lambda u: u.contact_mobile, 14),
        ExportColumn(gettext_lazy("单位电话"), lambda u: u.phone, 16),
        ExportColumn(
            gettext_lazy("信息完善"), lambda u: _("已完善") if u.is_complete else _("未完善"), 10
        ),
    ]


# --------------------------------------------------------------------------- 用户查询


def _organisation(user: User) -> str:
    if user.role == Role.UNIT_ADMIN and user.unit is not None:
        return user.unit.name
    if user.role == Role.DEPT_REVIEWER and user.department is not None:
        return f"{user.department.region.name}·{user.department.name}"
    if user.role == Role.COMMITTEE_STAFF and user.committee is not None:
        return user.committee.name
    if user.role == Role.HR_ADMIN and user.admin_region is not None:
        return user.admin_region.name
    return ""


class UserTable(StaffTable):
    """One row per account the admin may look up; read-only, ID numbers masked."""

    username = tables.Column(verbose_name=gettext_lazy("用户名"), order_by=("username", "id"))
    real_name = tables.Column(
        verbose_name=gettext_lazy("姓名"), order_by=("real_name", "id"), empty_values=()
    )
    role = tables.Column(verbose_name=gettext_lazy("角色"), order_by=("role", "id"))
    organisation = tables.Column(
        verbose_name=gettext_lazy("所属单位或部门"), accessor="pk", orderable=False
    )
    id_number = tables.Column(
        verbose_name=gettext_lazy("身份证号"), orderable=False, empty_values=()
    )
    is_active = tables.Column(
        verbose_name=gettext_lazy("状态"), order_by=("is_active", "id"), empty_values=()
    )
    last_login = tables.Column(
        verbose_name=gettext_lazy("最近登录"), order_by=("last_login", "id"), empty_values=()
    )

    class Meta(StaffTable.Meta):
        attrs = {"class": "list compact-table", "id": "users"}
        row_attrs = {"id": lambda record: f"user-{record.pk}"}

    default_per_page = 50

    def __init__(self, data: Any, *, viewer: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.viewer = viewer

    def render_real_name(self, record: User) -> str:
        return record.real_name or "—"

    def render_role(self, record: User) -> str:
        return record.get_role_display()

    def render_organisation(self, record: User) -> str:
        return _organisation(record) or "—"

    def render_id_number(self, record: User) -> str:
        return id_for(self.viewer, record, record.id_number) or "—"

    def render_is_active(self, record: User) -> str:
        if record.is_active:
            return _("正常")
        return format_html('<span class="tag tag-warn">{}</span>', _("停用"))

    def render_last_login(self, record: User) -> str:
        if record.last_login is None:
            return "—"
        return timezone.localtime(record.last_login).strftime("%Y/%m/%d %H:%M")


def user_columns(viewer: User) -> list[ExportColumn]:
    """The export's columns; the ID number as `viewer` may see it (masked: staff look it up)."""
    return [
        ExportColumn(gettext_lazy("用户名"), lambda u: u.username, 18),
        ExportColumn(gettext_lazy("姓名"), lambda u: u.real_name, 12),
        ExportColumn(gettext_lazy("角色"), lambda u: u.get_role_display(), 16),
        ExportColumn(gettext_lazy("所属单位或部门"), _organisation, 28),
        ExportColumn(gettext_lazy("身份证号"), lambda u: id_for(viewer, u, u.id_number), 22),
        ExportColumn(gettext_lazy("状态"), lambda u: _("正常") if u.is_active else _("停用"), 8),
        ExportColumn(gettext_lazy("最近登录"), lambda u: _when(u.last_login), 17),
    ]
