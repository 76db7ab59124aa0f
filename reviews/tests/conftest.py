"""The review pages use the application world of testing/worlds.py (root conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application
from catalog.models import Specialty, Title
from orgs.models import BaseUnit
from testing.worlds import submit_many


def handle_url(app: Application, tab: str = "") -> str:
    url = reverse("reviews:handle", args=[app.pk])
    return f"{url}?tab={tab}" if tab else url


def post(client: Client, name: str, app: Application, data: dict[str, Any], *args: Any) -> Any:
    return client.post(reverse(f"reviews:{name}", args=[app.pk, *args]), data)


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def many(chain_world: Any, title: Title, specialty: Specialty, unit_a: BaseUnit) -> Any:
    """A factory: many(n) submits n more applications at unit A."""
    made: list[Application] = []

    def make(n: int) -> list[Application]:
        apps = submit_many(n, qualification=title, field=specialty, unit=unit_a, start=len(made))
        made.extend(apps)
        return apps

    return make
