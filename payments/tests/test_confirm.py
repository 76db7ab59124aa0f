"""确认到账: committee staff record a bank transfer's reference for an unpaid order."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import make_user
from orgs.models import ReviewCommittee
from payments import actions
from payments.models import PaymentOrder
from payments.tests.conftest import fresh

pytestmark = pytest.mark.django_db


def url(order: PaymentOrder) -> str:
    return reverse("payments:confirm", args=[order.pk])


def post(client: Client, staff: User, order: PaymentOrder, reference: str, version: int = 1) -> Any:
    client.force_login(staff)
    response = client.post(url(order), {"reference": reference, "version": version})
    return response


def test_it_confirms_an_unpaid_order(
    client: Client, order: PaymentOrder, committee_staff: User
) -> None:
    client.force_login(committee_staff)
    page = client.get(url(order)).content.decode()
    assert order.out_trade_no in page and "120.00 元" in page and "确认到账" in page
    response = post(client, committee_staff, order, "  ｉｃｂｃ２０２６１１２２００１ ")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?status=paid#order-{order.pk}")
    done = fresh(order)
    assert (done.status, done.reference, done.gateway) == ("paid", "ICBC20261122001", "offline")
    assert done.confirmed_by == committee_staff and done.paid_at is not None
    assert done.version == 2
    listing = client.get(response["Location"]).content.decode()
    assert "已确认到账（流水号 ICBC20261122001）" in listing


def test_an_already_paid_order_cannot_be_confirmed_again(
    client: Client, order: PaymentOrder, committee_staff: User
) -> None:
    actions.confirm_offline(committee_staff, order.pk, "REF-0001", expected_version=None)
    paid = fresh(order)
    response = post(client, committee_staff, order, "REF-0002", version=paid.version)
    assert response.status_code == 409
    assert "该订单已缴费，不能再次确认到账。" in response.content.decode()
    after = fresh(order)
    assert (after.reference, after.version, after.paid_at) == (
        "REF-0001",
        paid.version,
        paid.paid_at,
    )
    page = client.get(url(order)).content.decode()
    assert "不能再次确认到账" in page and 'name="reference"' not in page


def test_a_reference_used_for_another_order_is_refused(
    client: Client,
    order: PaymentOrder,
    committee_staff: User,
    many_orders,
) -> None:
    (other,) = many_orders(1)
    actions.confirm_offline(committee_staff, other.pk, "ICBC-555", expected_version=None)
    response = post(client, committee_staff, order, "icbc-555")
    assert response.status_code == 409
    assert f"银行流水号 ICBC-555 已用于订单 {other.out_trade_no}" in response.content.decode()
    assert fresh(order).status == "unpaid"


def test_a_stale_page_is_refused(
    client: Client, order: PaymentOrder, committee_staff: User
) -> None:
    response = post(client, committee_staff, order, "REF-0001", version=7)
    assert response.status_code == 409
    assert "该订单已在其他窗口或由他人处理" in response.content.decode()
    assert fresh(order).status == "unpaid"


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "请填写银行流水号（交易参考号）。"),
        ("   ", "请填写银行流水号（交易参考号）。"),
        ("<script>", "银行流水号只能由字母、数字和 - _ / 组成"),
        ("AB1", "长度 4 到 64 位"),
        ("REF\u202e0001", "银行流水号只能由字母、数字和 - _ / 组成"),
        ("R" * 70, "长度 4 到 64 位"),
    ],
)
def test_a_bad_reference_is_refused_beside_the_field(
    client: Client, order: PaymentOrder, committee_staff: User, reference: str, message: str
) -> None:
    response = post(client, committee_staff, order, reference)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'id="field-reference"' in page
    assert fresh(order).status == "unpaid" and fresh(order).version == 1


def test_staff_of_another_committee_get_a_404(
    client: Client, order: PaymentOrder, regions: dict
) -> None:
    elsewhere = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    other = make_user("kashgar_staff", "committee_staff", committee=elsewhere)
    client.force_login(other)
    assert client.get(url(order)).status_code == 404
    assert post(client, other, order, "REF-0001").status_code == 404
    assert fresh(order).status == "unpaid"


def test_other_roles_are_refused(
    client: Client, order: PaymentOrder, applicant: User, unit_admin: User
) -> None:
    for user in (applicant, unit_admin):
        assert post(client, user, order, "REF-0001").status_code == 403
    assert fresh(order).status == "unpaid"


def test_an_unknown_order_is_a_404(client: Client, committee_staff: User) -> None:
    client.force_login(committee_staff)
    assert client.get(reverse("payments:confirm", args=[424242])).status_code == 404
