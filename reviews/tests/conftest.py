"""The review pages reuse the application world of applications/tests/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from applications import actions
from applications.models import Application
from applications.tests.conftest import (  # noqa: F401  (fixtures)
    at_committee,
    at_department,
    chain_world,
    draft,
    fill,
    filled,
    specialty,
    submitted,
    template,
    title,
)
from catalog.models import Specialty, Title
from conftest import make_user
from orgs.models import BaseUnit


def text(response: Any) -> str:
    return response.content.decode()


def handle_url(app: Application, tab: str = "") -> str:
    url = reverse("reviews:handle", args=[app.pk])
    return f"{url}?tab={tab}" if tab else url


def post(client: Client, name: str, app: Application, data: dict[str, Any], *args: Any) -> Any:
    return client.post(reverse(f"reviews:{name}", args=[app.pk, *args]), data)


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def submit_many(
    n: int, *, qualification: Title, field: Specialty, unit: BaseUnit, start: int = 0
) -> list[Application]:
    """n applicants of the unit, each filling and submitting one application through the actions."""
    apps = []
    for i in range(start, start + n):
        person = make_user(
            f"applicant{i:03d}",
            Role.APPLICANT,
            real_name=f"申请人{i:03d}",
            id_number=f"65010219900101{i:04d}",
            mobile=f"1380000{i:04d}",
        )
        app = actions.create_application(person, title=qualification, specialty=field, unit=unit)
        fill(app)
        apps.append(actions.submit(person, app.pk, expected_version=None))
    return apps


@pytest.fixture
def many(chain_world: Any, title: Title, specialty: Specialty, unit_a: BaseUnit) -> Any:  # noqa: F811
    """A factory: many(n) submits n more applications at unit A."""
    made: list[Application] = []

    def make(n: int) -> list[Application]:
        apps = submit_many(n, qualification=title, field=specialty, unit=unit_a, start=len(made))
        made.extend(apps)
        return apps

    return make


@pytest.fixture
def as_user(client: Client) -> Any:
    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login
