"""How long audit rows are kept (settings only, no models: the migration uses it too)."""

from __future__ import annotations

from django.conf import settings

MIN_RETENTION_DAYS = 180


def retention_days() -> int:
    """AUDIT_RETENTION_DAYS from the environment, never less than 180 days."""
    configured = int(getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS))
    return max(configured, MIN_RETENTION_DAYS)
