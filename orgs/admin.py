"""Reference data of regions and organisations in the admin: superusers only.

Committees (with their scopes, fees, windows and contacts), departments, chains and units
have one writer each, their `orgs` actions, reached through 系统设置 (which keeps versions,
region scoping and the record of who changed what): here they are read-only (ADR 0029).
Regions are owned by the reference data (ADR 0003, 0026) and stay editable for a
superuser's emergency correction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit.admin_site import ViewChangeOnly
from catalog.admin import ViewOnly
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    ChainNode,
    CommitteeScope,
    Contact,
    Department,
    FeeRule,
    Region,
    ReviewChain,
    ReviewCommittee,
    SimilarUnitFlag,
    UnitNameChange,
)
from orgs.regions import forget_entry_regions


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name", "level", "parent", "is_entry", "is_southern", "sort_order"]
    list_filter = ["level", "is_entry", "is_southern"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    # The entry list is cached for every page; an edit must show at once.
    def save_model(self, request: HttpRequest, obj: Region, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_entry_regions()

    def delete_model(self, request: HttpRequest, obj: Region) -> None:
        super().delete_model(request, obj)
        forget_entry_regions()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Region]) -> None:
        super().delete_queryset(request, queryset)
        forget_entry_regions()


class DepartmentContactInline(ViewOnly, admin.TabularInline[Contact, Department]):
    model = Contact
    fk_name = "department"
    fields = ["name", "phone", "duty"]
    extra = 1


class CommitteeContactInline(ViewOnly, admin.TabularInline[Contact, ReviewCommittee]):
    model = Contact
    fk_name = "committee"
    fields = ["name", "phone", "duty"]
    extra = 1


@admin.register(Department)
class DepartmentAdmin(ViewOnly, admin.ModelAdmin[Department]):
    list_display = ["name", "kind", "level", "region", "is_active"]
    list_filter = ["kind", "level", "is_active", "region"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    inlines = [DepartmentContactInline]


class ScopeInline(ViewOnly, admin.TabularInline[CommitteeScope, ReviewCommittee]):
    model = CommitteeScope
    extra = 1


class FeeRuleInline(ViewOnly, admin.TabularInline[FeeRule, ReviewCommittee]):
    model = FeeRule
    extra = 0


class WindowInline(ViewOnly, admin.TabularInline[ApplicationWindow, ReviewCommittee]):
    model = ApplicationWindow
    extra = 0
    autocomplete_fields = ["specialty"]


@admin.register(ReviewCommittee)
class ReviewCommitteeAdmin(ViewOnly, admin.ModelAdmin[ReviewCommittee]):
    list_display = ["name", "region", "submission_limit", "fee_mode", "is_active"]
    list_filter = ["region", "fee_mode", "is_active"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    inlines = [ScopeInline, FeeRuleInline, WindowInline, CommitteeContactInline]
    fieldsets = [
        (None, {"fields": ["name", "region", "address", "submission_limit", "is_active"]}),
        (_("缴费"), {"fields": ["fee_mode"]}),
        (_("特殊人才认定"), {"fields": ["special_needs_meeting"]}),
        (_("纸质材料报送"), {"fields": ["paper_deadline", "paper_contents", "paper_binding"]}),
    ]


class ChainNodeInline(ViewOnly, admin.TabularInline[ChainNode, ReviewChain]):
    model = ChainNode
    extra = 0
    autocomplete_fields = ["department"]


@admin.register(ReviewChain)
class ReviewChainAdmin(ViewOnly, admin.ModelAdmin[ReviewChain]):
    list_display = ["committee", "business_type", "version", "is_current", "created_at"]
    list_filter = ["business_type", "is_current", "committee__region"]
    search_fields = ["committee__name"]
    list_select_related = ["committee"]
    autocomplete_fields = ["committee"]
    inlines = [ChainNodeInline]


class NameChangeInline(admin.TabularInline[UnitNameChange, BaseUnit]):
    """History is read-only for everybody."""

    model = UnitNameChange
    fields = ["changed_at", "old_name", "old_uscc", "new_name", "new_uscc", "reason", "changed_by"]
    readonly_fields = (
        "changed_at",
        "old_name",
        "old_uscc",
        "new_name",
        "new_uscc",
        "reason",
        "changed_by",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(BaseUnit)
class BaseUnitAdmin(ViewOnly, admin.ModelAdmin[BaseUnit]):
    """Units register themselves; their details change through 完善单位信息 (or 系统设置 →
    基层工作单位), name and code only through 变更单位名称 (with history)."""

    list_display = [
        "name",
        "uscc",
        "unit_number",
        "region",
        "county",
        "nature",
        "complete",
        "created_at",
    ]
    list_filter = ["region", "nature"]
    search_fields = ["name", "uscc"]
    list_select_related = ["region", "county"]
    autocomplete_fields = ["county"]
    filter_horizontal = ["recommending_units"]
    readonly_fields = [
        "name",
        "uscc",
        "unit_number",
        "region",
        "licence",
        "created_at",
        "updated_at",
    ]
    fields = [
        "name",
        "uscc",
        "unit_number",
        "region",
        "county",
        "nature",
        "address",
        "postcode",
        "phone",
        "legal_representative",
        "hr_person",
        "hr_mobile",
        "contact_name",
        "contact_mobile",
        "recommending_units",
        "licence",
        "created_at",
        "updated_at",
    ]
    inlines = [NameChangeInline]

    @admin.display(description=_("单位编号"))
    def unit_number(self, obj: BaseUnit) -> str:
        return obj.number if obj.pk else ""

    @admin.display(description=_("信息完善"), boolean=True)
    def complete(self, obj: BaseUnit) -> bool:
        return obj.is_complete

    @admin.display(description=_("营业执照或法人证书扫描件"))
    def licence(self, obj: BaseUnit) -> str:
        if not obj.pk or not obj.licence_scan:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("orgs:licence", args=[obj.pk]),
            obj.licence_scan_name or _("查看扫描件"),
        )


@admin.register(SimilarUnitFlag)
class SimilarUnitFlagAdmin(ViewChangeOnly, admin.ModelAdmin[SimilarUnitFlag]):
    """Read-only record; hr_admin resolves flags on the 疑似重复单位 page, which keeps who and when."""

    list_display = ["unit", "similar_to", "created_at", "resolved_at", "resolved_by", "resolution"]
    list_filter = ["resolved_at"]
    search_fields = ["unit__name", "similar_to__name"]
    list_select_related = ["unit", "similar_to", "resolved_by"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
