"""Every (order status, action) pair: what is allowed moves the order, the rest changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from lib.refusal import Refused
from payments import actions
from payments.models import PaymentOrder
from payments.tests.conftest import fresh, notice_body, post_notify

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("unpaid", "confirm"): "paid",
    ("unpaid", "notify"): "paid",
    ("paid", "refund"): "refunded",
}


def put_in(order: PaymentOrder, status: str, staff: User) -> PaymentOrder:
    if status in ("paid", "refunded"):
        actions.confirm_offline(staff, order.pk, "SETUP-0001", expected_version=None)
    if status == "refunded":
        actions.refund(staff, order.pk, "准备测试数据", expected_version=None)
    return fresh(order)


@pytest.mark.parametrize("status", ["unpaid", "paid", "refunded"])
@pytest.mark.parametrize("action", ["confirm", "refund", "notify"])
def test_each_action_from_each_status(
    client: Client, online_order: PaymentOrder, committee_staff: User, status: str, action: str
) -> None:
    before = put_in(online_order, status, committee_staff)
    allowed = (status, action) in ALLOWED
    if action == "notify":
        response = post_notify(client, notice_body(before, notify_id=f"N-{status}"))
        assert (response.status_code == 200) == allowed, response.json()
    else:
        try:
            if action == "confirm":
                actions.confirm_offline(
                    committee_staff, before.pk, "WALK-0001", expected_version=before.version
                )
            else:
                actions.refund(
                    committee_staff, before.pk, "逐项检查退费", expected_version=before.version
                )
            refused = False
        except Refused:
            refused = True
        assert refused is not allowed
    after = fresh(online_order)
    if allowed:
        assert after.status == ALLOWED[(status, action)]
        assert after.version == before.version + 1
    else:
        assert (after.status, after.version, after.reference, after.paid_at, after.refunded_at) == (
            before.status,
            before.version,
            before.reference,
            before.paid_at,
            before.refunded_at,
        )
