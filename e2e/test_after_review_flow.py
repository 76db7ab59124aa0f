"""Issue 4 in a real browser: after 通过形式审核 — the fee paid offline and confirmed, the
paper materials received, the meeting's vote, the publicity with an objection dismissed,
the 批文, and the certificate the holder prints and anyone checks from its QR link."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from applications.models import Application
from certificates.models import Certificate
from conftest import APPLICANT_ID, PASSWORD
from e2e.helpers import shot, submit_sign_in
from lib.idcard import mask_id_number
from orgs.models import FeeRule, ReviewCommittee
from payments.models import FeeAccount, PaymentOrder
from results.models import Meeting, MeetingResult, Objection, Publicity
from results.rules import shortest_end
from reviews import actions as review_actions

FEE = Decimal("260.00")
BANK_ACCOUNT = "3002001234567890123"
BANK_REFERENCE = "ICBC2026-000123"
AUTHORITY = "新疆维吾尔自治区人力资源和社会保障厅"

NewPage = Callable[[], Page]


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[NewPage]:
    """Pages in browser contexts of their own (one per person), closed after the test."""
    contexts = []
    js_errors: list[str] = []

    def make() -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: js_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    if js_errors:
        pytest.fail("JavaScript errors on the page:\n" + "\n".join(js_errors), pytrace=False)


def sign_in(page: Page, username: str) -> Page:
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (确定…？)
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, username)
    expect(page.locator("h1")).to_have_text("我的主页")
    return page


def open_menu(page: Page, label: str) -> None:
    page.click(f".side-menu a:text-is('{label}')")
    expect(page.locator("h1")).to_have_text(label)


def saved(page: Page, text: str) -> None:
    expect(page.locator(".message-success")).to_contain_text(text)


def fetch_pdf(page: Page, url: str) -> bytes:
    """A PDF link fetched with the page's cookies (page.goto would open the PDF viewer)."""
    response = page.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    body = response.body()
    assert body.startswith(b"%PDF")
    return body


def pdf_text(data: bytes) -> str:
    """What poppler's pdftotext reads, white space removed (letter-spacing splits words)."""
    command = ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"]
    done = subprocess.run(command, input=data, capture_output=True, check=True)  # noqa: S603,S607
    return "".join(done.stdout.decode().split())


