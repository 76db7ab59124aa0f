"""Results in the admin: read-only records. Every change goes through results.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from results.models import (
    ApprovalDocument,
    Meeting,
    MeetingResult,
    Objection,
    PaperReceipt,
    Publicity,
)


class ReadOnly:
    """Nothing is added, changed or deleted here: the staff pages check the rules."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PaperReceipt)
class PaperReceiptAdmin(ReadOnly, admin.ModelAdmin[PaperReceipt]):
    list_display = ["application", "status", "marked_by", "marked_at"]
    list_filter = ["status"]
    search_fields = ["application__number"]
    list_select_related = ["application", "marked_by"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly, admin.ModelAdmin[Meeting]):
    list_display = ["name", "committee", "year", "held_on"]
    list_filter = ["year"]
    list_select_related = ["committee"]


@admin.register(MeetingResult)
class MeetingResultAdmin(ReadOnly, admin.ModelAdmin[MeetingResult]):
    list_display = [
        "application",
        "meeting",
        "members_present",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "outcome",
    ]
    list_filter = ["outcome"]
    search_fields = ["application__number"]
    list_select_related = ["application", "meeting"]


@admin.register(Publicity)
class PublicityAdmin(ReadOnly, admin.ModelAdmin[Publicity]):
    list_display = ["title", "committee", "starts_on", "ends_on"]
    list_select_related = ["committee"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnly, admin.ModelAdmin[Objection]):
    list_display = ["entry", "name", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    # The objector's contact details stay with the committee's staff pages.
    exclude = ["contact", "ip_address"]


@admin.register(ApprovalDocument)
class ApprovalDocumentAdmin(ReadOnly, admin.ModelAdmin[ApprovalDocument]):
    list_display = ["number", "committee", "issued_on", "authority"]
    search_fields = ["number"]
    list_select_related = ["committee"]
