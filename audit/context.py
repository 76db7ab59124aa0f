"""The client address of the request being handled, for audit rows written deep inside actions.

Actions do not take the request (they are called from views, tasks and tests alike), yet an
audit row needs the address the change came from. `AuditContextMiddleware` puts it in a
context variable for the length of the request; `record()` reads it when no request is given.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from zhicheng import clientaddr

_client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: the project's one client-address function (ADR 0019), the same
    one the sign-in lockout and the rate limits use."""
    return clientaddr.client_address(request)


def current_client_address() -> str | None:
    return _client_address.get()


class AuditContextMiddleware:
    """Keeps the client address of the current request for `audit.actions.record`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)
