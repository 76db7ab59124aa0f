"""缴费对账: the committee's orders by status, with totals, at a constant query count."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from conftest import make_user
from orgs.models import ReviewCommittee
from payments import actions
from payments.models import PaymentOrder

pytestmark = pytest.mark.django_db

ORDERS = reverse("payments:orders")


def page(client: Client, url: str = ORDERS) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def totals(html: str) -> dict[str, tuple[int, Decimal]]:
    """The totals table: status → (orders, amount)."""
    rows = re.findall(
        r'<tr id="total-(\w+)"><td>.*?</td><td>(\d+)</td><td>([\d.]+)</td></tr>', html
    )
    return {status: (int(n), Decimal(amount)) for status, n, amount in rows}


def vary(orders: list[PaymentOrder], staff: User) -> None:
    """Some paid, some paid and refunded, the rest unpaid."""
    for i, order in enumerate(orders):
        if i % 3 == 0:
            actions.confirm_offline(staff, order.pk, f"REF-{order.pk:04d}", expected_version=None)
        if i % 6 == 0:
            actions.refund(staff, order.pk, "撤回申请退费", expected_version=None)


def test_it_lists_the_orders_with_totals_per_status(
    client: Client, committee_staff: User, many_orders: Any
) -> None:
    orders = many_orders(7)
    vary(orders, committee_staff)  # 0, 6 refunded; 3 paid; 1, 2, 4, 5 unpaid
    client.force_login(committee_staff)
    html = page(client)
    assert html.count('<tr id="order-') == 7
    assert "共 7 个订单" in html
    assert totals(html) == {
        "unpaid": (4, Decimal("480")),
        "paid": (1, Decimal("120")),
        "refunded": (2, Decimal("240")),
    }
    assert ">未缴费</a>" in html and ">已缴费</a>" in html and ">已退费</a>" in html
    paid_only = page(client, f"{ORDERS}?status=paid")
    assert paid_only.count('<tr id="order-') == 1 and f"REF-{orders[3].pk:04d}" in paid_only
    assert f'href="{reverse("payments:refund", args=[orders[3].pk])}"' in paid_only
    unpaid = page(client, f"{ORDERS}?status=unpaid")
    assert unpaid.count('<tr id="order-') == 4
    assert f'href="{reverse("payments:confirm", args=[orders[1].pk])}"' in unpaid


def test_it_finds_an_order_by_name_number_or_trade_number(
    client: Client, committee_staff: User, many_orders: Any
) -> None:
    orders = many_orders(3)
    client.force_login(committee_staff)
    target = orders[1]
    for q in ("申请人001", target.application.number, target.out_trade_no.lower()):
        html = page(client, f"{ORDERS}?q={q}")
        assert html.count('<tr id="order-') == 1 and f'id="order-{target.pk}"' in html, q
    assert "没有符合条件的订单" in page(client, f"{ORDERS}?q=没有这个人")


def test_a_bad_status_filter_is_ignored_not_a_500(
    client: Client, committee_staff: User, many_orders: Any
) -> None:
    many_orders(2)
    client.force_login(committee_staff)
    html = page(client, f"{ORDERS}?status=<script>&page=abc")
    assert html.count('<tr id="order-') == 2
    assert "<script>&" not in html


def test_it_pages_by_twenty(client: Client, committee_staff: User, many_orders: Any) -> None:
    many_orders(21)
    client.force_login(committee_staff)
    first = page(client)
    assert first.count('<tr id="order-') == 20 and "第 1 / 2 页" in first
    assert page(client, f"{ORDERS}?page=2").count('<tr id="order-') == 1


def test_it_costs_the_same_queries_for_1_and_30_orders(
    client: Client, committee_staff: User, many_orders: Any
) -> None:
    many_orders(1)  # unpaid
    client.force_login(committee_staff)
    urls = [ORDERS, f"{ORDERS}?status=unpaid", f"{ORDERS}?q=申请人"]

    def cost(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    at_one = [cost(u) for u in urls]
    vary(many_orders(29), committee_staff)
    assert [cost(u) for u in urls] == at_one


def test_another_committees_orders_are_not_listed(
    client: Client, many_orders: Any, regions: dict
) -> None:
    many_orders(2)
    elsewhere = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    other = make_user("kashgar_staff", "committee_staff", committee=elsewhere)
    client.force_login(other)
    html = page(client)
    assert '<tr id="order-' not in html and "还没有缴费订单" in html
    assert totals(html) == {s: (0, Decimal(0)) for s in ("unpaid", "paid", "refunded")}


def test_passed_applications_without_an_order_can_be_given_one(
    client: Client, committee_staff: User, passed: Application, charging: ReviewCommittee
) -> None:
    client.force_login(committee_staff)
    html = page(client)
    assert "另有 1 份已通过形式审核的申请书尚未生成缴费订单" in html
    response = client.post(reverse("payments:generate"))
    assert response.status_code == 302
    order = PaymentOrder.objects.get()
    assert (order.application, order.amount) == (passed, Decimal("120"))
    after = page(client)
    assert "已生成 1 个缴费订单" in after and "尚未生成缴费订单" not in after


def test_only_committee_staff_may_open_it(
    client: Client, applicant: User, unit_admin: User, hr_admin: User
) -> None:
    for user in (applicant, unit_admin, hr_admin):
        client.force_login(user)
        assert client.get(ORDERS).status_code == 403
        assert client.post(reverse("payments:generate")).status_code == 403
