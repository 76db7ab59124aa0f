from __future__ import annotations

from typing import Any

from django import template

from accounts import lockout
from accounts.menus import MenuGroup, menus_for
from lib.idcard import mask_id_number

register = template.Library()


@register.simple_tag
def menus_for_user(user: Any) -> list[MenuGroup]:
    return menus_for(getattr(user, "role", ""))


@register.filter
def id_for_viewer(number: str | None, owner_is_viewer: bool = False) -> str:
    """The ID number in full for its holder, masked for everyone else."""
    if not number:
        return ""
    return number if owner_is_viewer else mask_id_number(number)


@register.filter
def masked(number: str | None) -> str:
    return mask_id_number(number or "")


@register.simple_tag
def lockout_minutes() -> int:
    """Minutes a locked account stays locked (LOCKOUT_COOLOFF_MINUTES)."""
    return lockout.cooloff_minutes()


@register.simple_tag
def idle_minutes() -> int:
    """Idle minutes that end a session (SESSION_IDLE_MINUTES)."""
    return lockout.idle_minutes()
