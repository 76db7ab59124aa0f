"""The fee world: the application world of testing/worlds.py, a committee that charges,
and helpers to sign gateway notifications."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from applications.models import Application, Status
from catalog.models import Level, Specialty, Title
from orgs.models import BaseUnit, FeeRule, ReviewCommittee
from payments import actions, gateways
from payments.models import FeeAccount, PaymentOrder
from testing.worlds import submit_many

FEE = Decimal("120.00")


@pytest.fixture
def charging(committee: ReviewCommittee) -> ReviewCommittee:
    """The committee charges 120 元 for 中级 by bank transfer and has published its account."""
    committee.fee_mode = ReviewCommittee.FeeMode.OFFLINE
    committee.save()
    FeeRule.objects.create(committee=committee, level=Level.INTERMEDIATE, amount=FEE)
    FeeRule.objects.create(committee=committee, level=Level.ASSOCIATE_SENIOR, amount=Decimal("240"))
    FeeAccount.objects.create(
        committee=committee,
        payee="乌鲁木齐市人力资源和社会保障局",
        bank="中国工商银行乌鲁木齐市人民路支行",
        account_number="3002020109024912345",
        instructions="请于通过形式审核后 10 个工作日内缴费。",
    )
    return committee


@pytest.fixture
def order(passed: Application, charging: ReviewCommittee) -> PaymentOrder:
    return actions.ensure_order(passed.pk)


class SandboxGateway(gateways.SignedNotifyGateway):
    """A stand-in online gateway for tests: it never takes money."""

    name = "sandbox"
    label = "测试网关"

    def start(self, order: PaymentOrder) -> gateways.Redirect:
        return gateways.Redirect(f"https://sandbox.invalid/pay/{order.out_trade_no}", "去支付")


@pytest.fixture
def sandbox() -> Iterator[SandboxGateway]:
    gateway = SandboxGateway()
    gateways.register(gateway)
    yield gateway
    gateways.GATEWAYS.pop(gateway.name, None)


@pytest.fixture
def online_order(
    passed: Application, charging: ReviewCommittee, sandbox: SandboxGateway
) -> PaymentOrder:
    charging.fee_mode = ReviewCommittee.FeeMode.ONLINE
    charging.save()
    return actions.ensure_order(passed.pk)


def sign(body: bytes, secret: str | None = None) -> str:
    key = (secret if secret is not None else settings.PAYMENT_NOTIFY_SECRET).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def notice_body(order: PaymentOrder, **changes: Any) -> bytes:
    payload: dict[str, Any] = {
        "notify_id": "N20260001",
        "out_trade_no": order.out_trade_no,
        "amount": str(order.amount),
        "status": "paid",
        "reference": "SBX-7788",
    }
    payload.update(changes)
    return json.dumps(payload, ensure_ascii=False).encode()


def post_notify(
    client: Client, body: bytes, *, gateway: str = "sandbox", signature: str | None = None
) -> Any:
    headers = {"X-Signature": sign(body) if signature is None else signature}
    return client.post(
        reverse("payments:notify", args=[gateway]),
        data=body,
        content_type="application/json",
        headers=headers,
    )


def fresh(order: PaymentOrder) -> PaymentOrder:
    return PaymentOrder.objects.get(pk=order.pk)


def passed_many(
    n: int, *, qualification: Title, field: Specialty, unit: BaseUnit, start: int = 0
) -> list[Application]:
    """n submitted applications marked 通过形式审核 directly (list tests need only their rows)."""
    apps = submit_many(n, qualification=qualification, field=field, unit=unit, start=start)
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(status=Status.PASSED)
    return apps


@pytest.fixture
def many_orders(
    chain_world: ReviewCommittee,
    charging: ReviewCommittee,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> Any:
    """A factory: many_orders(n) makes n more passed applications with unpaid orders."""
    made: list[PaymentOrder] = []

    def make(n: int) -> list[PaymentOrder]:
        apps = passed_many(n, qualification=title, field=specialty, unit=unit_a, start=len(made))
        orders = [actions.ensure_order(a.pk) for a in apps]
        made.extend(orders)
        return orders

    return make
