"""The id of the request (or task) being handled, for log lines and the tasks it enqueues.

A context variable, so threads and asyncio tasks each see their own. The web middleware
sets it per request; a task sets it from the id its enqueuer passed along.
"""

from __future__ import annotations

import secrets
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def new_request_id() -> str:
    return secrets.token_hex(8)


def get_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> None:
    _request_id.set(value)
