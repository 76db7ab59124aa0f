"""The one rate-limiting mechanism of the platform (docs/adr/0019-rate-limits.md).

Every limit has a name and a rate in `settings.RATE_LIMITS` ("20/10m": 20 attempts per
10 minutes). `hit(name, key)` counts one attempt for a key (an address, a mobile, a user)
in a fixed window that starts with the key's first attempt, kept in the Django cache
(Redis in production, so every process shares the counts). Keys are stored as keyed
digests, so no address, mobile or ID number sits in the cache.

The cache unreachable means a limit cannot be enforced: `hit` raises
`RateLimitUnavailable` (fail closed) and `RateLimitUnavailableMiddleware` answers with a
plain Chinese 503 page, never a 500.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from zhicheng.clientaddr import client_address

log = logging.getLogger(__name__)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
RETRY_AFTER_UNAVAILABLE = 60


@dataclass(frozen=True)
class Rate:
    """`count` attempts per `seconds`."""

    count: int
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, self.seconds // 60)


def parse_rate(text: str) -> Rate:
    """ "30/h", "20/10m", "10/d", "5/90s" → Rate; ValueError for anything else."""
    match = _RATE.match(text or "")
    if match is None:
        raise ValueError(f"not a rate: {text!r} (expected e.g. 30/h or 20/10m)")
    count, multiple, unit = match.groups()
    seconds = _SECONDS[unit] * (int(multiple) if multiple else 1)
    if int(count) < 1 or seconds < 1:
        raise ValueError(f"not a rate: {text!r} (count and period must be positive)")
    return Rate(int(count), seconds)


def rate(name: str) -> Rate:
    """The configured rate of limit `name`."""
    rates: dict[str, str] = getattr(settings, "RATE_LIMITS", {})
    if name not in rates:
        raise ImproperlyConfigured(f"RATE_LIMITS has no limit named {name!r}")
    return parse_rate(rates[name])


class RateLimitUnavailable(Exception):
    """The cache that keeps the counts cannot be reached; the attempt is refused."""


def _cache_key(name: str, key: str) -> str:
    digest = salted_hmac("zhicheng.ratelimit", f"{name}\x00{key}", algorithm="sha256")
    return f"rl:{name}:{digest.hexdigest()[:40]}"


def hit(name: str, key: str) -> bool:
    """Count one attempt of limit `name` for `key`; False once the key is over the limit.

    Raises RateLimitUnavailable when the cache fails: a limit that cannot be counted refuses.
    """
    limit = rate(name)
    cache_key = _cache_key(name, key)
    store = caches[getattr(settings, "RATE_LIMIT_CACHE", "default")]
    try:
        store.add(cache_key, 0, limit.seconds)
        try:
            count = store.incr(cache_key)
        except ValueError:  # the window ended between add and incr
            store.set(cache_key, 1, limit.seconds)
            count = 1
    except Exception as error:  # any cache failure: Redis down, timeout, refused
        log.warning("rate limit %s: cache unavailable (%s)", name, type(error).__name__)
        raise RateLimitUnavailable(name) from error
    return int(count) <= limit.count


def client_key(request: HttpRequest) -> str:
    """The key of a per-address limit: the client's address behind PROXY_COUNT proxies."""
    return "ip:" + (client_address(request) or "unknown")


def hit_client(name: str, request: HttpRequest) -> bool:
    """`hit` for the caller's address."""
    return hit(name, client_key(request))


def service_unavailable() -> HttpResponse:
    """The plain 503 page. Rendered without the request: the context processors read the
    cache too, and it is the cache that is down."""
    response = HttpResponse(render_to_string("service_unavailable.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitUnavailableMiddleware:
    """Turns RateLimitUnavailable raised by a view into the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimitUnavailable):
            return service_unavailable()
        return None
