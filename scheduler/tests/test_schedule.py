"""The scheduler registers every job with its trigger, and only enqueues (never started here)."""

from __future__ import annotations

from typing import Any

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from scheduler.schedule import JOBS, build_scheduler, enqueue_job, register

EXPECTED = {
    "clear_sessions": "cron[hour='3', minute='10']",
    "purge_stashed_uploads": "cron[minute='20']",
    "remind_deadlines": "cron[hour='8', minute='0']",
    "remind_waiting": "cron[hour='8', minute='30']",
    "announce_publicity_ends": "cron[hour='0,8', minute='15']",
    "purge_audit": "cron[hour='2', minute='40']",
    "resend_notices": "cron[minute='*/5']",
    "resume_stalled_batches": "cron[minute='*']",
    "resume_imports": "cron[minute='*']",
    "prune_task_results": "cron[hour='4', minute='0']",
}


def test_it_registers_every_job_with_its_trigger() -> None:
    scheduler = build_scheduler()
    assert isinstance(scheduler, BlockingScheduler) and not scheduler.running
    registered = {job.id: job for job in scheduler.get_jobs()}
    assert {job_id: str(job.trigger) for job_id, job in registered.items()} == EXPECTED
    for job in registered.values():
        assert isinstance(job.trigger, CronTrigger)
        assert str(job.trigger.timezone) == "Asia/Shanghai"
        assert job.func is enqueue_job and job.args == (job.id,)
        assert (job.coalesce, job.max_instances) == (True, 1)


@pytest.mark.django_db
def test_a_job_only_enqueues_its_task(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "bulk"]}
    }
    for job in JOBS:
        enqueue_job(job.id)
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(
        job.task.module_path for job in JOBS
    )


def test_the_command_lists_the_jobs(capsys: Any) -> None:
    call_command("run_scheduler", "--list")
    out = capsys.readouterr().out
    for job_id, trigger in EXPECTED.items():
        assert f"{job_id:26} {trigger}" in out


def test_an_app_above_registers_its_own_job() -> None:
    """notifications (a leaf the scheduler never imports) adds its job when Django starts;
    registering the same id again replaces it instead of running it twice."""
    job = next(j for j in JOBS if j.id == "resend_notices")
    assert job.task.module_path == "notifications.tasks.resend_stalled_notices_task"
    before = len(JOBS)
    register(job)
    assert len(JOBS) == before and [j.id for j in JOBS].count("resend_notices") == 1
