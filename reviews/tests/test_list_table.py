"""申请书审核 / 申请书查询 as staff tables: sort by a column, 20/50/100 rows a page, and the
Excel export of exactly the filtered rows (Chinese headers, masked ID numbers, audited)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from applications.models import Application
from audit.models import AuditEvent
from lib.idcard import mask_id_number
from testing.pages import text

pytestmark = pytest.mark.django_db

QUEUE = reverse("reviews:queue")
SEARCH = reverse("reviews:search")


def order_of(page: str, apps: list[Application]) -> list[int]:
    """The apps in the order their rows appear on the page."""
    found = [(page.index(f'id="app-{a.pk}"'), a.pk) for a in apps if f'id="app-{a.pk}"' in page]
    return [pk for _, pk in sorted(found)]


def sheet_rows(response: Any) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_it_sorts_by_the_applicant_column(client: Client, unit_admin: User, many: Any) -> None:
    apps = many(3)
    client.force_login(unit_admin)
    page = text(client.get(QUEUE))
    # Oldest first by default: 申请人000, 001, 002.
    assert order_of(page, apps) == [a.pk for a in apps]
    assert "sort=applicant" in page  # the header is a sort link
    page = text(client.get(QUEUE, {"sort": "-applicant"}))
    assert order_of(page, apps) == [a.pk for a in reversed(apps)]
    assert 'aria-sort="descending"' in page


def test_a_bad_sort_key_is_ignored(client: Client, unit_admin: User, many: Any) -> None:
    apps = many(2)
    client.force_login(unit_admin)
    response = client.get(QUEUE, {"sort": "applicant__id_number"})
    assert response.status_code == 200
    assert len(order_of(text(response), apps)) == 2


def test_it_chooses_20_50_or_100_rows(client: Client, unit_admin: User, many: Any) -> None:
    many(23)
    client.force_login(unit_admin)
    page = text(client.get(QUEUE))
    assert page.count('<tr id="app-') == 20
    assert "per_page=50" in page and "per_page=100" in page
    page = text(client.get(QUEUE, {"per_page": "50"}))
    assert page.count('<tr id="app-') == 23
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in page
    # A size that is not offered falls back to 20.
    assert text(client.get(QUEUE, {"per_page": "5000"})).count('<tr id="app-') == 20


def test_the_filter_still_narrows_the_table(client: Client, unit_admin: User, many: Any) -> None:
    apps = many(3)
    client.force_login(unit_admin)
    page = text(client.get(SEARCH, {"q": "申请人001"}))
    assert order_of(page, apps) == [apps[1].pk]
    assert "共 1 份申请书。" in page


def test_the_export_holds_exactly_the_filtered_rows(
    client: Client, unit_admin: User, many: Any
) -> None:
    apps = many(3)
    client.force_login(unit_admin)
    response = client.get(QUEUE, {"q": "申请人00", "sort": "-applicant", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = sheet_rows(response)
    assert rows[0][:4] == ["申请书编号", "申请人", "身份证号", "申请年度"]
    assert "基层工作单位" in rows[0] and "推荐意见" in rows[0]
    # All three match 申请人00, in the chosen order, not paginated.
    assert [r[1] for r in rows[1:]] == ["申请人002", "申请人001", "申请人000"]
    # Staff see the ID number masked.
    numbers = {r[1]: r[2] for r in rows[1:]}
    full = apps[0].applicant.id_number
    assert numbers["申请人000"] == mask_id_number(full) != full
    response = client.get(QUEUE, {"q": "申请人001", "export": "xlsx"})
    assert [r[1] for r in sheet_rows(response)[1:]] == ["申请人001"]


def test_the_export_is_audited(client: Client, unit_admin: User, many: Any) -> None:
    many(2)
    client.force_login(unit_admin)
    client.get(SEARCH, {"q": "申请人", "export": "xlsx"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == unit_admin
    assert event.target == "申请书查询"
    assert event.detail.startswith("2 行")
    assert "申请人" in event.detail


def test_the_export_leaves_out_what_the_clerk_may_not_see(
    client: Client, other_unit_admin: User, many: Any
) -> None:
    many(2)
    client.force_login(other_unit_admin)
    rows = sheet_rows(client.get(SEARCH, {"export": "xlsx"}))
    assert len(rows) == 1  # the header only
