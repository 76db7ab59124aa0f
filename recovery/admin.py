"""Recovery rows in the admin: read-only; every change goes through recovery.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from recovery.models import Appeal, RecoveryCode, ResetGrant


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "status", "real_name", "unit_name", "created_at", "decided_at"]
    list_filter = ["kind", "status"]
    exclude = ["id_number"]  # the full number stays out of every page


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(ReadOnlyAdmin):
    list_display = ["id", "user", "created_at", "expires_at", "attempts", "used_at"]
    exclude = ["salt", "code_hash", "mobile"]


@admin.register(ResetGrant)
class ResetGrantAdmin(ReadOnlyAdmin):
    list_display = ["id", "user", "via", "created_at", "expires_at", "used_at"]
    exclude = ["token_hash"]
