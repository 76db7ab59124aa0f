"""Redis unreachable: the cache degrades, sessions fall back to the database, pages answer.

Redis is "down" by pointing the cache at a port nothing listens on (redis://127.0.0.1:1/0):
the real client, a real refused connection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from conftest import PASSWORD
from zhicheng.cache import DegradingRedisCache
from zhicheng.middleware import ServiceUnavailableMiddleware
from zhicheng.sessions import SessionStore

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEGRADING = {"BACKEND": "zhicheng.cache.DegradingRedisCache", "LOCATION": DEAD_REDIS}
PLAIN = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}


@pytest.fixture(autouse=True)
def _fresh_outage_memory() -> Iterator[None]:
    DegradingRedisCache._down_until.clear()
    yield
    DegradingRedisCache._down_until.clear()


@pytest.fixture
def redis_down(db: None) -> Iterator[None]:
    """The whole site with its cache and sessions on a Redis nobody answers."""
    with override_settings(
        CACHES={"default": DEGRADING}, SESSION_ENGINE="zhicheng.sessions", DEBUG=False
    ):
        yield


# --- the cache --------------------------------------------------------------------------------


def test_the_cache_answers_a_miss_and_drops_writes_while_redis_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with override_settings(CACHES={"default": DEGRADING}):
        down = caches["default"]
        with caplog.at_level(logging.WARNING, logger="zhicheng.cache"):
            assert down.get("k") is None
            assert down.get("k", "fallback") == "fallback"
            assert down.get_many(["a", "b"]) == {}
            assert down.has_key("k") is False
            assert down.add("k", 1) is False
            down.set("k", 1)
            assert down.set_many({"a": 1}) == ["a"]
            assert down.touch("k") is False
            assert down.delete("k") is False
            down.delete_many(["a"])
            down.clear()
            assert down.get_or_set("computed", lambda: 42) == 42
    warnings = [r for r in caplog.records if r.name == "zhicheng.cache"]
    # One line for the outage, not one per call; no host or port in it.
    assert len(warnings) == 1
    assert "cache unavailable during get (ConnectionError)" in warnings[0].getMessage()
    assert "127.0.0.1" not in caplog.text


def test_a_counter_still_tells_its_caller_that_redis_is_down() -> None:
    with override_settings(CACHES={"default": DEGRADING}):
        down = caches["default"]
        with pytest.raises(redis.exceptions.ConnectionError):
            down.incr("count")
        # And without a new connect attempt while the outage is remembered.
        with (
            mock.patch("redis.connection.Connection.connect") as connect,
            pytest.raises(redis.exceptions.ConnectionError),
        ):
            down.decr("count")
        connect.assert_not_called()


def test_the_cache_works_normally_when_redis_answers() -> None:
    live = {
        "BACKEND": "zhicheng.cache.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": "zc-test-degrading",
    }
    with override_settings(CACHES={"default": live}):
        up = caches["default"]
        try:
            redis.Redis.from_url(live["LOCATION"], socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("Redis is not running at 127.0.0.1:6379")
        up.set("k", "v", 30)
        assert up.get("k") == "v"
        assert up.add("n", 1) is True and up.incr("n") == 2
        up.delete_many(["k", "n"])
        assert up.get("k") is None


# --- sessions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", [PLAIN, DEGRADING], ids=["plain-redis", "degrading"])
def test_a_session_is_kept_in_the_database_while_redis_is_down(
    db: None, backend: dict[str, str]
) -> None:
    with override_settings(CACHES={"default": backend}):
        store = SessionStore()
        store["region"] = "650100"
        store.save()
        key = store.session_key
        assert key and Session.objects.filter(session_key=key).exists()
        again = SessionStore(key)
        assert again["region"] == "650100"
        assert again.exists(key)
        again.delete()
        assert not Session.objects.filter(session_key=key).exists()
        assert SessionStore(key).load() == {}


def test_signing_in_and_out_works_while_redis_is_down(
    redis_down: None, client: Client, applicant: User
) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"region": "650100", "username": applicant.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    assert "张三" in home.content.decode()
    session_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("accounts:home")).status_code == 302


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/", "新疆专业技术人员职称管理平台"),
        ("/accounts/login/", "登录"),
        ("/certificates/verify/", "证书查验"),
    ],
)
def test_anonymous_pages_answer_while_redis_is_down(
    redis_down: None, regions: Any, client: Client, url: str, text: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_a_page_that_needs_redis_answers_the_chinese_503_page(
    redis_down: None, regions: Any, client: Client
) -> None:
    failure = redis.exceptions.ConnectionError("Error 111 connecting to 10.1.2.3:6379.")
    with mock.patch("portal.context_processors.entry_regions", side_effect=failure):
        response = client.get("/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "服务暂时不可用" in html and "缓存服务暂时无法访问" in html
    assert "10.1.2.3" not in html
    assert response["Retry-After"] == "30"


def test_the_last_net_leaves_other_errors_alone(rf: Any) -> None:
    middleware = ServiceUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    assert middleware.process_exception(rf.get("/"), ValueError("bug")) is None
    timeout = middleware.process_exception(rf.get("/"), redis.exceptions.TimeoutError())
    assert timeout is not None and timeout.status_code == 503


def test_a_rate_limited_lookup_is_refused_not_failed_while_redis_is_down(
    redis_down: None, regions: Any, client: Client
) -> None:
    response = client.post(
        reverse("certificates:verify"), {"number": "ZC2026000001", "name": "张三"}
    )
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()
