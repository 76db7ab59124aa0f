"""退费: committee staff record the refund of a paid order, with a reason, after confirming."""

from __future__ import annotations

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

REASON = "申请人撤回申请，经评审委员会同意退费。"


def url(order: PaymentOrder) -> str:
    return reverse("payments:refund", args=[order.pk])


@pytest.fixture
def paid(order: PaymentOrder, committee_staff: User) -> PaymentOrder:
    return actions.confirm_offline(committee_staff, order.pk, "REF-0001", expected_version=None)


def post(client: Client, staff: User, order: PaymentOrder, **data: object) -> object:
    client.force_login(staff)
    form = {"reason": REASON, "sure": "on", "version": order.version, **data}
    return client.post(url(order), form)


def test_it_refunds_a_paid_order_after_confirmation(
    client: Client, paid: PaymentOrder, committee_staff: User
) -> None:
    client.force_login(committee_staff)
    page = client.get(url(paid)).content.decode()
    assert "登记退费后订单变为“已退费”，不能撤销" in page and 'name="sure"' in page
    response = post(client, committee_staff, paid)
    assert response.status_code == 302  # type: ignore[attr-defined]
    done = fresh(paid)
    assert (done.status, done.refund_reason, done.refunded_by) == (
        "refunded",
        REASON,
        committee_staff,
    )
    assert done.refunded_at is not None and done.reference == "REF-0001"
    listing = client.get(response["Location"]).content.decode()  # type: ignore[index]
    assert "已登记退费" in listing and REASON in listing


def test_without_the_confirmation_box_nothing_happens(
    client: Client, paid: PaymentOrder, committee_staff: User
) -> None:
    response = post(client, committee_staff, paid, sure="")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "请勾选确认后再登记退费。" in response.content.decode()  # type: ignore[attr-defined]
    assert REASON in response.content.decode()  # type: ignore[attr-defined]  # kept as typed
    assert fresh(paid).status == "paid"


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "请填写退费原因。"),
        ("          ", "请填写退费原因"),
        ("退费", "请填写退费原因（至少 4 个字）。"),
        ("退" * 201, "200"),
        ("重复\u202e缴费退回", "控制字符"),
    ],
)
def test_a_bad_reason_is_refused(
    client: Client, paid: PaymentOrder, committee_staff: User, reason: str, message: str
) -> None:
    response = post(client, committee_staff, paid, reason=reason)
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert fresh(paid).status == "paid"


def test_an_unpaid_order_cannot_be_refunded(
    client: Client, order: PaymentOrder, committee_staff: User
) -> None:
    response = post(client, committee_staff, order)
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "该订单未缴费，只有已缴费的订单可以退费。" in response.content.decode()  # type: ignore[attr-defined]
    assert fresh(order).status == "unpaid" and fresh(order).refunded_at is None


def test_a_refunded_order_cannot_be_refunded_again(
    client: Client, paid: PaymentOrder, committee_staff: User
) -> None:
    actions.refund(committee_staff, paid.pk, REASON, expected_version=None)
    once = fresh(paid)
    response = post(client, committee_staff, once, reason="再次退费试试看")
    assert response.status_code == 409  # type: ignore[attr-defined]
    after = fresh(paid)
    assert (after.refund_reason, after.version) == (REASON, once.version)


def test_staff_of_another_committee_get_a_404(
    client: Client, paid: PaymentOrder, regions: dict
) -> None:
    elsewhere = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    other = make_user("kashgar_staff", "committee_staff", committee=elsewhere)
    assert post(client, other, paid).status_code == 404  # type: ignore[attr-defined]
    assert fresh(paid).status == "paid"
