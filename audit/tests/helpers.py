"""Helpers for the audit tests."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent

IP = "198.51.100.7"


def only(action: str, **filters: Any) -> AuditEvent:
    """The one audit row of this action (fails if there are none or several)."""
    rows = list(AuditEvent.objects.filter(action=action, **filters))
    assert len(rows) == 1, [str(r) for r in rows]
    return rows[0]


def facts(row: AuditEvent) -> dict[str, Any]:
    """Who, role, what, target, result and client address of a row."""
    return {
        "actor": row.actor_id,
        "actor_name": row.actor_name,
        "role": row.role,
        "action": row.action,
        "target": row.target,
        "result": row.result,
        "ip": row.ip_address,
    }


def every_value() -> str:
    """All text of all audit rows, to check a secret never reached the table."""
    return " ".join(
        f"{r.actor_name} {r.target} {r.detail}" for r in AuditEvent.objects.all().order_by("id")
    )
