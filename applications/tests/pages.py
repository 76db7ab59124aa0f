"""Small helpers shared by the page tests (test_views_*.py)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import User
from applications import actions
from applications.models import Application
from reviews import actions as review_actions


def text(response: Any) -> str:
    return response.content.decode()


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def flashed(response: Any) -> list[str]:
    """The messages a response queued (for a redirect not followed)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def current_node(html: str) -> list[str]:
    """Labels of the chain nodes drawn as current."""
    return re.findall(r'chain-current"[^>]*>\s*<span class="chain-label">([^<]+)<', html)


def returned(
    app: Application, reviewer: User, *, comment: str = "", opinion: str = "请修改"
) -> Application:
    """The base unit sends the application back, with an optional comment on 基本信息."""
    if comment:
        review_actions.save_comment(reviewer, app.pk, "basic", comment)
    return review_actions.return_application(
        reviewer, app.pk, opinion=opinion, expected_version=None
    )


def resubmitted(app: Application) -> Application:
    return actions.submit(app.applicant, app.pk, expected_version=None)
