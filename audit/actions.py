"""Writing the security audit log. The only writer of `AuditEvent`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.models import AuditEvent
from lib.idcard import redact_id_numbers

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


def record(
    action: str,
    *,
    actor: User | None = None,
    actor_name: str = "",
    target: str = "",
    result: str = AuditEvent.Result.OK,
    detail: str = "",
    request: HttpRequest | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit row. `target` and `detail` must never hold a code, token or password;
    ID numbers in them are masked. The client address comes from `request` when given."""
    if request is not None and ip_address is None:
        ip_address = _client_address(request)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else actor_name)[:150],
        role=(str(actor.role) if actor is not None else "")[:32],
        action=action,
        target=redact_id_numbers(target)[:200],
        result=result,
        detail=redact_id_numbers(detail)[:500],
        ip_address=ip_address or None,
    )


def _client_address(request: HttpRequest) -> str | None:
    # Replaced by the project's one client-address function when it lands (issue 8 §4).
    value = str(request.META.get("REMOTE_ADDR", "")).strip()
    return value or None
