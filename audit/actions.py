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
from orgs.models import BaseUnit, Department, Region, ReviewCommittee

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
    region are copied onto the row as they are now.
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
        region_id=actor_region_id(actor) if actor is not None else None,
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


def actor_region_id(user: User) -> int | None:
    """The prefecture (or 自治区) a user acts for: an hr_admin's region, the region of their
    unit, committee or department (a county folded into its prefecture); None for applicants."""
    role = str(user.role)
    if role == "hr_admin":
        return user.admin_region_id
    if role == "unit_admin" and user.unit_id:
        return BaseUnit.objects.filter(pk=user.unit_id).values_list("region_id", flat=True).first()
    if role == "committee_staff" and user.committee_id:
        return (
            ReviewCommittee.objects.filter(pk=user.committee_id)
            .values_list("region_id", flat=True)
            .first()
        )
    if role == "dept_reviewer" and user.department_id:
        row = (
            Department.objects.filter(pk=user.department_id)
            .values_list("region_id", "region__level", "region__parent_id")
            .first()
        )
        if row is None:
            return None
        region_id, level, parent_id = row
        return parent_id if level == Region.Level.COUNTY and parent_id else region_id
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
