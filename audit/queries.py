"""Who sees which audit rows, and the search over them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from orgs.models import Region


def events_for(user: User) -> QuerySet[AuditEvent]:
    """The 自治区 hr_admin (or one with no region, as in 系统设置) sees every row; a prefecture
    hr_admin sees rows of actors who acted for that prefecture, plus their own."""
    qs = AuditEvent.objects.all()
    region = user.admin_region
    if region is None or region.level == Region.Level.AUTONOMOUS:
        return qs
    return qs.filter(Q(region_id=region.pk) | Q(actor_id=user.pk))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search(qs: QuerySet[AuditEvent], filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Apply the cleaned AuditFilterForm data; dates are days in the platform's time zone."""
    if filters.get("username"):
        qs = qs.filter(actor_name__icontains=filters["username"])
    if filters.get("target"):
        text = filters["target"]
        qs = qs.filter(Q(target__icontains=text) | Q(detail__icontains=text))
    for name in ("action", "result", "role"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("date_from"):
        qs = qs.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=_start_of(filters["date_to"] + timedelta(days=1)))
    return qs.select_related("region").order_by("-at", "-id")
