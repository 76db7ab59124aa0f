"""The sign-in lockout and idle-session numbers, as the messages quote them.

The environment sets LOCKOUT_FAILURE_LIMIT, LOCKOUT_COOLOFF_MINUTES and SESSION_IDLE_MINUTES;
settings.py turns them into django-axes' AXES_FAILURE_LIMIT / AXES_COOLOFF_TIME and
SESSION_IDLE_SECONDS, which axes and the activity middleware read on every request. These
helpers read the same effective settings, so the pages never quote other numbers.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.conf import settings


def cooloff_minutes() -> int:
    """Minutes a locked account stays locked."""
    cool = get_cool_off()
    return max(1, int(cool.total_seconds() // 60)) if cool else 0


def failure_limit_count() -> int:
    """Wrong passwords in a row that lock an account."""
    return int(settings.AXES_FAILURE_LIMIT)


def idle_minutes() -> int:
    """Minutes without a request that end a session."""
    return max(1, int(settings.SESSION_IDLE_SECONDS) // 60)
