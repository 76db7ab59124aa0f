from __future__ import annotations

from typing import Any

from django import template

from accounts import lockout, todo
from accounts.menus import MenuGroup, menus_for
from lib import visibility

register = template.Library()


@register.simple_tag
def menus_for_user(user: Any) -> list[MenuGroup]:
    """The side menu of the user's role, each entry with its 待办 badge."""
    return menus_for(getattr(user, "role", ""), todo.badges_for(user))


@register.simple_tag
def id_for_viewer(viewer: Any, holder: Any, number: str | None) -> str:
    """`{% id_for_viewer request.user holder number %}`: the one decision (lib.visibility) —
    whole for its holder, masked for everyone else."""
    return visibility.id_for(viewer, holder, number)


@register.simple_tag
def lockout_minutes() -> int:
    """Minutes a locked account stays locked (LOCKOUT_COOLOFF_MINUTES)."""
    return lockout.cooloff_minutes()


@register.simple_tag
def idle_minutes() -> int:
    """Idle minutes that end a session (SESSION_IDLE_MINUTES)."""
    return lockout.idle_minutes()
