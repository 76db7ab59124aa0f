"""Log lines: one per request and one per task, JSON when LOG_FORMAT=json, plain otherwise.

Pieces used by settings.LOGGING and zhicheng.middleware:
- `RequestIdFilter` puts the current request id (lib.requestctx) on every record;
- `RedactUrlSecretsFilter` strips query strings and masks path segments that are tokens
  (the URL parameters named in SECRET_URL_PARAMS, e.g. /certificates/v/<token>/ and
  /recovery/reset/<token>/), in the message and in every extra field;
- `JsonFormatter` / `PlainFormatter` mask ID numbers and URL secrets once more in their own
  output, which covers tracebacks;
- `log_task_started` / `log_task_finished` (connected by zhicheng.apps.OpsConfig) write the
  task line from django-tasks' task_started / task_finished signals.
No ID number, code, token or password may reach a log line (docs/adr/0020-health-resilience-logging.md).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from lib.idcard import redact_id_numbers
from lib.logredact import STANDARD_ATTRS, redact_value
from lib.requestctx import get_request_id, set_request_id

REQUEST_LOGGER = "zhicheng.request"
TASK_LOGGER = "zhicheng.task"
REDACTED = "[redacted]"
# URL parameters whose values are secrets: a path segment matching one is masked in logs.
SECRET_URL_PARAMS = frozenset({"token", "code", "secret", "signature", "uidb64"})

_CONVERTER = re.compile(r"<(?:(?P<type>[^>:]+):)?(?P<name>[^>]+)>")
_QUERY = re.compile(r"(?P<path>/[^\s?#\"'<>]*)\?[^\s\"'<>]*")


def _walk(patterns: Iterable[Any], prefix: str) -> Iterable[str]:
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _route_regexes(route: str) -> list[re.Pattern[str]]:
    """One regex per secret parameter of `route`: group `head` is everything before it."""
    regexes = []
    parts = list(_CONVERTER.finditer(route))
    for index, part in enumerate(parts):
        if part.group("name") not in SECRET_URL_PARAMS:
            continue
        head, position = "/", 0
        for earlier in parts[:index]:
            head += re.escape(route[position : earlier.start()]) + r"[^/?#\s\"']+"
            position = earlier.end()
        head += re.escape(route[position : part.start()])
        regexes.append(re.compile(f"(?P<head>{head})[^/?#\\s\"'<>]+"))
    return regexes


_regexes: list[tuple[re.Pattern[str], ...]] = []


def secret_url_regexes() -> tuple[re.Pattern[str], ...]:
    """Built once per process from the URLconf, so a new token URL is covered by its name.

    A line logged while the URLconf is still being imported gets only the query-string rule.
    """
    if not _regexes:
        try:
            routes = list(_walk(get_resolver().url_patterns, ""))
        except Exception:  # noqa: BLE001 - logging must never fail; retried on the next line
            return ()
        _regexes.append(tuple(regex for route in routes for regex in _route_regexes(route)))
    return _regexes[0]


def redact_url_secrets(text: str) -> str:
    """`text` with query strings removed and secret path segments masked."""
    if "/" not in text:
        return text
    text = _QUERY.sub(lambda m: m.group("path"), text)
    for regex in secret_url_regexes():
        text = regex.sub(lambda m: m.group("head") + REDACTED, text)
    return text


def redact_text(text: str) -> str:
    return redact_url_secrets(redact_id_numbers(text))


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (the request or task being handled, "-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = get_request_id() or "-"
        return True


class RedactUrlSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_url_secrets(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        for name, value in list(vars(record).items()):
            if name not in STANDARD_ATTRS:
                setattr(record, name, redact_value(value, redact_url_secrets))
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id and any extras."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))


class PlainFormatter(logging.Formatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = get_request_id() or "-"
        return redact_text(super().format(record))


# --- the request line -----------------------------------------------------------------------


def log_request(
    *,
    method: str,
    path: str,
    status: int,
    duration_ms: float,
    user_id: int | None,
    client: str | None,
) -> None:
    logging.getLogger(REQUEST_LOGGER).info(
        "%s %s %s %.1fms",
        method,
        redact_url_secrets(path),
        status,
        duration_ms,
        extra={
            "event": "request",
            "method": method,
            "path": redact_url_secrets(path),
            "status": status,
            "duration_ms": round(duration_ms, 1),
            "user_id": user_id,
            "client": client,
        },
    )


# --- the task line --------------------------------------------------------------------------

# Task id → (monotonic start, the request id in force before the task set its own).
_started: dict[str, tuple[float, str | None]] = {}
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def task_request_id(task_result: Any) -> str | None:
    """The request id an enqueuer passed along (keyword `request_id`), if it looks safe."""
    kwargs = getattr(task_result, "kwargs", None) or {}
    value = kwargs.get("request_id") if isinstance(kwargs, dict) else None
    return value if isinstance(value, str) and _SAFE_ID.match(value) else None


def _task_name(task_result: Any) -> str:
    task = getattr(task_result, "task", None)
    return str(getattr(task, "module_path", "") or getattr(task, "name", "") or "?")


def log_task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_started: remember the start, and carry the enqueuer's request id into the task."""
    _started[str(task_result.id)] = (time.monotonic(), get_request_id())
    carried = task_request_id(task_result)
    if carried:
        set_request_id(carried)


def log_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """task_finished: one line with the task's name, id, status, duration and request id."""
    started = _started.pop(str(task_result.id), None)
    if started is not None:
        duration_ms: float | None = (time.monotonic() - started[0]) * 1000
    elif task_result.started_at and task_result.finished_at:
        duration_ms = (task_result.finished_at - task_result.started_at).total_seconds() * 1000
    else:
        duration_ms = None
    request_id = task_request_id(task_result) or get_request_id()
    status = str(getattr(task_result.status, "value", task_result.status))
    name = _task_name(task_result)
    logging.getLogger(TASK_LOGGER).log(
        logging.WARNING if status == "FAILED" else logging.INFO,
        "task %s %s %s %sms",
        name,
        task_result.id,
        status,
        "?" if duration_ms is None else f"{duration_ms:.1f}",
        extra={
            "event": "task",
            "task": name,
            "task_id": str(task_result.id),
            "status": status,
            "duration_ms": None if duration_ms is None else round(duration_ms, 1),
            "request_id": request_id or "-",
        },
    )
    if started is not None:
        set_request_id(started[1])
