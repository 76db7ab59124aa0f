"""Fixtures for the recovery tests: messages kept in memory, helpers to read them."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
