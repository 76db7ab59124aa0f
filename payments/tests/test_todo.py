"""An unpaid order waits on the applicant's 我的主页 (ADR 0038); a paid one does not."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from applications.models import Application
from payments.models import PaymentOrder
from testing.pages import signed_in


def _order(app: Application, status: str) -> PaymentOrder:
    return PaymentOrder.objects.create(
        application=app,
        committee_id=app.committee_id,
        out_trade_no=f"T{app.pk:08d}",
        amount=Decimal("300.00"),
        status=status,
    )


def test_an_unpaid_order_waits_on_the_home_page(client: Client, passed: Application) -> None:
    _order(passed, PaymentOrder.Status.UNPAID)
    html = signed_in(client, passed.applicant).get(reverse("accounts:home")).content.decode()
    todo = html.split('id="todo"', 1)[1].split("</section>", 1)[0]
    assert f"申请书 {passed.number} 待缴评审费 300.00 元" in todo
    assert reverse("payments:pay", args=[passed.pk]) in todo


def test_a_paid_order_does_not(client: Client, passed: Application) -> None:
    _order(passed, PaymentOrder.Status.PAID)
    html = signed_in(client, passed.applicant).get(reverse("accounts:home")).content.decode()
    assert "待缴评审费" not in html
