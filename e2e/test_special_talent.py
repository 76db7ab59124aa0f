"""特殊人才认定 in a real browser, from the applicant's own menu to the certificate: 正高 only,
the seed's chain (基层工作单位 → 地厅级材料接收部门 → 评审机构 → 通过形式审核), the 呈报表,
and a 批文 issued directly by the committee — no meeting, no publicity."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import Application, Status
from certificates.models import Certificate
from e2e.helpers import shot
from e2e.test_after_review_flow import (  # noqa: F401 - new_page is a fixture
    AUTHORITY,
    NewPage,
    fetch_pdf,
    new_page,
    open_menu,
    pdf_text,
    saved,
    sign_in,
)
from results.models import ApprovalDocument


def handle_first(page: Page) -> None:
    page.goto("/reviews/")
    page.click("a:has-text('办理')")
    expect(page.locator("#actions")).to_be_visible()


def choose_qualification(me: Page, title_label: str) -> None:
    me.select_option("#id_series", label="社会科学研究")
    me.select_option("#id_title", label=title_label)
    me.select_option("#id_specialty", label="经济学")
    me.fill("#id_q", "财经")
    me.click("button:has-text('搜索')")
    me.check("input[name=unit]")
    expect(me.locator("input[name=committee]:checked")).to_have_count(1)


def test_special_talent_from_application_to_certificate(
    page: Page,
    new_page: NewPage,  # noqa: F811
    types_world: Any,  # noqa: F811
    applicant: Any,
    unit_admin: Any,
    dept_reviewer: Any,
    committee_staff: Any,
) -> None:
    approval_number = f"新职改〔{timezone.localdate().year}〕8号"

    # 1. The applicant's own menu: 填报帮助, then 新增【特殊人才认定】申请书 — only 正高 is offered.
    me = sign_in(page, "zhangsan")
    me.click(".side-menu a:text-is('填报帮助')")
    expect(me.locator("h1")).to_have_text("特殊人才认定 填报帮助")
    expect(me.locator("#special-basis")).to_contain_text("新人社发〔2012〕85号文件第四条")
    shot(me, "issue5-special-1-help")
    open_menu(me, "新增【特殊人才认定】申请书")
    expect(me.locator("#special-senior-only")).to_contain_text("特殊人才认定只能申报正高级职称")
    me.select_option("#id_series", label="社会科学研究")
    expect(me.locator("#id_title option[value]:not([value=''])")).to_have_text(["[正高] 研究员"])
    shot(me, "issue5-special-1-senior-only")
    choose_qualification(me, "[正高] 研究员")
    me.click("button:has-text('确定新增申请书')")
    app = Application.objects.get(applicant=applicant)
    assert app.business_type == "special" and app.level == 4

    # 2. Fill the section and submit to the unit.
    me.goto(f"/applications/{app.pk}/sections/basic/")
    me.select_option("#id_sex", "男")
    me.click("button[name=save]")
    expect(me.locator(".message-success")).to_be_visible()
    me.goto(f"/applications/{app.pk}/edit/")
    me.click("button:has-text('提交至工作单位')")
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    assert app.chain_labels() == [
        "申请人",
        "基层工作单位",
        "地厅级材料接收部门",
        "评审机构",
        "通过形式审核",
    ]

    # 3. The unit recommends and passes it; the department and the committee pass it.
    unit = sign_in(new_page(), "unit_a_admin")
    handle_first(unit)
    unit.click("a:has-text('单位推荐意见')")
    unit.fill("#id_opinion", "该同志在本领域作出突出贡献，材料真实，同意推荐认定正高级职称。")
    unit.click("form button:has-text('保存')")
    expect(unit.locator("#rec-state")).not_to_contain_text("尚未保存")
    unit.click("#pass-button")
    dept = sign_in(new_page(), "dept_reviewer")
    handle_first(dept)
    dept.click("#pass-button")
    staff = sign_in(new_page(), "committee_staff")
    handle_first(staff)
    staff.click("#pass-button")
    app.refresh_from_db()
    assert app.status == Status.PASSED

    # 4. 我的【特殊人才认定】申请书: passed, with 呈报表打印.
    open_menu(me, "我的【特殊人才认定】申请书")
    card = me.locator(f"#app-{app.pk}")
    expect(card).to_contain_text("已通过形式审核")
    report = card.locator("a:text-is('呈报表打印')").get_attribute("href")
    assert report == reverse("documents:report_form", args=[app.pk])
    fetch_pdf(me, report)
    shot(me, "issue5-special-2-passed")

    # 5. The committee issues the 批文 directly: no meeting, no publicity.
    open_menu(staff, "特殊人才认定发文")
    expect(staff.locator(f"#special-{app.pk}")).to_contain_text(str(app.number))
    staff.check(f"#pick-{app.pk}")
    staff.fill("#id_number", approval_number)
    staff.fill("#id_authority", AUTHORITY)
    shot(staff, "issue5-special-3-issue")
    staff.click("#issue-special button:has-text('发文')")
    saved(staff, f"已发文 {approval_number}，共 1 人")
    expect(staff.locator("h1")).to_have_text(approval_number)
    expect(staff.locator("body")).to_contain_text("特殊人才认定直接发文")
    expect(staff.locator("#approval-entries")).to_contain_text(str(app.number))
    document = ApprovalDocument.objects.get(number=approval_number)
    assert document.publicity is None
    certificate = Certificate.objects.get(application=app)

    # 6. The applicant prints the certificate.
    open_menu(me, "我的职称电子证书")
    row = me.locator(f"#cert-{certificate.pk}")
    expect(row).to_contain_text(certificate.number)
    expect(row).to_contain_text(approval_number)
    shot(me, "issue5-special-4-certificate")
    pdf_url = row.locator("a:text-is('打印')").get_attribute("href")
    assert pdf_url == reverse("certificates:pdf", args=[certificate.pk])
    assert certificate.number in pdf_text(fetch_pdf(me, pdf_url))
