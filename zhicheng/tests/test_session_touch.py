"""The session row is written at most once a minute for a signed-in user's activity (issue 11),
and the idle sign-out stays right: never before the idle time, at most a minute after it."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import Role
from testing.people import make_user
from zhicheng.sessions import TOUCH_EVERY, SessionStore

pytestmark = pytest.mark.django_db

PING = reverse("portal:ping")


def session_writes(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PING).status_code == 200
    return sum(
        1
        for q in ctx.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def seen(client: Client, seconds_ago: float) -> None:
    session = client.session
    at = time.time() - seconds_ago
    session[SESSION_KEY] = [at, at]
    session.save()


@pytest.fixture
def client_in(client: Client) -> Client:
    client.force_login(make_user("touch", Role.APPLICANT, id_number="650102199001011234"))
    return client


def test_requests_within_a_minute_do_not_write_the_session(client_in: Client) -> None:
    session_writes(client_in)  # the first request of a session stores its activity
    assert [session_writes(client_in) for _ in range(3)] == [0, 0, 0]


def test_a_request_a_minute_later_writes_it_once(client_in: Client) -> None:
    seen(client_in, TOUCH_EVERY + 1)
    assert session_writes(client_in) == 1
    assert session_writes(client_in) == 0
    assert time.time() - client_in.session[SESSION_KEY][0] < 5


def test_the_idle_sign_out_is_never_early_and_at_most_a_minute_late(client_in: Client) -> None:
    idle = settings.SESSION_IDLE_SECONDS
    seen(client_in, idle + TOUCH_EVERY - 5)  # the last request may have been up to 60 s later
    assert "_auth_user_id" in client_in.session and client_in.get(PING).status_code == 200
    seen(client_in, idle + TOUCH_EVERY + 1)
    response = client_in.get(reverse("accounts:home"))
    assert response.status_code == 302 and "_auth_user_id" not in client_in.session


def test_a_stored_session_outlives_the_idle_time_by_the_touch_interval() -> None:
    assert SessionStore().get_expiry_age() == settings.SESSION_COOKIE_AGE + TOUCH_EVERY
