"""Resident ID numbers: shown in full to their holder only, masked elsewhere, never logged."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID
from lib.idcard import mask_id_number
from lib.logredact import RedactIdNumbersFilter

MASKED = mask_id_number(APPLICANT_ID)


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the configured log handlers write, captured for the duration of a test."""
    buffer = io.StringIO()
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(f, RedactIdNumbersFilter) for f in h.filters)
    ]
    assert handlers, "the redacting console handler is configured in settings.LOGGING"
    old = [h.setStream(buffer) for h in handlers]
    try:
        yield buffer
    finally:
        for handler, stream in zip(handlers, old, strict=True):
            handler.setStream(stream)


OTHER_USERS_PAGES = [
    reverse("accounts:home"),
    reverse("accounts:profile"),
    reverse("orgs:unit"),
    reverse("orgs:similar_units"),
    reverse("catalog:conditions"),
    "/admin/accounts/user/",
]


@pytest.mark.parametrize(
    "viewer", ["outsider", "unit_admin", "dept_reviewer", "committee_staff", "hr_admin"]
)
def test_no_other_user_sees_the_full_number(
    client: Client, request: pytest.FixtureRequest, applicant: User, viewer: str
) -> None:
    client.force_login(request.getfixturevalue(viewer))
    for url in OTHER_USERS_PAGES:
        response = client.get(url)
        assert APPLICANT_ID not in response.content.decode(), url


def test_the_user_admin_list_shows_it_masked(client: Client, applicant: User) -> None:
    # The admin is for superusers only; even there the list keeps it masked (only the
    # superuser's edit form holds the number, to correct it).
    root = User.objects.create(username="root", role="hr_admin", is_staff=True, is_superuser=True)
    client.force_login(root)
    listing = client.get("/admin/accounts/user/").content.decode()
    assert MASKED in listing
    assert APPLICANT_ID not in listing


def test_the_holder_sees_it_in_full(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert APPLICANT_ID in client.get(reverse("accounts:home")).content.decode()


def test_id_numbers_never_reach_the_logs(
    client: Client, applicant: User, log_output: io.StringIO, regions: Any
) -> None:
    login = reverse("accounts:login")
    for _ in range(6):  # failures, then a lockout, all logged by django-axes and Django
        client.post(login, {"region": "650000", "username": APPLICANT_ID, "password": "Wrong@2026"})
    client.post(
        reverse("accounts:register_applicant"),
        {
            "username": "dup",
            "real_name": "重复",
            "id_number": APPLICANT_ID,
            "mobile": "13900000000",
        },
    )
    logging.getLogger("zhicheng.test").warning("a message quoting %s", APPLICANT_ID)
    output = log_output.getvalue()
    assert "AXES" in output and "Too Many Requests" in output  # the test saw real log traffic
    assert APPLICANT_ID not in output
    assert MASKED in output  # the direct quote was masked, not dropped
