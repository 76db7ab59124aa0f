"""The review fee waits on the applicant's 我的主页 until paid (ADR 0038): an unpaid order, or a
passed application of a charging committee that has no order yet; paid, refunded, free or
not yet fee-ruled applications do not. The queries do not grow with the applications."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from orgs.models import FeeRule, ReviewCommittee
from payments import actions
from payments.models import PaymentOrder
from testing.pages import signed_in, text

HOME = reverse("accounts:home")


def todo_of(html: str) -> str:
    return html.split('id="todo"', 1)[1].split("</section>", 1)[0]


def menu_entry(html: str, url_name: str) -> str:
    menu = html.split('class="side-menu"', 1)[1].split("</nav>", 1)[0]
    return menu.split(reverse(url_name) + '"', 1)[1].split("</li>", 1)[0]


def test_an_unpaid_order_waits_on_the_home_page(
    client: Client, passed: Application, charging: ReviewCommittee
) -> None:
    actions.ensure_order(passed.pk)
    html = text(signed_in(client, passed.applicant).get(HOME))
    todo = todo_of(html)
    assert f"申请书 {passed.number} 待缴评审费 120.00 元" in todo
    assert reverse("payments:pay", args=[passed.pk]) in todo
    assert 'class="todo-item todo-urgent"' in todo
    # 评审结果查询, where the fee's state shows, carries the count.
    assert '<span class="badge"' in menu_entry(html, "results:mine")


def test_a_fee_due_without_an_order_yet_waits_too(
    client: Client, passed: Application, charging: ReviewCommittee
) -> None:
    todo = todo_of(text(signed_in(client, passed.applicant).get(HOME)))
    assert f"申请书 {passed.number} 待缴评审费 120.00 元" in todo
    assert reverse("payments:pay", args=[passed.pk]) in todo
    assert not PaymentOrder.objects.exists()  # reading the home page makes no order


def test_a_paid_or_refunded_order_does_not(
    client: Client, passed: Application, charging: ReviewCommittee
) -> None:
    order = actions.ensure_order(passed.pk)
    for status in (PaymentOrder.Status.PAID, PaymentOrder.Status.REFUNDED):
        PaymentOrder.objects.filter(pk=order.pk).update(status=status)
        assert "待缴评审费" not in text(signed_in(client, passed.applicant).get(HOME))


def test_nothing_waits_where_the_committee_charges_nothing_or_set_no_fee(
    client: Client, passed: Application, charging: ReviewCommittee
) -> None:
    FeeRule.objects.filter(committee=charging).delete()
    assert "待缴评审费" not in text(signed_in(client, passed.applicant).get(HOME))
    ReviewCommittee.objects.filter(pk=charging.pk).update(fee_mode=ReviewCommittee.FeeMode.NONE)
    assert "待缴评审费" not in text(client.get(HOME))


def test_before_formal_review_nothing_is_due(
    client: Client, submitted: Application, charging: ReviewCommittee
) -> None:
    assert "待缴评审费" not in text(signed_in(client, submitted.applicant).get(HOME))


def test_another_applicants_fee_is_not_shown(
    client: Client, passed: Application, charging: ReviewCommittee, outsider: User
) -> None:
    assert "待缴评审费" not in text(signed_in(client, outsider).get(HOME))


def _home_queries(client: Client, app: Application) -> int:
    signed_in(client, app.applicant).get(HOME)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


def test_the_home_costs_the_same_with_1_or_12_fees_due(
    client: Client, passed: Application, charging: ReviewCommittee
) -> None:
    actions.ensure_order(passed.pk)
    one = _home_queries(client, passed)
    # Earlier years' passed applications (one a year per title), half with an unpaid order.
    for i in range(11):
        copy = Application.objects.get(pk=passed.pk)
        copy.pk, copy.number, copy.year = None, f"{passed.number}-{i}", passed.year - 1 - i
        copy.save()
        if i % 2:
            PaymentOrder.objects.create(
                application=copy,
                committee_id=copy.committee_id,
                out_trade_no=f"T{copy.pk:08d}",
                amount=Decimal("120.00"),
            )
    twelve = _home_queries(client, passed)
    assert todo_of(text(client.get(HOME))).count("待缴评审费") == 12
    assert one == twelve
