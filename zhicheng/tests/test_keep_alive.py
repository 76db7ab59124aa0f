"""继续 of the idle dialog (docs/adr/0037): a POST that keeps a live session and says how long
it lasts; an ended one answers 401. Every signed-in page carries the dialog."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/session/keep-alive/"


def test_the_url_is_named() -> None:
    assert reverse("keep_alive") == URL


def test_it_keeps_a_live_session(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    session = client.session
    session[SESSION_KEY] = [time.time() - 600, time.time() - 600]
    session.save()
    response = client.post(URL)
    assert response.status_code == 200
    assert response.json() == {"signed_in": True, "idle_seconds": 30 * 60}
    assert time.time() - client.session[SESSION_KEY][0] < 5  # the idle clock starts again


def test_an_ended_session_answers_401(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    session = client.session
    session[SESSION_KEY] = [time.time() - 31 * 60, time.time() - 31 * 60]
    session.save()
    response = client.post(URL)
    assert response.status_code == 401 and response.json() == {"signed_in": False}
    assert "_auth_user_id" not in client.session


def test_it_rejects_get(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    assert client.get(URL).status_code == 405


def test_signed_in_pages_carry_the_dialog_and_its_scripts(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    page = client.get(reverse("accounts:home")).content.decode()
    assert 'id="idle-dialog"' in page and 'role="dialog"' in page and 'aria-modal="true"' in page
    assert 'data-idle-seconds="1800"' in page and f'data-user="{outsider.pk}"' in page
    assert "继续" in page and "/static/js/idle.js" in page and "/static/js/drafts.js" in page
    anonymous = Client().get(reverse("accounts:login")).content.decode()
    assert "idle-dialog" not in anonymous and "/static/js/drafts.js" in anonymous
