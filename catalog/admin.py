"""The qualification catalogue in the admin: superusers only, and read-only (ADR 0029).

The catalogue, the 任职资格条件 texts and the form templates have one writer each, their
`catalog` actions, reached through 系统设置 (which keeps versions, copies templates in use,
and records who changed what). The admin shows them, so a superuser can look anything up,
but offers no second way to change them with other rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from catalog.models import (
    AttachmentSlot,
    FormTemplate,
    QualificationCondition,
    Series,
    Specialty,
    TemplateField,
    TemplateSection,
    Title,
)


class ViewOnly:
    """ModelAdmin and inline mixin: look, never add, change or delete (the owner's actions,
    through 系统设置, are the one way to write these rows)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TitleInline(ViewOnly, admin.TabularInline[Title, Series]):
    model = Title
    extra = 0


class SpecialtyInline(ViewOnly, admin.TabularInline[Specialty, Series]):
    model = Specialty
    extra = 0


@admin.register(Series)
class SeriesAdmin(ViewOnly, admin.ModelAdmin[Series]):
    list_display = ["name", "code", "group", "sort_order", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "code", "group"]
    inlines = [TitleInline, SpecialtyInline]


@admin.register(Title)
class TitleAdmin(ViewOnly, admin.ModelAdmin[Title]):
    list_display = ["name", "series", "level", "sort_order"]
    list_filter = ["level", "series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series"]


@admin.register(Specialty)
class SpecialtyAdmin(ViewOnly, admin.ModelAdmin[Specialty]):
    list_display = ["name", "series", "sort_order"]
    list_filter = ["series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series"]


@admin.register(QualificationCondition)
class QualificationConditionAdmin(ViewOnly, admin.ModelAdmin[QualificationCondition]):
    list_display = ["title", "series", "level", "effective_year", "updated_at"]
    list_filter = ["level", "effective_year", "series"]
    search_fields = ["title", "text", "series__name"]
    list_select_related = ["series"]


class SectionInline(ViewOnly, admin.TabularInline[TemplateSection, FormTemplate]):
    model = TemplateSection
    fields = ["position", "key", "title", "required", "repeatable", "max_rows", "filled_by_unit"]
    extra = 0
    # Fields and attachment slots are edited on the section's own page.
    show_change_link = True


@admin.register(FormTemplate)
class FormTemplateAdmin(ViewOnly, admin.ModelAdmin[FormTemplate]):
    list_display = ["name", "series", "business_type", "year", "version", "is_published"]
    list_filter = ["business_type", "year", "is_published", "series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series"]
    inlines = [SectionInline]


class FieldInline(ViewOnly, admin.TabularInline[TemplateField, TemplateSection]):
    model = TemplateField
    extra = 0


class SlotInline(ViewOnly, admin.TabularInline[AttachmentSlot, TemplateSection]):
    model = AttachmentSlot
    extra = 0


@admin.register(TemplateSection)
class TemplateSectionAdmin(ViewOnly, admin.ModelAdmin[TemplateSection]):
    list_display = ["__str__", "template", "required", "repeatable", "filled_by_unit"]
    list_filter = ["template__series", "template__year"]
    search_fields = ["title", "key", "template__name"]
    list_select_related = ["template", "template__series"]
    inlines = [FieldInline, SlotInline]
