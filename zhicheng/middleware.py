"""Request id and request log line; the 503 page when Redis or the file store is unreachable.

RequestLogMiddleware goes first in MIDDLEWARE: it sets the request id (lib.requestctx) before
anything logs, returns it as the X-Request-ID header and writes one line per request when the
response is done. ServiceUnavailableMiddleware goes last: its process_exception is the last
net that turns a Redis or storage outage raised by a view into the Chinese 503 page instead
of a 500 (docs/adr/0020-health-resilience-logging.md).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.functional import empty
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from lib.requestctx import new_request_id, set_request_id
from zhicheng.clientaddr import client_address
from zhicheng.logs import log_request
from zhicheng.storage import is_storage_outage

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only if it is a short plain token (a proxy's or load balancer's id).
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
RETRY_AFTER_SECONDS = 30


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if SAFE_REQUEST_ID.match(incoming) else new_request_id()
        set_request_id(request_id)
        start = time.monotonic()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        user = getattr(request, "user", None)
        # Only a user already loaded by the view: reading it here could touch the session.
        user_id = user.pk if user is not None and _loaded(user) else None
        log_request(
            method=request.method or "",
            path=request.path,
            status=response.status_code,
            duration_ms=(time.monotonic() - start) * 1000,
            user_id=user_id,
            client=client_address(request),
        )
        # The id stays set until request_finished (clear_request_id), so Django's own lines
        # written after the middleware (e.g. "Not Found: …") carry it too.
        return response


def clear_request_id(**kwargs: object) -> None:
    """request_finished: the thread is no longer handling that request."""
    set_request_id(None)


def _loaded(user: object) -> bool:
    """A SimpleLazyObject that was evaluated (or a plain user object)."""
    wrapped = getattr(user, "_wrapped", user)
    return wrapped is not empty and bool(getattr(wrapped, "is_authenticated", False))


def unavailable_response(kind: str) -> HttpResponse:
    """The 503 page; rendered without the request so no cache, session or database is needed."""
    body = loader.get_template("503.html").render({"kind": kind})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RedisConnectionError | RedisTimeoutError):
            kind = "cache"
        elif is_storage_outage(exception):
            kind = "storage"
        else:
            return None
        # The class only: the text of these errors names hosts and ports.
        log.warning("service unavailable: %s (%s)", kind, type(exception).__name__)
        return unavailable_response(kind)
