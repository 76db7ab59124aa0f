"""Log lines: one JSON line per request and per task, a request id, and nothing secret in them.

The tests write through the handler settings.LOGGING configured (its filters), with the
JSON formatter LOG_FORMAT=json selects, into a buffer, and parse what comes out.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_tasks import task

from accounts.models import User
from conftest import APPLICANT_ID
from lib.requestctx import get_request_id, set_request_id
from zhicheng.logs import JsonFormatter, PlainFormatter, redact_url_secrets


class Captured:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def events(self, event: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line.get("event") == event]


@pytest.fixture
def json_log() -> Iterator[Captured]:
    """The configured console handler, switched to JSON and to a buffer for one test."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    old_stream, old_formatter = handler.stream, handler.formatter  # type: ignore[attr-defined]
    handler.setStream(stream)  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter())
    try:
        yield Captured(stream)
    finally:
        handler.setStream(old_stream)  # type: ignore[attr-defined]
        handler.setFormatter(old_formatter)


def test_a_request_writes_one_json_line_with_its_facts(
    db: None, regions: Any, client: Client, json_log: Captured
) -> None:
    response = client.get("/?page=2&token=abc123secret", REMOTE_ADDR="203.0.113.9")
    [line] = json_log.events("request")
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float | int) and line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["client"] == "203.0.113.9"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "INFO" and line["logger"] == "zhicheng.request"
    assert "abc123secret" not in json_log.text and "page=2" not in json_log.text


def test_the_signed_in_user_is_named_by_id(
    client: Client, applicant: User, json_log: Captured
) -> None:
    client.force_login(applicant)
    client.get("/accounts/home/")
    [line] = json_log.events("request")
    assert line["user_id"] == applicant.pk
    assert line["path"] == "/accounts/home/"


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("/recovery/reset/Zx8_secretRESETtoken-1/", "Zx8_secretRESETtoken-1"),
        ("/certificates/v/QRtokenSECRET123456/", "QRtokenSECRET123456"),
    ],
)
def test_token_path_segments_never_reach_a_log_line(
    db: None, regions: Any, client: Client, json_log: Captured, url: str, secret: str
) -> None:
    client.get(url + "?code=654321")
    assert secret not in json_log.text and "654321" not in json_log.text
    [line] = json_log.events("request")
    assert line["path"] == url.replace(secret, "[redacted]")
    # Django's own "Not Found: /…" lines went through the same handler, masked too.
    assert all(secret not in json.dumps(entry) for entry in json_log.lines())


def test_an_incoming_request_id_is_kept_only_when_it_is_a_plain_token(
    db: None, regions: Any, client: Client, json_log: Captured
) -> None:
    kept = client.get("/", HTTP_X_REQUEST_ID="lb-7f3a9c21e4b0")
    assert kept["X-Request-ID"] == "lb-7f3a9c21e4b0"
    replaced = client.get("/", HTTP_X_REQUEST_ID="x\nFAKE LINE <script>")
    assert replaced["X-Request-ID"] != "x\nFAKE LINE <script>"
    assert len(replaced["X-Request-ID"]) == 16
    ids = [line["request_id"] for line in json_log.events("request")]
    assert ids == ["lb-7f3a9c21e4b0", replaced["X-Request-ID"]]
    assert get_request_id() is None  # nothing leaks past the request


def test_id_numbers_are_masked_in_the_message_its_arguments_and_extra_fields(
    json_log: Captured,
) -> None:
    log = logging.getLogger("zhicheng.tests")
    log.warning("lookup %s", APPLICANT_ID, extra={"holder": APPLICANT_ID, "ids": [APPLICANT_ID]})
    try:
        raise ValueError(f"duplicate id_number {APPLICANT_ID}")
    except ValueError:
        log.exception("insert failed")
    assert APPLICANT_ID not in json_log.text
    first, second = json_log.lines()
    assert first["message"] == "lookup 6501**********1239"
    assert first["holder"] == "6501**********1239"
    assert first["ids"] == ["6501**********1239"]
    assert "6501**********1239" in second["exc_info"]


def test_the_plain_format_names_the_request_id_and_masks_too() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET %s", ("/recovery/reset/abcDEF123/?a=1",), None
    )
    set_request_id("req123456")
    try:
        line = PlainFormatter().format(record)
    finally:
        set_request_id(None)
    assert "[req123456]" in line
    assert line.endswith("GET /recovery/reset/[redacted]/")


def test_url_redaction_keeps_ordinary_paths() -> None:
    assert redact_url_secrets("GET /applications/12/sections/basic/") == (
        "GET /applications/12/sections/basic/"
    )
    assert redact_url_secrets("see /certificates/verify/ now") == "see /certificates/verify/ now"


# --- tasks ------------------------------------------------------------------------------------


@task()
def note_task(value: int, request_id: str | None = None) -> int:
    """A task that logs one line of its own, so the test sees which request id it runs under."""
    logging.getLogger("zhicheng.tests").info("working on %s", value)
    return value * 2


@task()
def broken_task() -> None:
    """A task that fails."""
    raise RuntimeError("boom")


def test_a_task_writes_one_json_line_carrying_its_enqueuers_request_id(
    db: None, json_log: Captured
) -> None:
    result = note_task.enqueue(21, request_id="req-from-web-1")
    [line] = json_log.events("task")
    assert line["task"] == "zhicheng.tests.test_logs.note_task"
    assert line["task_id"] == str(result.id)
    assert line["status"] == "SUCCESSFUL"
    assert line["duration_ms"] >= 0
    assert line["request_id"] == "req-from-web-1"
    [inside] = [x for x in json_log.lines() if x.get("message") == "working on 21"]
    assert inside["request_id"] == "req-from-web-1"  # the task's own lines carry it too
    assert get_request_id() is None


def test_a_failed_task_is_logged_as_failed(db: None, json_log: Captured) -> None:
    broken_task.enqueue()
    [line] = json_log.events("task")
    assert line["status"] == "FAILED" and line["level"] == "WARNING"
    assert line["task"] == "zhicheng.tests.test_logs.broken_task"


def test_a_task_enqueued_during_a_request_is_logged_with_that_requests_id(
    db: None, json_log: Captured
) -> None:
    set_request_id("req-outer-42")
    try:
        note_task.enqueue(1)
    finally:
        set_request_id(None)
    [line] = json_log.events("task")
    assert line["request_id"] == "req-outer-42"
