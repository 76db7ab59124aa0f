"""/healthz and /readyz: what the load balancer asks, and what each failing dependency answers."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import redis
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks import task

from zhicheng import health

SECRET_TEXT = "postgres://zhicheng:hunter2@db.internal:5432/zhicheng"


@task()
def waiting_task() -> None:
    """A task for the queue check: enqueued on the database backend, never run here."""


def body(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_healthz_answers_ok_without_a_database_query(
    client: Client, django_assert_num_queries: Any, applicant: Any
) -> None:
    client.force_login(applicant)  # a browser with a session cookie asks too
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert body(response) == {"status": "ok", "checks": {"process": "ok"}}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_is_not_redirected_to_https_nor_refused_for_an_unknown_host(
    db: None, client: Client
) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["zhicheng.example.cn"]):
        alive = client.get("/healthz", HTTP_HOST="10.0.0.7")
        ready = client.get("/readyz/", HTTP_HOST="10.0.0.7")
        page = client.get("/", HTTP_HOST="zhicheng.example.cn")
    assert alive.status_code == 200 and ready.status_code == 200
    assert page.status_code == 301  # everything else is still sent to HTTPS


def test_readyz_answers_ok_when_every_dependency_answers(db: None, client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert body(response) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "queue": "ok"},
    }


def _failing(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError(f"could not connect to {SECRET_TEXT}")


@pytest.mark.parametrize("name", ["database", "cache", "storage", "queue"])
def test_readyz_answers_503_naming_the_failed_check_and_no_secret(
    db: None, client: Client, name: str
) -> None:
    with mock.patch.dict(health.READY_CHECKS, {name: _failing}):
        response = client.get("/readyz")
    assert response.status_code == 503
    answer = body(response)
    assert answer["status"] == "failed"
    assert answer["checks"][name] == "failed"
    assert [k for k, v in answer["checks"].items() if v == "failed"] == [name]
    content = response.content.decode()
    for secret in ("hunter2", "db.internal", "postgres://", "could not connect"):
        assert secret not in content


def test_the_database_check_fails_when_the_query_fails(db: None) -> None:
    from django.db import connection

    with mock.patch.object(connection, "cursor", side_effect=_failing):
        answer = json.loads(health.readyz().content)
    assert answer["checks"]["database"] == "failed"


def test_the_cache_check_fails_when_redis_is_unreachable(db: None) -> None:
    dead = {
        "default": {
            "BACKEND": "zhicheng.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead):
        response = health.readyz()
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"] == "failed"


def test_the_storage_check_fails_when_the_folder_is_missing(db: None, tmp_path: Any) -> None:
    missing = {
        "BACKEND": "zhicheng.storage.LocalStorage",
        "OPTIONS": {"location": str(tmp_path / "gone")},
    }
    from django.conf import settings

    storages = {**settings.STORAGES, "private": missing}
    with override_settings(STORAGES=storages):
        answer = json.loads(health.readyz().content)
    assert answer["checks"]["storage"] == "failed"


@pytest.fixture
def database_tasks(db: None) -> Iterator[None]:
    from django.conf import settings

    backend = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    with override_settings(TASKS=backend, READY_QUEUE_MAX_AGE_SECONDS=300):
        yield


def test_the_queue_check_passes_while_the_oldest_waiting_task_is_young(
    database_tasks: None, client: Client
) -> None:
    waiting_task.enqueue()
    assert body(client.get("/readyz"))["checks"]["queue"] == "ok"


def test_the_queue_check_fails_when_a_task_waits_past_the_threshold(
    database_tasks: None, client: Client
) -> None:
    from django_tasks_db.models import DBTaskResult

    waiting_task.enqueue()
    waiting_task.enqueue()
    DBTaskResult.objects.filter(
        pk=DBTaskResult.objects.order_by("enqueued_at").values("pk")[:1]
    ).update(enqueued_at=timezone.now() - datetime.timedelta(seconds=301))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert body(response)["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "queue": "failed",
    }


def test_the_queue_check_ignores_finished_tasks(database_tasks: None) -> None:
    from django_tasks_db.models import DBTaskResult

    waiting_task.enqueue()
    DBTaskResult.objects.update(
        status="SUCCESSFUL", enqueued_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert json.loads(health.readyz().content)["checks"]["queue"] == "ok"


REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def rq_tasks(db: None) -> Iterator[redis.Redis]:
    """The RQ backend on Redis database 15 (emptied before and after)."""
    connection = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    connection.flushdb()
    import django_rq.queues
    from django.conf import settings

    queues = {name: {"URL": REDIS_TEST_URL} for name in settings.TASK_QUEUES}
    backend = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    with (
        override_settings(TASKS=backend, RQ_QUEUES=queues, READY_QUEUE_MAX_AGE_SECONDS=300),
        mock.patch.object(django_rq.queues, "get_redis_connection") as get_connection,
    ):
        get_connection.side_effect = lambda config, use_strict_redis=False: redis.Redis.from_url(
            config["URL"]
        )
        yield connection
    connection.flushdb()


def test_the_queue_check_reads_the_oldest_job_of_the_rq_queues(rq_tasks: redis.Redis) -> None:
    assert health.oldest_waiting_task() is None
    before = timezone.now()
    waiting_task.enqueue()
    oldest = health.oldest_waiting_task()
    assert oldest is not None
    assert before - datetime.timedelta(seconds=2) <= oldest <= timezone.now()
    assert json.loads(health.readyz().content)["checks"]["queue"] == "ok"
    with override_settings(READY_QUEUE_MAX_AGE_SECONDS=-1):
        assert json.loads(health.readyz().content)["checks"]["queue"] == "failed"
