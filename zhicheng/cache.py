"""A Redis cache that degrades instead of failing when Redis cannot be reached.

Pages use the cache to go faster, not to be correct: with Redis down, a read is a miss and a
write is dropped, each logged, so the anonymous home page, the login page and everything else
that only *reads through* the cache keeps answering (docs/adr/0020-health-resilience-logging.md).

Counters are the exception. `incr`/`decr` exist for rate limits and similar counts whose
caller must know the count could not be kept: they still raise `redis.exceptions.ConnectionError`
/ `TimeoutError`, which the caller turns into a refusal (fail closed) or, if it does not, the
last-net middleware (`zhicheng.middleware.ServiceUnavailableMiddleware`) turns into the 503 page.

After a connection failure the cache does not try Redis again for `RETRY_AFTER_SECONDS` in
this process, so an unreachable (rather than refusing) Redis costs one connect timeout per
few seconds instead of one per cache call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

OUTAGE_ERRORS: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 5.0


class CacheUnavailable(RedisConnectionError):
    """Raised by counters while Redis is known to be unreachable (no new connect attempt)."""


class DegradingRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that logs and returns the default on outage."""

    # Per process and per Redis address: when Redis may next be tried.
    _down_until: ClassVar[dict[str, float]] = {}

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._address = server if isinstance(server, str) else ",".join(server)

    def _key(self) -> str:
        return self._address

    def _is_down(self) -> bool:
        return self._down_until.get(self._key(), 0.0) > time.monotonic()

    def _mark_down(self, operation: str, error: Exception) -> None:
        first = not self._is_down()
        self._down_until[self._key()] = time.monotonic() + RETRY_AFTER_SECONDS
        if first:
            # The exception text names the host and port; the class is enough to act on.
            log.warning("cache unavailable during %s (%s)", operation, type(error).__name__)

    def mark_up(self) -> None:
        """Forget a recorded outage (the readiness check calls this after a good ping)."""
        self._down_until.pop(self._key(), None)

    def _degrade(self, operation: str, default: Any, *args: Any) -> Any:
        """RedisCache.<operation>(*args), or `default` while Redis cannot be reached."""
        if self._is_down():
            return default
        try:
            return getattr(RedisCache, operation)(self, *args)
        except OUTAGE_ERRORS as error:
            self._mark_down(operation, error)
            return default

    # Reads are a miss; get_or_set (get, add, get) then computes the value.

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._degrade("get", default, key, default, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._degrade("get_many", {}, list(keys), version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._degrade("has_key", False, key, version)

    # Writes are dropped.

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._degrade("add", False, key, value, timeout, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._degrade("set", None, key, value, timeout, version)

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._degrade("set_many", list(data), data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._degrade("touch", False, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._degrade("delete", False, key, version)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._degrade("delete_many", None, list(keys), version)

    def clear(self) -> None:
        self._degrade("clear", None)

    # Counters: the caller must know.

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        if self._is_down():
            raise CacheUnavailable("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except OUTAGE_ERRORS as error:
            self._mark_down("incr", error)
            raise
