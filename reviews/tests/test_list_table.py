"""申请书审核 / 申请书查询 as staff tables: sort by a column, 20/50/100 rows a page, and the
Excel export of exactly the filtered rows (Chinese headers, masked ID numbers, audited)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from applications import display
from applications.models import Application
from applications.scoping import visible_to
from audit.models import AuditEvent
from lib.idcard import mask_id_number
from reviews import actions as review_actions
from reviews.tables import ReviewTable
from testing.pages import text
from testing.tables import reference_cells
from testing.worlds import recommend
from zhicheng.table_rows import body_cells
from zhicheng.tables import configure

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


def test_the_rows_are_drawn_as_django_tables2_draws_them(
    client: Client, unit_admin: User, dept_reviewer: User, many: Any
) -> None:
    """The list's body comes from zhicheng/table_rows.py (each column prepared once a page);
    every cell, <td> and <tr> is what django-tables2's own row code draws (ADR 0036)."""
    apps = many(4)
    recommend(apps[1], unit_admin)
    recommend(apps[2], unit_admin)
    review_actions.pass_application(unit_admin, apps[2].pk, expected_version=None)
    request = RequestFactory().get(SEARCH, {"sort": "-applicant"})
    for viewer in (unit_admin, dept_reviewer):

        def table(viewer: User = viewer) -> ReviewTable:
            rows = display.for_table(visible_to(viewer).order_by("-year", "-id"))
            made = ReviewTable(rows.select_related("recommendation"), viewer=viewer)
            return configure(request, made)

        mine, theirs = body_cells(table()), reference_cells(table())
        assert len(mine) == (4 if viewer == unit_admin else 1)
        assert mine == theirs
    # The unit's page carries exactly those rows: 办理 for the three it holds, 查看 for the
    # one passed on; 已保存 / 未保存 for the recommendation.
    client.force_login(unit_admin)
    page = text(client.get(SEARCH, {"sort": "-applicant"}))
    request.user = unit_admin
    for attrs, cells in reference_cells(table(unit_admin)):
        tds = "".join(f"{td}{cell}</td>" for td, cell in cells)
        assert f"<tr {attrs}>\n    {tds}\n  </tr>" in page
    assert page.count(">办理</a>") == 3 and page.count(">查看</a>") == 1
    assert page.count('tag-ok">已保存') == 2 and page.count('tag-warn">未保存') == 2
