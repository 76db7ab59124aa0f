"""Fixtures for the recovery tests: messages kept in memory, helpers to read them."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory

from recovery.sms import LocmemSmsSender

NEW_PASSWORD = "Tianshan@2026"
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def sms(settings: Any) -> Iterator[list[tuple[str, str]]]:
    settings.SMS_BACKEND = "recovery.sms.LocmemSmsSender"
    LocmemSmsSender.outbox = []
    yield LocmemSmsSender.outbox
    LocmemSmsSender.outbox = []


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """`with commit(): ...` runs the on-commit side effects (SMS, e-mail) of what is inside."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run


def code_in(text: str) -> str:
    match = re.search(r"验证码 ([0-9]{6})", text)
    assert match, text
    return match.group(1)


def link_in(text: str) -> str:
    """The path of the reset link in a message."""
    match = re.search(r"https?://[^/\s]+(/recovery/reset/\S+/)", text)
    assert match, text
    return match.group(1)


def signs_in(username: str, password: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def page_text(response: Any) -> str:
    """A page with its CSRF token blanked, to compare two answers byte for byte."""
    return CSRF_VALUE.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def last_mail_body() -> str:
    return str(mail.outbox[-1].body)


class Gateway:
    """A local SMS gateway (http.server on a free port) that records what it is sent."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                gateway.received.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": json.loads(self.rfile.read(length).decode()),
                    }
                )
                self.send_response(gateway.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return  # keep the test output (and captured logs) clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def texts(self) -> list[str]:
        return [str(r["body"]["text"]) for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    """SMS through the real HTTP sender to a local gateway, as production sends it."""
    server = Gateway()
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = server.url
    settings.SMS_HTTP_KEY = "test-gateway-key"
    yield server
    server.close()
