"""账号找回审核 as a staff table: sort, page size, Excel export (ID numbers masked, audited),
and the same number of queries for 1 appeal as for 30."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from audit.models import AuditEvent
from conftest import APPLICANT_ID
from lib.idcard import mask_id_number
from recovery.models import Appeal

pytestmark = pytest.mark.django_db
LIST = reverse("recovery:reviews")


def appeals(n: int, *, user: User | None = None, start: int = 0) -> list[Appeal]:
    now = timezone.now()
    return [
        Appeal.objects.create(
            kind=Appeal.Kind.PERSON,
            user=user,
            real_name=f"申诉人{start + i:03d}",
            id_number=APPLICANT_ID,
            contact_mobile="13800138000",
            created_at=now - timedelta(minutes=start + i),
        )
        for i in range(n)
    ]


@pytest.fixture
def hr(hr_admin: User) -> Client:
    staff = Client()
    staff.force_login(hr_admin)
    return staff


def order_of(page: str, items: list[Appeal]) -> list[int]:
    found = [
        (page.index(f'id="appeal-{a.pk}"'), a.pk) for a in items if f'id="appeal-{a.pk}"' in page
    ]
    return [pk for _, pk in sorted(found)]


def test_it_sorts_by_time_and_name(hr: Client) -> None:
    items = appeals(3)
    pks = [a.pk for a in items]
    assert order_of(hr.get(LIST).content.decode(), items) == pks  # newest first, as before
    assert order_of(hr.get(LIST, {"sort": "created_at"}).content.decode(), items) == pks[::-1]
    page = hr.get(LIST, {"sort": "-who"}).content.decode()
    assert order_of(page, items) == pks[::-1] and 'aria-sort="descending"' in page


def test_it_chooses_the_page_size(hr: Client) -> None:
    appeals(25)
    assert hr.get(LIST).content.decode().count('<tr id="appeal-') == 20
    page = hr.get(LIST, {"per_page": "50"}).content.decode()
    assert page.count('<tr id="appeal-') == 25
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in page


def test_the_export_is_the_listed_status_masked_and_audited(hr: Client, hr_admin: User) -> None:
    items = appeals(2)
    Appeal.objects.filter(pk=items[1].pk).update(status=Appeal.Status.REJECTED, reason="照片不清")
    response = hr.get(LIST, {"export": "xlsx"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == [
        "提交时间",
        "类型",
        "申诉人/单位",
        "证件号码",
        "匹配账号",
        "状态",
        "审核人",
        "审核时间",
        "审核意见",
    ]
    assert [r[2] for r in rows[1:]] == ["申诉人000"]
    assert rows[1][3] == mask_id_number(APPLICANT_ID) and APPLICANT_ID not in str(rows)
    assert rows[1][4] == "无" and rows[1][5] == "待审核"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == hr_admin and event.target == "账号找回审核"
    assert event.detail.startswith("1 行")


def test_it_costs_the_same_queries_for_1_and_30(hr: Client, applicant: User) -> None:
    appeals(1, user=applicant)

    def cost() -> int:
        hr.get(LIST)
        with CaptureQueriesContext(connection) as ctx:
            assert hr.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    at_one = cost()
    appeals(29, user=applicant, start=1)
    assert cost() == at_one
