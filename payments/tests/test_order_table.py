"""缴费对账 as a staff table: sort, page size, Excel export of the filtered orders (ID numbers
masked, audited)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from accounts.models import User
from audit.models import AuditEvent
from lib.idcard import mask_id_number
from payments import actions
from payments.models import PaymentOrder

pytestmark = pytest.mark.django_db

ORDERS = reverse("payments:orders")


def order_of(page: str, orders: list[PaymentOrder]) -> list[int]:
    found = [
        (page.index(f'id="order-{o.pk}"'), o.pk) for o in orders if f'id="order-{o.pk}"' in page
    ]
    return [pk for _, pk in sorted(found)]


def test_it_sorts_by_applicant_and_status(
    client: Client, committee_staff: User, many_orders: Any
) -> None:
    orders = many_orders(3)
    actions.confirm_offline(committee_staff, orders[1].pk, "REF-1", expected_version=None)
    client.force_login(committee_staff)
    page = client.get(ORDERS, {"sort": "-applicant"}).content.decode()
    assert order_of(page, orders) == [o.pk for o in reversed(orders)]
    assert 'aria-sort="descending"' in page
    page = client.get(ORDERS, {"sort": "applicant"}).content.decode()
    assert order_of(page, orders) == [o.pk for o in orders]
    up = order_of(client.get(ORDERS, {"sort": "status"}).content.decode(), orders)
    down = order_of(client.get(ORDERS, {"sort": "-status"}).content.decode(), orders)
    assert up == list(reversed(down)) and orders[1].pk in (up[0], up[-1])


def test_it_chooses_the_page_size(client: Client, committee_staff: User, many_orders: Any) -> None:
    many_orders(21)
    client.force_login(committee_staff)
    page = client.get(ORDERS, {"per_page": "50"}).content.decode()
    assert page.count('<tr id="order-') == 21
    assert '<strong class="per-page-current" aria-current="true">50</strong>' in page
    page = client.get(ORDERS, {"per_page": "5000"}).content.decode()
    assert page.count('<tr id="order-') == 20


def test_the_export_holds_the_filtered_orders_masked_and_audited(
    client: Client, committee_staff: User, many_orders: Any
) -> None:
    orders = many_orders(3)
    actions.confirm_offline(committee_staff, orders[0].pk, "REF-0", expected_version=None)
    client.force_login(committee_staff)
    response = client.get(ORDERS, {"status": "unpaid", "export": "xlsx", "sort": "applicant"})
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == [
        "订单号",
        "申请书编号",
        "申请人",
        "身份证号",
        "申请资格",
        "基层工作单位",
        "金额(元)",
        "状态",
        "缴费渠道",
        "银行流水号/交易号",
        "缴费时间",
        "退费时间",
        "退费原因",
        "生成时间",
    ]
    assert [r[0] for r in rows[1:]] == [o.out_trade_no for o in orders[1:]]
    assert [r[3] for r in rows[1:]] == [
        mask_id_number(o.application.applicant.id_number or "") for o in orders[1:]
    ]
    assert all(r[7] == "未缴费" for r in rows[1:])
    assert rows[1][6] == float(orders[1].amount)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == committee_staff and event.target == "缴费对账"
    assert event.detail.startswith("2 行") and "unpaid" in event.detail


def test_applicants_cannot_export(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert client.get(ORDERS, {"export": "xlsx"}).status_code in (302, 403, 404)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
