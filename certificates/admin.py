"""Certificates in the admin: read-only records for superusers (issue and revoke have pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, VerificationLog


class ReadOnly:
    """Nothing is added, changed or deleted here: issue and revocation are actions."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnly, admin.ModelAdmin[Certificate]):
    list_display = ["number", "holder_name", "masked_id", "qualification", "issued_on", "status"]
    list_filter = ["status", "issued_on"]
    search_fields = ["number", "holder_name"]
    list_select_related = ["approval"]
    # The full ID number and the QR token stay out of the admin.
    fields = (
        "number",
        "holder_name",
        "masked_id",
        "qualification",
        "specialty",
        "unit_name",
        "committee_name",
        "approval",
        "issued_on",
        "status",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("身份证号"))
    def masked_id(self, obj: Certificate) -> str:
        return obj.masked_id_number


@admin.register(VerificationLog)
class VerificationLogAdmin(ReadOnly, admin.ModelAdmin[VerificationLog]):
    list_display = ["looked_up_at", "method", "query", "found", "ip_address", "certificate"]
    list_filter = ["method", "found"]
    search_fields = ["query", "ip_address"]
    list_select_related = ["certificate"]
    date_hierarchy = "looked_up_at"
