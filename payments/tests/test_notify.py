"""payments:notify — a gateway's signed notification, verified, logged and applied once."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from payments import actions
from payments.models import PaymentNotice, PaymentOrder
from payments.tests.conftest import fresh, notice_body, post_notify, sign

pytestmark = pytest.mark.django_db


def test_a_signed_notification_pays_the_order(client: Client, online_order: PaymentOrder) -> None:
    response = post_notify(client, notice_body(online_order))
    assert response.status_code == 200
    assert response.json() == {"code": "paid", "message": "payment recorded"}
    order = fresh(online_order)
    assert (order.status, order.reference, order.version) == ("paid", "SBX-7788", 2)
    assert order.paid_at is not None and order.confirmed_by is None
    notice = PaymentNotice.objects.get()
    assert (notice.gateway, notice.notify_id, notice.out_trade_no) == (
        "sandbox",
        "N20260001",
        online_order.out_trade_no,
    )
    assert notice.signature_ok and notice.outcome == "paid"
    assert notice.payload["reference"] == "SBX-7788"


def test_the_same_notification_twice_pays_once(client: Client, online_order: PaymentOrder) -> None:
    body = notice_body(online_order)
    post_notify(client, body)
    paid = fresh(online_order)
    again = post_notify(client, body)
    assert again.status_code == 200
    assert again.json()["code"] == "already_processed"
    after = fresh(online_order)
    assert (after.version, after.paid_at, after.reference) == (
        paid.version,
        paid.paid_at,
        "SBX-7788",
    )
    assert PaymentNotice.objects.filter(signature_ok=True).count() == 1


def test_another_notification_of_the_same_payment_is_already_processed(
    client: Client, online_order: PaymentOrder
) -> None:
    post_notify(client, notice_body(online_order))
    again = post_notify(client, notice_body(online_order, notify_id="N20260002"))
    assert again.status_code == 200 and again.json()["code"] == "already_processed"
    assert fresh(online_order).version == 2


def test_a_tampered_body_is_refused_and_logged(client: Client, online_order: PaymentOrder) -> None:
    signed = notice_body(online_order, amount="0.01")
    tampered = signed.replace(b'"0.01"', b'"120.00"')
    response = post_notify(client, tampered, signature=sign(signed))
    assert response.status_code == 400 and response.json()["code"] == "bad_signature"
    assert fresh(online_order).status == "unpaid" and fresh(online_order).version == 1
    notice = PaymentNotice.objects.get()
    assert notice.signature_ok is False and notice.outcome == "bad_signature"
    assert notice.notify_id == "N20260001" and notice.payload["amount"] == "120.00"


def test_a_wrong_or_missing_signature_is_refused(
    client: Client, online_order: PaymentOrder
) -> None:
    body = notice_body(online_order)
    for signature in ("", "00" * 32, sign(body, secret="someone-elses-secret"), "not hex"):
        response = post_notify(client, body, signature=signature)
        assert response.status_code == 400, signature
    assert fresh(online_order).status == "unpaid"
    assert PaymentNotice.objects.filter(signature_ok=False).count() == 4
    assert not PaymentNotice.objects.filter(signature_ok=True).exists()


def test_an_uppercase_signature_is_accepted(client: Client, online_order: PaymentOrder) -> None:
    body = notice_body(online_order)
    assert post_notify(client, body, signature=sign(body).upper()).status_code == 200


def test_an_amount_that_does_not_match_is_refused_every_time(
    client: Client, online_order: PaymentOrder
) -> None:
    body = notice_body(online_order, amount="12.00")
    for _ in range(2):
        response = post_notify(client, body)
        assert response.status_code == 409 and response.json()["code"] == "amount_mismatch"
    assert fresh(online_order).status == "unpaid"
    assert list(PaymentNotice.objects.values_list("outcome", "signature_ok")) == [
        ("amount_mismatch", True)
    ]


def test_a_numeric_amount_is_read_exactly(client: Client, online_order: PaymentOrder) -> None:
    body = json.dumps(
        {
            "notify_id": "N1",
            "out_trade_no": online_order.out_trade_no,
            "amount": 120,
            "status": "paid",
            "reference": "SBX-1",
        }
    ).encode()
    assert post_notify(client, body).status_code == 200
    assert fresh(online_order).status == "paid"


def test_an_unknown_order_is_a_404(client: Client, online_order: PaymentOrder) -> None:
    response = post_notify(client, notice_body(online_order, out_trade_no="JF000000000000000000"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unknown_order"
    assert PaymentNotice.objects.get().outcome == "unknown_order"


def test_an_unknown_gateway_is_a_404_and_not_stored(
    client: Client, online_order: PaymentOrder
) -> None:
    response = post_notify(client, notice_body(online_order), gateway="nosuchpay")
    assert response.status_code == 404 and response.json()["code"] == "unknown_gateway"
    assert not PaymentNotice.objects.exists()
    assert fresh(online_order).status == "unpaid"


def test_the_offline_channel_takes_no_notifications(client: Client, order: PaymentOrder) -> None:
    response = post_notify(client, notice_body(order), gateway="offline")
    assert response.status_code == 404 and response.json()["code"] == "not_supported"
    assert fresh(order).status == "unpaid"


def test_a_notification_for_an_order_of_another_channel_is_refused(
    client: Client, order: PaymentOrder, sandbox: object
) -> None:
    response = post_notify(client, notice_body(order))
    assert response.status_code == 409 and response.json()["code"] == "gateway_mismatch"
    assert fresh(order).status == "unpaid"


def test_a_paid_or_refunded_order_is_not_paid_again(
    client: Client, online_order: PaymentOrder, committee_staff: User
) -> None:
    post_notify(client, notice_body(online_order))
    second = post_notify(client, notice_body(online_order, notify_id="N2", reference="SBX-9999"))
    assert second.status_code == 409 and second.json()["code"] == "order_not_unpaid"
    actions.refund(committee_staff, online_order.pk, "重复缴费，退回", expected_version=None)
    third = post_notify(client, notice_body(online_order, notify_id="N3"))
    assert third.status_code == 409 and third.json()["code"] == "order_not_unpaid"
    order = fresh(online_order)
    assert (order.status, order.reference) == ("refunded", "SBX-7788")


def test_a_status_other_than_paid_changes_nothing(
    client: Client, online_order: PaymentOrder
) -> None:
    response = post_notify(client, notice_body(online_order, status="closed"))
    assert response.status_code == 200 and response.json()["code"] == "ignored"
    assert fresh(online_order).status == "unpaid"


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b"[1, 2, 3]",
        b'{"notify_id": "N1"}',
        b'{"notify_id": "N1", "out_trade_no": "JF1", "amount": "abc", "status": "paid", "reference": "R"}',
        b'{"notify_id": "N1", "out_trade_no": "JF1", "amount": "NaN", "status": "paid", "reference": "R"}',
        b'{"notify_id": "N1", "out_trade_no": "JF1", "amount": true, "status": "paid", "reference": "R"}',
        b'{"notify_id": "", "out_trade_no": "JF1", "amount": "1", "status": "paid", "reference": "R"}',
    ],
)
def test_a_signed_but_malformed_body_is_refused(
    client: Client, online_order: PaymentOrder, body: bytes
) -> None:
    response = post_notify(client, body)
    assert response.status_code == 400 and response.json()["code"] == "malformed"
    assert fresh(online_order).status == "unpaid"
    assert PaymentNotice.objects.get().outcome == "malformed"


def test_an_oversized_body_is_refused(client: Client, online_order: PaymentOrder) -> None:
    body = notice_body(online_order, padding="x" * 20_000)
    response = post_notify(client, body)
    assert response.status_code == 400 and response.json()["code"] == "too_large"
    assert fresh(online_order).status == "unpaid"


@override_settings(PAYMENT_NOTIFY_SECRET="")
def test_without_a_secret_every_notification_is_refused(
    client: Client, online_order: PaymentOrder
) -> None:
    body = notice_body(online_order)
    response = post_notify(client, body, signature=sign(body, secret=""))
    assert response.status_code == 503 and response.json()["code"] == "not_configured"
    assert fresh(online_order).status == "unpaid"


def test_it_needs_no_csrf_token_and_only_takes_post(online_order: PaymentOrder) -> None:
    client = Client(enforce_csrf_checks=True)
    assert post_notify(client, notice_body(online_order)).status_code == 200
    assert client.get(reverse("payments:notify", args=["sandbox"])).status_code == 405
