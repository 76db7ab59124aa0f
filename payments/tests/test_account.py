"""收款账户: committee staff publish the bank account shown on the 缴费 page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from orgs.models import ReviewCommittee
from payments.models import FeeAccount

pytestmark = pytest.mark.django_db

URL = reverse("payments:account")
GOOD = {
    "payee": "乌鲁木齐市人力资源和社会保障局",
    "bank": "中国建设银行乌鲁木齐分行",
    "account_number": "6500 1234 5678 9012",
    "instructions": "请在通过形式审核后 10 日内转账。",
}


def test_it_saves_the_account_and_the_pay_page_shows_it(
    client: Client,
    committee_staff: User,
    committee: ReviewCommittee,
    passed: Application,
    applicant: User,
) -> None:
    committee.fee_mode = ReviewCommittee.FeeMode.OFFLINE
    committee.save()
    from orgs.models import FeeRule

    FeeRule.objects.create(committee=committee, level=2, amount=100)
    client.force_login(committee_staff)
    assert client.post(URL, GOOD).status_code == 302
    account = FeeAccount.objects.get()
    assert (account.committee, account.account_number, account.updated_by) == (
        committee,
        "6500123456789012",
        committee_staff,
    )
    assert "6500123456789012" in client.get(URL).content.decode()
    client.force_login(applicant)
    page = client.get(reverse("payments:pay", args=[passed.pk])).content.decode()
    assert "中国建设银行乌鲁木齐分行" in page and "请在通过形式审核后 10 日内转账。" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("account_number", "6500-ABCD", "银行账号应为 8 到 32 位数字。"),
        ("account_number", "１２３", "银行账号应为 8 到 32 位数字。"),
        ("payee", "<script>alert(1)</script>", "不能含有 &lt; 或 &gt; 符号"),
        ("bank", "银行\u202e名称", "不可见的控制字符"),
        ("payee", "   ", "这个字段是必填项"),
    ],
)
def test_bad_input_is_refused_beside_the_field(
    client: Client, committee_staff: User, field: str, value: str, message: str
) -> None:
    client.force_login(committee_staff)
    response = client.post(URL, {**GOOD, field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("has-error") : html.find("has-error") + 600]
    assert GOOD["instructions"] in html  # what was typed is kept
    assert not FeeAccount.objects.exists()


def test_only_committee_staff_may_edit_it(
    client: Client, applicant: User, unit_admin: User
) -> None:
    for user in (applicant, unit_admin):
        client.force_login(user)
        assert client.post(URL, GOOD).status_code == 403
    assert not FeeAccount.objects.exists()
