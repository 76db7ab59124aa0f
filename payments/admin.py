"""Fees in the admin: bank accounts are reference data; orders and notices are read-only.

Orders change only through payments.actions (confirm, refund, a verified notification),
so the admin shows them for inspection and never edits or deletes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from payments.models import FeeAccount, PaymentNotice, PaymentOrder


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FeeAccount)
class FeeAccountAdmin(admin.ModelAdmin[FeeAccount]):
    list_display = ["committee", "payee", "bank", "account_number", "updated_at"]
    search_fields = ["committee__name", "payee"]
    list_select_related = ["committee"]
    autocomplete_fields = ["committee"]
    exclude = ["updated_by"]


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnly, admin.ModelAdmin[PaymentOrder]):
    list_display = ["out_trade_no", "application", "committee", "amount", "status", "gateway"]
    list_filter = ["status", "gateway", "committee"]
    search_fields = ["out_trade_no", "reference", "application__number"]
    list_select_related = ["application", "committee"]


@admin.register(PaymentNotice)
class PaymentNoticeAdmin(ReadOnly, admin.ModelAdmin[PaymentNotice]):
    list_display = [
        "received_at",
        "gateway",
        "notify_id",
        "out_trade_no",
        "signature_ok",
        "outcome",
    ]
    list_filter = ["gateway", "signature_ok", "outcome"]
    search_fields = ["notify_id", "out_trade_no"]
