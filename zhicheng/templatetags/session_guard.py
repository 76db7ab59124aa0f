"""``{% idle_seconds %}``: the idle limit in seconds, for static/js/idle.js (docs/adr/0037)."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idle_seconds() -> int:
    """Seconds without a request that end a session (SESSION_IDLE_SECONDS)."""
    return int(settings.SESSION_IDLE_SECONDS)
