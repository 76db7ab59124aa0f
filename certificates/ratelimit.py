"""A per-IP counter for public lookups, kept in the Django cache (Redis in production).

A fixed window: the first lookup from an address starts a 10-minute window; the 21st
lookup inside it is refused. The limit and window can be set in settings
(CERTIFICATE_VERIFY_LIMIT, CERTIFICATE_VERIFY_WINDOW).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LIMIT = 20
DEFAULT_WINDOW = 10 * 60
KEY = "cert-verify:{ip}"


def limit() -> int:
    return int(getattr(settings, "CERTIFICATE_VERIFY_LIMIT", DEFAULT_LIMIT))


def window() -> int:
    return int(getattr(settings, "CERTIFICATE_VERIFY_WINDOW", DEFAULT_WINDOW))


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address. Behind N trusted proxies (PROXY_COUNT, the same setting the
    sign-in lockout uses) it is the N-th address from the right of X-Forwarded-For, which
    the nearest proxy wrote; anything further left is what the client claimed."""
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            ip = _valid_ip(hops[-proxies])
            if ip:
                return ip
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def hit(ip: str | None) -> bool:
    """Count one lookup from `ip`; False once the address is over its limit."""
    key = KEY.format(ip=ip or "unknown")
    cache.add(key, 0, timeout=window())
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window())
        count = 1
    return count <= limit()