def test_after_formal_review_to_a_verified_certificate(
    page: Page,
    new_page: NewPage,
    at_committee: Application,
    committee_staff: Any,
) -> None:
    committee = at_committee.committee
    ReviewCommittee.objects.filter(pk=committee.pk).update(fee_mode=ReviewCommittee.FeeMode.OFFLINE)
    FeeRule.objects.create(committee=committee, level=at_committee.level, amount=FEE)
    FeeAccount.objects.create(
        committee=committee,
        payee="乌鲁木齐市职称改革工作领导小组办公室",
        bank="中国工商银行乌鲁木齐新华北路支行",
        account_number=BANK_ACCOUNT,
        instructions="请于纸质材料报送截止日期前转账。",
    )
    app = review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
    assert app.number  # numbered on creation; the pages below name the application by it
    today = timezone.localdate()
    approval_number = f"新职改〔{today.year}〕12号"

    # 1. The applicant: 缴费 and the official 评审表 on 我的申请书.
    me = sign_in(page, "zhangsan")
    open_menu(me, "我的申请书")
    card = me.locator(f"#app-{app.pk}")
    expect(card).to_contain_text("已通过形式审核")
    expect(card.locator("a.pay-link")).to_have_text("缴费")
    review_form = card.locator("a:text-is('评审表打印')").get_attribute("href")
    assert review_form == reverse("documents:review_form", args=[app.pk])
    fetch_pdf(me, review_form)
    shot(me, "issue4-1-applications")
    card.locator("a.pay-link").click()
    expect(me.locator("h1")).to_have_text("缴费")
    order = PaymentOrder.objects.get(application=app)
    expect(me.locator("#order .trade-no")).to_have_text(order.out_trade_no)
    expect(me.locator("#order")).to_contain_text(f"{FEE} 元")
    expect(me.locator("#order-status")).to_have_text("未缴费")
    expect(me.locator("#how-to-pay")).to_contain_text(BANK_ACCOUNT)
    expect(me.locator("#how-to-pay")).to_contain_text(order.out_trade_no)
    shot(me, "issue4-1-pay")

    # 2. Committee staff confirm the bank transfer on 缴费对账.
    staff = sign_in(new_page(), "committee_staff")
    open_menu(staff, "缴费对账")
    row = staff.locator(f"#order-{order.pk}")
    expect(row).to_contain_text("张三")
    expect(row.locator(".order-status")).to_have_text("未缴费")
    row.locator("a:has-text('确认到账')").click()
    staff.fill("#id_reference", BANK_REFERENCE)
    staff.click("form.form button[type=submit]:has-text('确认到账')")
    saved(staff, f"订单 {order.out_trade_no} 已确认到账（流水号 {BANK_REFERENCE}）")
    row = staff.locator(f"#order-{order.pk}")
    expect(row.locator(".order-status")).to_have_text("已缴费")
    expect(row).to_contain_text(BANK_REFERENCE)
    shot(staff, "issue4-2-orders-paid")

    # 3. 纸质材料 received.
    open_menu(staff, "纸质材料")
    paper = staff.locator(f"#paper-{app.pk}")
    expect(paper.locator(".paper-status")).to_contain_text("尚未登记")
    paper.locator("select[name=status]").select_option("received")
    paper.locator("button:has-text('保存')").click()
    saved(staff, "纸质材料：已收到")
    expect(staff.locator(f"#paper-{app.pk} .paper-status")).to_contain_text("已收到")
    shot(staff, "issue4-3-papers")

    # 4. A meeting: the application added, the members present, the votes and 通过.
    meeting_name = f"{today.year}年度中级职称评审会议"
    open_menu(staff, "会议评审")
    staff.fill("#id_name", meeting_name)
    staff.fill("#id_held_on", today.isoformat())
    staff.fill("#id_members", "11")
    staff.click("#new-meeting button:has-text('创建会议')")
    expect(staff.locator("h1")).to_have_text(meeting_name)
    staff.click("a:has-text('增加申请书')")
    staff.check(f"#pick-{app.pk}")
    staff.click("button:has-text('列入本次会议')")
    saved(staff, "已将 1 份申请书列入本次会议")
    result = MeetingResult.objects.get(application=app)
    votes = staff.locator(f"#r-{result.pk}")
    votes.locator("input[name=members_present]").fill("9")
    votes.locator("input[name=votes_for]").fill("7")
    votes.locator("input[name=votes_against]").fill("1")
    votes.locator("input[name=votes_abstain]").fill("1")
    votes.locator("select[name=outcome]").select_option(label="通过")
    votes.locator("button:has-text('保存')").click()
    saved(staff, f"已保存申请书 {app.number} 的评审结果")
    expect(staff.locator("#meeting-counts")).to_contain_text("通过 1")
    expect(staff.locator("#meeting-counts")).to_contain_text("待录入 0")
    shot(staff, "issue4-4-meeting")

    # 5. 公示, from the meeting's 发布公示 button.
    publicity_title = f"{committee.name}{today.year}年度中级职称评审结果公示"
    staff.click("a:has-text('发布公示')")
    meeting = Meeting.objects.get(name=meeting_name)
    expect(staff.locator("#id_meeting")).to_have_value(str(meeting.pk))
    staff.fill("#id_title", publicity_title)
    staff.fill("#id_starts_on", today.isoformat())
    staff.fill("#id_ends_on", max(shortest_end(today), today + timedelta(days=6)).isoformat())
    staff.click("#new-publicity button:has-text('发布公示')")
    expect(staff.locator("h1")).to_have_text(publicity_title)
    expect(staff.locator("#entry-list")).to_contain_text("张三")
    shot(staff, "issue4-5-publicity")
    publicity = Publicity.objects.get(meeting=meeting)

    # Anyone reads the list (the name, no ID number) and lodges an objection.
    public = new_page()
    public.goto("/")
    public.click("footer a:has-text('评审结果公示')")
    public.click(f"#current-list a:has-text('{publicity_title}')")
    expect(public.locator("#public-entries")).to_contain_text("张三")
    expect(public.locator("#public-entries")).to_contain_text("新疆财经大学")
    assert APPLICANT_ID not in public.content()
    assert mask_id_number(APPLICANT_ID) not in public.content()
    public.select_option("#id_entry", label="张三（新疆财经大学）")
    public.fill("#id_name", "王五")
    public.fill("#id_contact", "13912345678")
    public.fill("#id_text", "据了解，该同志申报材料中一篇论文的发表时间与期刊记录不符，请核实。")
    public.click("#objection button:has-text('提交异议')")
    saved(public, "您的异议已提交")
    shot(public, "issue4-5-public-objection")

    # Staff dismiss it with a note.
    open_menu(staff, "异议处理")
    objection = Objection.objects.get(entry__publicity=publicity)
    box = staff.locator(f"#objection-{objection.pk}")
    expect(box).to_contain_text("王五 · 13912345678")
    expect(box).to_contain_text("发表时间与期刊记录不符")
    box.locator("input[name=decision][value=dismiss]").check()
    box.locator("textarea[name=note]").fill("经核实，论文发表时间与期刊版权页一致，异议不成立。")
    box.locator("button:has-text('提交处理意见')").click()
    saved(staff, "已处理：对 张三 的异议不成立")
    expect(staff.locator("#objection-list")).to_have_text("没有待处理的异议。")
    staff.goto(reverse("results:objections") + "?status=all")
    expect(staff.locator(f"#objection-{objection.pk}")).to_contain_text("异议不成立")
    shot(staff, "issue4-5-objection-dismissed")

    # The test fast-forwards time: a 批文 may only be issued once the publicity period is
    # over, so the period is moved into the past instead of waiting a week.
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=today - timedelta(days=10), ends_on=today - timedelta(days=4)
    )

    # 6. The 批文.
    open_menu(staff, "批文")
    staff.select_option("#id_publicity", str(publicity.pk))
    staff.fill("#id_number", approval_number)
    expect(staff.locator("#id_issued_on")).to_have_value(today.isoformat())
    staff.fill("#id_authority", AUTHORITY)
    staff.click("#issue button:has-text('发文')")
    saved(staff, f"已发文 {approval_number}，共 1 人")
    expect(staff.locator("h1")).to_have_text(approval_number)
    expect(staff.locator("#approval-entries")).to_contain_text(app.number)
    shot(staff, "issue4-6-approval")
    certificate = Certificate.objects.get(application=app)

    # 7. The applicant: 评审结果查询, then the certificate and its PDF.
    open_menu(me, "评审结果查询")
    outcome = me.locator(f"#result-{app.pk}")
    expect(outcome.locator(".payment-status")).to_have_text("已缴费")
    expect(outcome.locator(".paper-status")).to_have_text("已收到")
    expect(outcome.locator(".meeting-result")).to_contain_text(f"通过 {meeting_name}")
    expect(outcome.locator(".meeting-result")).to_contain_text(
        "出席委员 9 人：赞成 7 票，反对 1 票，弃权 1 票"
    )
    expect(outcome.locator(".publicity-status")).to_contain_text("公示期满")
    expect(outcome.locator(".approval-status")).to_contain_text(f"{AUTHORITY} {approval_number}")
    shot(me, "issue4-7-results")

    open_menu(me, "我的职称电子证书")
    cert_row = me.locator(f"#cert-{certificate.pk}")
    expect(cert_row).to_contain_text(certificate.number)
    # The holder sees their own number whole (lib.visibility); staff see it masked.
    expect(cert_row).to_contain_text(APPLICANT_ID)
    expect(cert_row).to_contain_text(approval_number)
    shot(me, "issue4-7-certificates")
    pdf_url = cert_row.locator("a:text-is('打印')").get_attribute("href")
    assert pdf_url == reverse("certificates:pdf", args=[certificate.pk])
    assert certificate.number in pdf_text(fetch_pdf(me, pdf_url))

    # 8. Anyone who scans the QR code: 有效, and the ID number masked.
    qr_link = reverse("certificates:verify_token", args=[certificate.token])
    cert_row.locator("a:text-is('查看')").click()
    assert (me.locator("a:has-text('打开查验页面')").get_attribute("href") or "").endswith(qr_link)
    checker = new_page()
    checker.goto(qr_link)
    verdict = checker.locator("#verify-result")
    expect(verdict.locator("h2")).to_have_text("查验结果：证书有效")
    expect(verdict.locator(".cert-status")).to_have_text("有效")
    expect(verdict.locator(".cert-number")).to_have_text(certificate.number)
    expect(verdict.locator(".cert-id")).to_have_text(mask_id_number(APPLICANT_ID))
    assert APPLICANT_ID not in checker.content()
    shot(checker, "issue4-8-verify")
