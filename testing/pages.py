"""Reading pages in tests: a signed-in test client and a response's text."""

from __future__ import annotations

from typing import Any

from django.test import Client

from accounts.models import User


def signed_in(client: Client, user: User) -> Client:
    """`client`, signed in as `user` (staff roles pass the second factor: see testing.base)."""
    client.force_login(user)
    return client


def text(response: Any) -> str:
    """The response's body as text."""
    return response.content.decode()
