"""The qualification catalogue in the admin: superusers only (hr_admin uses 系统设置).

A template already used by applications should be copied to a new version rather than
edited in place; the admin shows the version and year so that is visible.
"""

from __future__ import annotations

from django.contrib import admin

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


class TitleInline(admin.TabularInline[Title, Series]):
    model = Title
    extra = 0


class SpecialtyInline(admin.TabularInline[Specialty, Series]):
    model = Specialty
    extra = 0


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["name", "code", "group", "sort_order", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "code", "group"]
    inlines = [TitleInline, SpecialtyInline]


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin[Title]):
    list_display = ["name", "series", "level", "sort_order"]
    list_filter = ["level", "series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin[Specialty]):
    list_display = ["name", "series", "sort_order"]
    list_filter = ["series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series"]


@admin.register(QualificationCondition)
class QualificationConditionAdmin(admin.ModelAdmin[QualificationCondition]):
    list_display = ["title", "series", "level", "effective_year", "updated_at"]
    list_filter = ["level", "effective_year", "series"]
    search_fields = ["title", "text", "series__name"]
    list_select_related = ["series"]


class SectionInline(admin.TabularInline[TemplateSection, FormTemplate]):
    model = TemplateSection
    fields = ["position", "key", "title", "required", "repeatable", "max_rows", "filled_by_unit"]
    extra = 0
    # Fields and attachment slots are edited on the section's own page.
    show_change_link = True


@admin.register(FormTemplate)
class FormTemplateAdmin(admin.ModelAdmin[FormTemplate]):
    list_display = ["name", "series", "business_type", "year", "version", "is_published"]
    list_filter = ["business_type", "year", "is_published", "series"]
    search_fields = ["name", "series__name"]
    list_select_related = ["series"]
    inlines = [SectionInline]


class FieldInline(admin.TabularInline[TemplateField, TemplateSection]):
    model = TemplateField
    extra = 0


class SlotInline(admin.TabularInline[AttachmentSlot, TemplateSection]):
    model = AttachmentSlot
    extra = 0


@admin.register(TemplateSection)
class TemplateSectionAdmin(admin.ModelAdmin[TemplateSection]):
    list_display = ["__str__", "template", "required", "repeatable", "filled_by_unit"]
    list_filter = ["template__series", "template__year"]
    search_fields = ["title", "key", "template__name"]
    list_select_related = ["template", "template__series"]
    inlines = [FieldInline, SlotInline]
