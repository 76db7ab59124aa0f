from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from accounts import lockout, menus, todo
from lib import visibility

register = template.Library()


@register.simple_tag
def menu_groups(user: Any, path: str, unread: int) -> SafeString:
    """`{% menu_groups user request.path unread %}`: the side menu's groups of the user's
    role, the page's own entry marked, each with its 待办 badge (accounts.menus.groups_html)."""
    return menus.groups_html(getattr(user, "role", ""), todo.badges_for(user), path, unread)


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
