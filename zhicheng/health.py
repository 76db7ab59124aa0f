"""/healthz and /readyz for the load balancer.

`HealthCheckMiddleware` is the first entry of MIDDLEWARE and answers both paths itself, so a
probe never meets the session, CSRF, the HTTPS redirect, the host check or the request log:
- /healthz: the process is alive and answering (no database, no cache, no session);
- /readyz: database, cache, storage and the task queue (the oldest task waiting longer than
  READY_QUEUE_MAX_AGE_SECONDS fails it), each "ok" or "failed".
Both answer 200 or 503 with a short JSON body naming each check; never a URL, host, password
or exception text (docs/adr/0020-health-resilience-logging.md).
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

log = logging.getLogger(__name__)

HEALTH_PATHS = ("/healthz", "/healthz/", "/readyz", "/readyz/")
PROBE_KEY = "health/probe"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    raw = getattr(cache, "_cache", None)
    if raw is not None and hasattr(raw, "get_client"):
        # Redis: ask it directly (a degrading cache would only answer "miss").
        raw.get_client(None, write=True).ping()
        mark_up = getattr(cache, "mark_up", None)
        if mark_up is not None:
            mark_up()
        return
    cache.set(PROBE_KEY, "ok", 10)
    if cache.get(PROBE_KEY) != "ok":
        raise RuntimeError("cache did not keep a value")


def check_storage() -> None:
    storage = storages["private"]
    if isinstance(storage, FileSystemStorage):
        location = Path(storage.location)
        if not location.is_dir() or not os.access(location, os.W_OK):
            raise RuntimeError("storage folder missing or read-only")
        return
    storage.exists(PROBE_KEY)  # a round trip; raises StorageUnavailable when unreachable


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def oldest_waiting_task() -> datetime.datetime | None:
    """When the oldest task still waiting for a worker was enqueued (None: nothing waits)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        return (
            DBTaskResult.objects.ready()
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
    if backend.startswith("django_tasks_rq."):
        import django_rq
        from rq.job import Job

        queues = settings.TASKS["default"].get("QUEUES") or list(settings.RQ_QUEUES)
        oldest: datetime.datetime | None = None
        for name in queues:
            queue = django_rq.get_queue(name)
            for job_id in queue.get_job_ids(0, 1):
                job = Job.fetch(job_id, connection=queue.connection)
                if job.enqueued_at is not None:
                    enqueued = _aware(job.enqueued_at)
                    oldest = enqueued if oldest is None else min(oldest, enqueued)
        return oldest
    return None  # immediate backends have no queue


def check_queue() -> None:
    oldest = oldest_waiting_task()
    if oldest is None:
        return
    age = (timezone.now() - oldest).total_seconds()
    if age > settings.READY_QUEUE_MAX_AGE_SECONDS:
        raise RuntimeError(f"oldest waiting task is {int(age)} s old")


READY_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "queue": check_queue,
}


def _answer(checks: dict[str, str]) -> JsonResponse:
    ok = all(result == "ok" for result in checks.values())
    response = JsonResponse({"status": "ok" if ok else "failed", "checks": checks})
    response.status_code = 200 if ok else 503
    response["Cache-Control"] = "no-store"
    return response


def healthz() -> JsonResponse:
    return _answer({"process": "ok"})


def readyz() -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in READY_CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure is "failed"; the class is logged
            log.warning("readiness check %s failed (%s)", name, type(error).__name__)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return _answer(results)


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in HEALTH_PATHS and request.method in ("GET", "HEAD"):
            return readyz() if request.path_info.startswith("/readyz") else healthz()
        return self.get_response(request)
