"""Sessions kept in the database and cached in Redis, that keep working while Redis is down.

Django's cached_db engine already survives a failed cache read or write on save; this one also
survives the cache write after a database read, `exists` and `delete`, so a session made,
read or ended during a Redis outage goes to the database alone and signed-in users stay
signed in (docs/adr/0020-health-resilience-logging.md).

What cannot be done while Redis is unreachable is removing the cached copy of a session that
was ended (sign-out) or rotated (sign-in): if that Redis comes back *with its data*, the copy
answers for up to SESSION_COOKIE_AGE. A Redis that restarted (ours keeps nothing on disk)
comes back empty.

The session row is written when the session changes, which for a signed-in user's activity is
at most once a minute (`TOUCH_EVERY`), not on every request (docs/adr/0036-capacity-per-core.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


# A signed-in request writes its session at most once a minute (accounts.middleware.
# ActivityMiddleware; SESSION_SAVE_EVERY_REQUEST is off), so a stored session lives this much
# longer than the idle time: it must not expire before the idle sign-out is due.
TOUCH_EVERY = 60


class SessionStore(CachedDBStore):
    # Set and defined by Django's cached_db / db stores (not in django-stubs).
    _cache: Any
    _get_session_from_db: Callable[[], Any]

    def get_session_cookie_age(self) -> int:
        return int(settings.SESSION_COOKIE_AGE) + TOUCH_EVERY

    def _cache_failed(self, operation: str, error: Exception) -> None:
        log.warning(
            "session cache %s failed (%s); using the database", operation, type(error).__name__
        )

    def load(self) -> dict[str, object]:
        try:
            data = self._cache.get(self.cache_key)
        except RedisError as error:
            self._cache_failed("read", error)
            data = None
        except Exception:  # noqa: BLE001 - as Django's: a bad key resets the session (#17810)
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except RedisError as error:
            self._cache_failed("write", error)
        return data

    def exists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        try:
            if (self.cache_key_prefix + session_key) in self._cache:
                return True
        except RedisError as error:
            self._cache_failed("lookup", error)
        return bool(super(CachedDBStore, self).exists(session_key))

    def delete(self, session_key: str | None = None) -> None:
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except RedisError as error:
            self._cache_failed("delete", error)
