"""When each scheduled job runs. The scheduler process only enqueues; workers do the work.

One table, read by `manage.py run_scheduler` and by its test. An app above the scheduler
that has a job of its own adds it with `register` when Django starts (notifications does,
in its AppConfig.ready), so the scheduler never imports it. Times are Beijing time
(settings.TIME_ZONE). Production runs exactly one scheduler process: a second one would
enqueue every job twice — harmless, since every job is idempotent, but wasted work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django_tasks.base import Task

from certificates.tasks import resume_stalled_batches_task
from scheduler import jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    id: str
    task: Task[Any, Any]
    cron: dict[str, str] = field(default_factory=dict)
    what: str = ""  # for the operator (the scheduler's log lines), in English


JOBS: list[Job] = [
    Job("clear_sessions", jobs.clear_sessions, {"hour": "3", "minute": "10"}, "expired sessions"),
    # Hourly, removing scans older than STASH_MAX_AGE_HOURS (23): none stays over a day.
    Job(
        "purge_stashed_uploads",
        jobs.purge_stashed_uploads,
        {"minute": "20"},
        "abandoned stashed uploads",
    ),
    Job(
        "remind_deadlines",
        jobs.remind_deadlines,
        {"hour": "8", "minute": "0"},
        "submission deadline reminders",
    ),
    Job(
        "remind_waiting",
        jobs.remind_waiting,
        {"hour": "8", "minute": "30"},
        "waiting-for-review reminders",
    ),
    Job(
        "announce_publicity_ends",
        jobs.announce_publicity_ends,
        {"hour": "0,8", "minute": "15"},
        "publicity period ended notices",
    ),
    Job("purge_audit", jobs.purge_audit, {"hour": "2", "minute": "40"}, "audit log retention"),
    Job(
        "resume_stalled_batches",
        resume_stalled_batches_task,
        {"minute": "*"},
        "resume stalled certificate batches",
    ),
    Job("resume_imports", jobs.resume_imports, {"minute": "*"}, "resume stalled Excel imports"),
    Job(
        "prune_task_results",
        jobs.prune_task_results,
        {"hour": "4", "minute": "0"},
        "prune finished task rows",
    ),
]


def register(job: Job) -> None:
    """Add an app's own job to the table (from its AppConfig.ready); the same id replaces."""
    JOBS[:] = [j for j in JOBS if j.id != job.id] + [job]


def enqueue_job(job_id: str) -> None:
    """What the scheduler runs at a job's time: enqueue its task, nothing more. A queue that
    cannot be reached is logged; the next time the job comes round it is tried again."""
    job = next(j for j in JOBS if j.id == job_id)
    try:
        result = job.task.enqueue()
    except Exception:
        log.exception("scheduled job %s: could not enqueue", job_id)
    else:
        log.info("scheduled job %s enqueued as %s", job_id, result.id)


def build_scheduler(scheduler_class: type[BaseScheduler] = BlockingScheduler) -> BaseScheduler:
    """A scheduler holding every job with its cron trigger, not started."""
    scheduler = scheduler_class(timezone=settings.TIME_ZONE)
    for job in JOBS:
        scheduler.add_job(
            enqueue_job,
            CronTrigger(timezone=settings.TIME_ZONE, **job.cron),
            args=[job.id],
            id=job.id,
            name=job.what or job.id,
            # A run missed while the scheduler was down happens once when it is back (within
            # the grace), never several times in a row.
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
    return scheduler
