"""Print records in the admin, read-only (they are written by printing, never edited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from documents.models import PrintRecord


@admin.register(PrintRecord)
class PrintRecordAdmin(admin.ModelAdmin[PrintRecord]):
    list_display = ["printed_at", "application", "document", "official", "printed_by"]
    list_filter = ["document", "official"]
    search_fields = ["application__number"]
    list_select_related = ["application", "printed_by"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
