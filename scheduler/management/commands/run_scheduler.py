"""`manage.py run_scheduler`: the one process that enqueues the scheduled jobs."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scheduler.schedule import JOBS, build_scheduler, enqueue_job

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the scheduler (APScheduler): enqueue each scheduled job at its time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="List the jobs and their next run, then exit."
        )
        parser.add_argument(
            "--run", metavar="JOB", help="Enqueue one job now (by its id), then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run"]:
            if options["run"] not in {j.id for j in JOBS}:
                raise CommandError(f"unknown job {options['run']!r}")
            enqueue_job(options["run"])
            self.stdout.write(f"enqueued {options['run']}")
            return
        if options["list"]:
            # Adding jobs to a scheduler not started logs one line each; not wanted here.
            logging.getLogger("apscheduler").setLevel(logging.WARNING)
        scheduler = build_scheduler()
        if options["list"]:
            for job in scheduler.get_jobs():
                self.stdout.write(f"{job.id:26} {job.trigger}")
            return
        self.stdout.write(f"scheduler started with {len(JOBS)} jobs; stop with Ctrl+C")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            log.info("scheduler stopped")
