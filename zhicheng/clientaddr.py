"""The Django side of `lib.clientaddr`: the one way the project reads a client's address.

Rate limits, the sign-in lockout (AXES_CLIENT_IP_CALLABLE), the audit log and every log
of a public lookup call `client_address(request)`; nothing else reads REMOTE_ADDR or
X-Forwarded-For.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from lib import clientaddr


def client_address(request: HttpRequest) -> str | None:
    """The caller's address, trusting exactly settings.PROXY_COUNT proxies; None if unknown."""
    return clientaddr.client_address(request.META, int(getattr(settings, "PROXY_COUNT", 0) or 0))
