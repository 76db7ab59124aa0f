"""Writing the security audit log. The only writer of `AuditEvent`."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from audit.context import client_address, current_client_address
from audit.models import AuditEvent
from audit.retention import retention_days
from lib.idcard import redact_id_numbers

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

# Rows are kept this much longer than the retention, so the application's clock and the
# database's (which the PostgreSQL trigger uses) may differ without a purge being refused.
PURGE_MARGIN = timedelta(hours=1)


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
    ID numbers in them (and in `actor_name`) are masked.

    `actor_name` defaults to the actor's username; give it to keep what was typed (a failed
    sign-in names the account it tried). The client address comes from `request` when
    given, else from the request being handled (AuditContextMiddleware). The actor's role and
    region (`User.acting_region_id`) are copied onto the row as they are now.
    """
    if ip_address is None:
        ip_address = client_address(request) if request is not None else current_client_address()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    name = actor_name or (actor.get_username() if actor is not None else "")
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=redact_id_numbers(name)[:150],
        role=(str(actor.role) if actor is not None else "")[:32],
        region_id=actor.acting_region_id() if actor is not None else None,
        action=action,
        target=redact_id_numbers(target)[:200],
        result=result,
        detail=redact_id_numbers(detail)[:500],
        ip_address=_valid_ip(ip_address),
    )


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def purge_expired(now: datetime | None = None) -> int:
    """Delete audit rows older than the retention; returns how many went.

    The one way rows leave the table (the scheduler calls it). A `now` later than the real
    time is not honoured: no row younger than the retention is ever deleted.
    """
    moment = min(now or timezone.now(), timezone.now())
    cutoff = moment - timedelta(days=retention_days()) - PURGE_MARGIN
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = connection.ops.quote_name("at")
    with transaction.atomic(), connection.cursor() as cursor:
        # Plain SQL on purpose: the model refuses deletes, the database allows only these.
        cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [cutoff])  # noqa: S608
        return max(cursor.rowcount, 0)
