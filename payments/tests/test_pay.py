"""缴费: the applicant's page creates the order once and says how to pay."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from orgs.models import FeeRule, ReviewCommittee
from payments import actions
from payments.models import FeeAccount, PaymentOrder
from payments.tests.conftest import FEE, SandboxGateway

pytestmark = pytest.mark.django_db


def url(app: Application) -> str:
    return reverse("payments:pay", args=[app.pk])


def visit(client: Client, user: User, app: Application) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url(app))
    return response.status_code, response.content.decode()


def test_it_creates_the_order_once_with_the_committees_fee(
    client: Client, passed: Application, charging: ReviewCommittee, applicant: User
) -> None:
    status, page = visit(client, applicant, passed)
    assert status == 200
    order = PaymentOrder.objects.get()
    assert (order.application, order.committee, order.amount) == (passed, charging, FEE)
    assert (order.status, order.gateway) == ("unpaid", "offline")
    assert order.out_trade_no.startswith("JF") and len(order.out_trade_no) == 22
    for shown in (order.out_trade_no, "120.00 元", "未缴费", "银行转账", "转账附言（必填）"):
        assert shown in page, shown
    assert "中国工商银行乌鲁木齐市人民路支行" in page and "3002020109024912345" in page
    assert "请于通过形式审核后 10 个工作日内缴费。" in page
    _status, again = visit(client, applicant, passed)
    assert PaymentOrder.objects.count() == 1
    assert order.out_trade_no in again


def test_the_amount_is_fixed_when_the_order_is_made(
    client: Client, order: PaymentOrder, applicant: User, charging: ReviewCommittee
) -> None:
    FeeRule.objects.filter(committee=charging).update(amount=999)
    _status, page = visit(client, applicant, order.application)
    assert "120.00 元" in page and "999" not in page


def test_without_a_published_account_it_says_so(
    client: Client, passed: Application, charging: ReviewCommittee, applicant: User
) -> None:
    FeeAccount.objects.all().delete()
    status, page = visit(client, applicant, passed)
    assert status == 200
    assert "评审委员会尚未在平台公布收款账户" in page
    assert PaymentOrder.objects.get().out_trade_no in page


def test_before_formal_review_there_is_nothing_to_pay(
    client: Client, at_committee: Application, charging: ReviewCommittee, applicant: User
) -> None:
    status, page = visit(client, applicant, at_committee)
    assert status == 409
    assert "申请书通过形式审核后才能缴费。" in page
    assert not PaymentOrder.objects.exists()


def test_a_committee_that_charges_nothing_has_no_order(
    client: Client, passed: Application, applicant: User
) -> None:
    status, page = visit(client, applicant, passed)
    assert status == 409
    assert "该评审委员会不收取评审费，无需缴费。" in page
    assert not PaymentOrder.objects.exists()


def test_a_level_without_a_fee_rule_cannot_be_paid_yet(
    client: Client, passed: Application, charging: ReviewCommittee, applicant: User
) -> None:
    FeeRule.objects.filter(committee=charging).delete()
    status, page = visit(client, applicant, passed)
    assert status == 409
    assert "评审委员会尚未设置该级别的收费标准" in page
    assert not PaymentOrder.objects.exists()


def test_someone_elses_application_is_a_404(
    client: Client, passed: Application, charging: ReviewCommittee, outsider: User
) -> None:
    status, _page = visit(client, outsider, passed)
    assert status == 404
    assert not PaymentOrder.objects.exists()


def test_staff_and_anonymous_users_cannot_use_it(
    client: Client, passed: Application, charging: ReviewCommittee, committee_staff: User
) -> None:
    status, _page = visit(client, committee_staff, passed)
    assert status == 403
    client.logout()
    response = client.get(url(passed))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(url(passed)).status_code in (302, 405)
    assert not PaymentOrder.objects.exists()


def test_a_paid_order_shows_the_payment_and_no_instructions(
    client: Client, order: PaymentOrder, applicant: User, committee_staff: User
) -> None:
    actions.confirm_offline(committee_staff, order.pk, "ICBC20261122001", expected_version=None)
    _status, page = visit(client, applicant, order.application)
    assert "已缴费" in page and "ICBC20261122001" in page
    assert "转账附言" not in page and "评审费已缴纳，无需再缴费。" in page


def test_an_online_committee_without_a_gateway_pays_by_transfer(
    client: Client, passed: Application, charging: ReviewCommittee, applicant: User
) -> None:
    charging.fee_mode = ReviewCommittee.FeeMode.ONLINE
    charging.save()
    _status, page = visit(client, applicant, passed)
    assert PaymentOrder.objects.get().gateway == "offline"
    assert "网上缴费通道尚未开通" in page and "银行转账" in page


def test_an_online_committee_with_a_gateway_sends_the_applicant_there(
    client: Client,
    passed: Application,
    charging: ReviewCommittee,
    applicant: User,
    sandbox: SandboxGateway,
) -> None:
    charging.fee_mode = ReviewCommittee.FeeMode.ONLINE
    charging.save()
    _status, page = visit(client, applicant, passed)
    order = PaymentOrder.objects.get()
    assert order.gateway == "sandbox"
    assert f"https://sandbox.invalid/pay/{order.out_trade_no}" in page
    assert "网上缴费通道尚未开通" not in page
