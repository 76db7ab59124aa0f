"""Retrying a task later: the one retry mechanism, on every task backend.

django-tasks has no retries of its own. A task that failed for a passing reason (a mail
server down, a lock timeout) records the attempt on its own row and calls `retry_later`,
which enqueues the same task again to run after an exponential backoff. The database and
RQ backends defer it (`run_after`); the immediate backend (tests, one-off scripts) cannot
defer and runs it again at once, so a test sees every attempt.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks.base import Task

# No wait grows beyond an hour, however many attempts a task is allowed.
MAX_BACKOFF = timedelta(hours=1)


def backoff(attempt: int) -> timedelta:
    """The wait after failed attempt number `attempt` (1, 2, …): base × 2^(attempt−1)."""
    base = max(1, int(settings.NOTICE_RETRY_SECONDS))
    return min(timedelta(seconds=base * 2 ** max(0, attempt - 1)), MAX_BACKOFF)


def retry_later(task: Task[Any, Any], attempt: int, *args: Any, **kwargs: Any) -> datetime:
    """Enqueue `task(*args, **kwargs)` again after the backoff for `attempt`; when it is due."""
    due = timezone.now() + backoff(attempt)
    if task.get_backend().supports_defer:
        task.using(run_after=due).enqueue(*args, **kwargs)
    else:
        task.enqueue(*args, **kwargs)
    return due
