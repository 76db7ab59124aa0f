"""{% payment_state app as state %}: what 我的申请书 draws about the fee, with no extra query
when the list was fetched with `payments.actions.with_payment`."""

from __future__ import annotations

from typing import Any

from django import template

from payments.actions import NOT_REQUIRED, payment_due

register = template.Library()


@register.simple_tag
def payment_state(app: Any) -> dict[str, Any]:
    due = payment_due(app)
    if due == NOT_REQUIRED:
        return {"required": False}
    if due is None:
        return {"required": True, "order": None, "unpaid": True}
    return {"required": True, "order": due, "unpaid": due.status == "unpaid"}
