"""The scheduled jobs: each one a task, enqueued by `manage.py run_scheduler`, run on a worker.

Every job is safe to run twice (two schedulers by mistake, a job enqueued again by hand):
the reminders name their event with a key (`notify(..., key=…)`), so nobody is told twice;
the clean-ups delete only what is already expired. Each run carries a fresh request id, so
its log lines and the notices it records share one.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import task

from accounts import uploads
from applications import notices as application_notices
from applications.models import Application, Status
from applications.rules import matching_windows
from audit.actions import purge_expired
from lib.requestctx import get_request_id, new_request_id, set_request_id
from orgs.models import ApplicationWindow
from results import notices as result_notices
from results.actions import resume_stalled_imports
from results.models import Objection, Publicity
from reviews import notices as review_notices

log = logging.getLogger(__name__)

UNSUBMITTED = (Status.DRAFT, Status.RETURNED)
# A publicity that ended longer ago than this is not announced any more (the first run
# after an upgrade does not tell the committees of every past publicity).
PUBLICITY_LOOKBACK = timedelta(days=7)


@contextmanager
def own_request_id() -> Iterator[None]:
    """Run a job under a fresh request id (its log lines and the notices it records share
    it); the previous one is restored afterwards, for an immediate backend in a request."""
    previous = get_request_id()
    set_request_id(new_request_id())
    try:
        yield
    finally:
        set_request_id(previous)


@task(queue_name="default")
def clear_sessions() -> None:
    """Expired sessions: Django's own `clearsessions` (database sessions; the cache
    expires its own)."""
    with own_request_id():
        call_command("clearsessions")


@task(queue_name="default")
def purge_stashed_uploads() -> int:
    """Abandoned stashed uploads: ID-card scans of registrations never finished."""
    with own_request_id():
        cutoff = timezone.now() - timedelta(hours=settings.STASH_MAX_AGE_HOURS)
        removed = uploads.remove_abandoned(cutoff)
        if removed:
            log.info("removed %s abandoned stashed uploads", removed)
        return removed


@task(queue_name="default")
def remind_deadlines() -> int:
    """Applicants whose application is not submitted while its window closes within
    REMIND_DEADLINE_DAYS days: one reminder per application and window."""
    with own_request_id():
        now = timezone.now()
        horizon = now + timedelta(days=settings.REMIND_DEADLINE_DAYS)
        closing = list(
            ApplicationWindow.objects.filter(
                opens_at__lte=now, closes_at__gt=now, closes_at__lte=horizon
            )
        )
        if not closing:
            return 0
        scope = Q(pk__in=[])
        for w in closing:
            scope |= Q(
                committee_id=w.committee_id,
                business_type=w.business_type,
                year=w.year,
                series_id=w.series_id,
            )
        apps = list(
            Application.objects.filter(scope, status__in=UNSUBMITTED)
            .select_related("applicant", "series", "title", "committee__region")
            .order_by("pk")
        )
        # Every window of those committees and years: a specialty's own window overrides
        # the series-wide one, and the latest open one is the deadline that counts.
        windows = list(
            ApplicationWindow.objects.filter(
                committee_id__in={w.committee_id for w in closing},
                year__in={w.year for w in closing},
            )
        )
        sent = 0
        for app in apps:
            if app.submission_count >= app.committee.submission_limit:
                continue  # cannot be submitted again this year: nothing to remind of
            open_ = [w for w in matching_windows(app, windows) if w.opens_at <= now < w.closes_at]
            if not open_:
                continue
            last = max(open_, key=lambda w: w.closes_at)
            if last.closes_at <= horizon and application_notices.deadline_near(
                app, last.closes_at, last.pk
            ):
                sent += 1
        return sent


@task(queue_name="default")
def remind_waiting() -> int:
    """Clerks (unit, department, committee) whose queue holds applications waiting longer
    than REMIND_WAITING_DAYS days: one reminder per organisation and day."""
    with own_request_id():
        now = timezone.now()
        cutoff = now - timedelta(days=settings.REMIND_WAITING_DAYS)
        rows = (
            Application.objects.filter(status=Status.IN_REVIEW, last_action_at__lt=cutoff)
            .values("holder_unit_id", "holder_department_id", "holder_committee_id")
            .annotate(count=Count("id"), oldest=Min("last_action_at"))
            .order_by("holder_unit_id", "holder_department_id", "holder_committee_id")
        )
        day = timezone.localdate(now)
        sent = 0
        for row in rows:
            holder = (
                row["holder_unit_id"],
                row["holder_department_id"],
                row["holder_committee_id"],
            )
            if holder == (None, None, None):
                continue
            if review_notices.waiting_too_long(holder, row["count"], row["oldest"], day):
                sent += 1
        return sent


@task(queue_name="default")
def announce_publicity_ends() -> int:
    """Committee staff, once, when a publicity period (公示) has ended."""
    with own_request_id():
        today = timezone.localdate()
        ended = list(
            Publicity.objects.filter(
                ends_on__lt=today, ends_on__gte=today - PUBLICITY_LOOKBACK
            ).order_by("pk")
        )
        if not ended:
            return 0
        listed: dict[int, int] = defaultdict(int)
        for publicity_id, n in (
            Publicity.objects.filter(pk__in=[p.pk for p in ended], entries__removed=False)
            .values_list("pk")
            .annotate(n=Count("entries"))
        ):
            listed[publicity_id] = n
        waiting: dict[int, int] = defaultdict(int)
        for publicity_id, n in (
            Objection.objects.filter(entry__publicity__in=ended, status=Objection.Status.OPEN)
            .values_list("entry__publicity_id")
            .annotate(n=Count("id"))
        ):
            waiting[publicity_id] = n
        return sum(result_notices.publicity_ended(p, listed[p.pk], waiting[p.pk]) for p in ended)


@task(queue_name="default")
def purge_audit() -> int:
    """Audit retention: rows older than the retention period go (audit.actions)."""
    with own_request_id():
        removed = purge_expired()
        if removed:
            log.info("purged %s expired audit rows", removed)
        return removed


@task(queue_name="default")
def resume_imports() -> int:
    """Large Excel imports whose task was lost or whose worker was killed: enqueued again."""
    with own_request_id():
        return len(resume_stalled_imports())


@task(queue_name="default")
def prune_task_results() -> None:
    """Finished rows of the database task backend older than two weeks (a no-op table on RQ)."""
    with own_request_id():
        if settings.TASK_BACKEND == "database":
            call_command("prune_db_task_results", "--queue-name", "*", "--min-age-days", "14")
