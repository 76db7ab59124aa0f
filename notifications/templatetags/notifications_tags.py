"""The signed-in user's unread count, for any page that shows it (the profile panel).

A template tag, so the pages of other apps show the count without importing notifications.
"""

from __future__ import annotations

from typing import Any

from django import template

from notifications.actions import unread_count as count_unread

register = template.Library()


@register.simple_tag
def unread_count(user: Any) -> int:
    """`{% unread_count request.user as unread %}`: 0 for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return 0
    # The header and the side menu both show it: counted once per request (the user object
    # lives as long as the request).
    cached: int | None = getattr(user, "_unread_count", None)
    if cached is None:
        cached = count_unread(user)
        user._unread_count = cached
    return cached
