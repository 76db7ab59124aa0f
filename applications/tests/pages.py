"""Small helpers shared by the page tests (test_views_*.py); signed_in and text are
testing.pages'."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.messages import get_messages

from accounts.models import User
from applications import actions
from applications.models import Application
from reviews import actions as review_actions
from testing.pages import signed_in, text

__all__ = ["current_node", "flashed", "resubmitted", "returned", "signed_in", "text"]


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
