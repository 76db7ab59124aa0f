"""System check: the audit retention may not be set below the 180 days the rules require."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from audit.retention import MIN_RETENTION_DAYS


def check_retention(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if days < MIN_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {value!r}; audit rows must be kept at least "
                f"{MIN_RETENTION_DAYS} days.",
                hint=f"Set AUDIT_RETENTION_DAYS to {MIN_RETENTION_DAYS} or more (or leave it unset).",
                id="audit.E001",
            )
        ]
    return []
