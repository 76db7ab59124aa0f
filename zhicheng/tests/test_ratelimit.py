"""zhicheng.ratelimit: the one limiter — rates from settings, counts per key, fail closed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.checks import run_checks
from django.test import Client, RequestFactory
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts.models import User
from recovery.models import RecoveryCode, ResetGrant
from zhicheng import ratelimit
from zhicheng.clientaddr import client_address

UNAVAILABLE = "服务暂时不可用，请稍后再试"
BROKEN = {"default": {"BACKEND": "zhicheng.tests.test_ratelimit.BrokenCache"}}


class BrokenCache(BaseCache):
    """A cache whose server cannot be reached: every call raises, as RedisCache does."""

    def __init__(self, location: str = "", params: dict[str, Any] | None = None) -> None:
        super().__init__(params or {})

    def _fail(self, *args: Any, **kwargs: Any) -> Any:
        raise RedisConnectionError("Error 111 connecting to redis.internal:6379.")

    add = get = set = delete = incr = touch = has_key = clear = get_many = _fail


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("30/h", 30, 3600), ("20/10m", 20, 600), ("10/d", 10, 86400), (" 5 / 90s ", 5, 90)],
)
def test_it_reads_rates(text: str, count: int, seconds: int) -> None:
    assert ratelimit.parse_rate(text) == ratelimit.Rate(count, seconds)


@pytest.mark.parametrize("text", ["", "30", "30/", "30/w", "0/h", "5/0m", "-1/h", "x/h", "5/h/2"])
def test_it_refuses_what_is_not_a_rate(text: str) -> None:
    with pytest.raises(ValueError):
        ratelimit.parse_rate(text)


def test_a_bad_rate_in_settings_fails_the_startup_checks(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "objection": "five an hour"}
    assert "ratelimit.E001" in [e.id for e in run_checks()]


def test_it_counts_per_name_and_key_up_to_the_rate(settings: Any) -> None:
    settings.RATE_LIMITS = {"a": "2/h", "b": "1/h"}
    assert [ratelimit.hit("a", "k1") for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("a", "k2") is True  # another key
    assert ratelimit.hit("b", "k1") is True  # another limit, same key
    assert ratelimit.hit("b", "k1") is False


def test_the_cache_holds_digests_not_keys(settings: Any) -> None:
    settings.RATE_LIMITS = {"a": "2/h"}
    ratelimit.hit("a", "ip:198.51.100.7")
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert keys and not any("198.51.100.7" in k for k in keys)


def test_an_unknown_limit_name_is_a_configuration_error() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        ratelimit.hit("no-such-limit", "k")


def test_the_client_key_follows_proxy_count(settings: Any) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    settings.PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.7"
    assert ratelimit.client_key(request) == "ip:198.51.100.7"


def test_the_lockout_log_uses_the_same_client_address(settings: Any) -> None:
    from axes.helpers import get_client_ip_address

    settings.PROXY_COUNT = 1
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    assert get_client_ip_address(request) == "198.51.100.7"


# --- Redis unreachable: refuse with a clear 503, never a 500 -----------------------------------


def test_it_fails_closed_when_the_cache_is_unreachable(settings: Any) -> None:
    settings.CACHES = BROKEN
    with pytest.raises(ratelimit.RateLimitUnavailable):
        ratelimit.hit("recovery-ip", "ip:198.51.100.7")


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert response["Retry-After"] == str(ratelimit.RETRY_AFTER_UNAVAILABLE)


@pytest.mark.django_db
def test_a_recovery_code_is_refused_with_a_chinese_503(
    applicant: User, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SMS_BACKEND = "locmem"
    settings.CACHES = BROKEN
    client = Client(raise_request_exception=False)
    response = client.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
    assert_unavailable(response)
    assert not RecoveryCode.objects.exists()  # nothing done while the limit cannot count
    assert "cache unavailable" in caplog.text and "13800000001" not in caplog.text


@pytest.mark.django_db
def test_a_recovery_link_is_refused_with_a_chinese_503(applicant: User, settings: Any) -> None:
    settings.CACHES = BROKEN
    client = Client(raise_request_exception=False)
    assert_unavailable(client.post(reverse("recovery:email"), {"email": "zhangsan@example.cn"}))
    assert not ResetGrant.objects.exists()


@pytest.mark.django_db
def test_certificate_verification_is_refused_with_a_chinese_503(settings: Any) -> None:
    settings.CACHES = BROKEN
    client = Client(raise_request_exception=False)
    response = client.post(
        reverse("certificates:verify"), {"number": "XJ650100-2026-000001", "name": "张三"}
    )
    assert_unavailable(response)


def test_it_fails_closed_with_the_production_cache_and_redis_down(settings: Any) -> None:
    # The production backend reads as a miss and drops writes while Redis is down, but its
    # counters raise: the limiter must refuse, not count from zero.
    settings.CACHES = {
        "default": {
            "BACKEND": "zhicheng.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    with pytest.raises(ratelimit.RateLimitUnavailable):
        ratelimit.hit("recovery-ip", "ip:198.51.100.7")
