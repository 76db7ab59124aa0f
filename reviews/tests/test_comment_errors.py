"""A refused 栏目修改意见 follows the GOV.UK error pattern on 办理 (issue 12 point 8, ADR 0040):
a summary in the comments form, focusable, linking to the box; the message beside the box under
the id its aria-describedby names; no aria id on the page that names nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from testing.pages import text

pytestmark = pytest.mark.django_db


def dangling(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    named = re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html)
    return [i for value in named for i in value.split() if i not in ids]


def test_a_long_box_is_linked_from_the_summary_and_described_beside_it(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    html = text(
        client.post(
            reverse("reviews:comments", args=[submitted.pk]),
            {"basic-text": "长" * 1001, "education-text": "学历请补充"},
        )
    )
    head = html.split('id="comments-errors"', 1)[0].rsplit("<div", 1)[1]
    assert "data-error-summary" in head and 'tabindex="-1"' in head
    summary = html.split('id="comments-errors"', 1)[1].split("</div>", 1)[0]
    assert "栏目修改意见均未保存" in summary
    box = re.search(r'<textarea[^>]*name="basic-text"[^>]*>', html)
    assert box is not None
    box_id = re.search(r'\sid="([^"]+)"', box.group(0))
    assert box_id is not None
    assert f'<a href="#{box_id.group(1)}">基本信息 栏目修改意见：栏目修改意见不能超过' in summary
    assert 'aria-invalid="true"' in box.group(0)
    assert f'aria-describedby="{box_id.group(1)}_error"' in box.group(0)
    assert f'id="{box_id.group(1)}_error"' in html
    assert dangling(html) == []


def test_the_page_as_drawn_has_no_summary(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    html = text(client.get(reverse("reviews:handle", args=[submitted.pk])))
    assert 'id="comments-errors"' not in html
    assert dangling(html) == []
