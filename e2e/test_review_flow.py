"""Issue 3 in a real browser: create, fill, upload, submit; returned with comments; fixed and
resubmitted; recommended and passed by the unit, the department and the committee."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from applications.models import Application, Status
from conftest import PASSWORD, make_png
from e2e.helpers import shot, submit_sign_in


def signed_in(browser: Browser, live_server: LiveServer, username: str) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (确定提交…？)
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, username)
    expect(page.locator("h1")).to_have_text("我的主页")
    return page


def handle_first(page: Page) -> None:
    page.goto("/reviews/")
    page.click("a:has-text('办理')")
    expect(page.locator("#actions")).to_be_visible()


def test_an_application_travels_the_whole_chain(
    browser: Browser,
    live_server: LiveServer,
    chain_world: Any,
    applicant: Any,
    unit_admin: Any,
    dept_reviewer: Any,
    committee_staff: Any,
    tmp_path: Path,
) -> None:
    scan = tmp_path / "身份证.png"
    scan.write_bytes(make_png(400, 250, "lightblue"))

    me = signed_in(browser, live_server, "zhangsan")
    me.goto("/applications/new/")
    me.select_option("#id_series", label="社会科学研究")
    me.select_option("#id_title", label="[中级] 助理研究员")
    me.select_option("#id_specialty", label="经济学")
    me.fill("#id_q", "财经")
    me.click("button:has-text('搜索')")
    me.check("input[name=unit]")
    expect(me.locator("input[name=committee]:checked")).to_have_count(1)
    shot(me, "issue3-create")
    me.click("button:has-text('确定新增申请书')")
    app = Application.objects.get(applicant=applicant)

    me.goto(f"/applications/{app.pk}/sections/basic/")
    me.select_option("#id_sex", "女")
    me.fill("#id_work_start", "2015-09-01")
    me.click("button[name=save]")
    expect(me.locator(".message-success")).to_be_visible()
    me.set_input_files(".slot-form input[type=file]", str(scan))
    me.click(".slot-form button:has-text('上传')")
    expect(me.locator("a:has-text('身份证.png')")).to_be_visible()
    shot(me, "issue3-section-basic")

    me.goto(f"/applications/{app.pk}/sections/education/")
    me.click("button[name=add_row]")
    me.fill("#id_rows-0-school", "新疆大学")
    me.fill("#id_rows-0-years", "4")
    me.click("button[name=save]")
    expect(me.locator(".message-success")).to_be_visible()

    me.goto(f"/applications/{app.pk}/edit/")
    shot(me, "issue3-edit")
    me.click("button:has-text('提交至工作单位')")
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.submission_count == 1

    unit = signed_in(browser, live_server, "unit_a_admin")
    handle_first(unit)
    unit.fill("#comment-basic textarea", "参加工作时间与档案不符，请核对。")
    unit.click("#comment-basic button:has-text('保存')")
    expect(unit.locator("#comment-basic .saved-comment")).to_contain_text("参加工作时间与档案不符")
    shot(unit, "issue3-handle-unit")
    unit.click("summary:has-text('退回申请人修改')")
    unit.fill(".return-form textarea", "请按栏目意见修改后重新提交。")
    unit.click("#return-button")
    app.refresh_from_db()
    assert app.status == Status.RETURNED

    me.goto("/applications/")
    expect(me.locator("a.opinions-link.returned")).to_be_visible()
    me.click("a.opinions-link")
    expect(me.locator("body")).to_contain_text("参加工作时间与档案不符")
    shot(me, "issue3-opinions")
    me.goto(f"/applications/{app.pk}/sections/basic/")
    me.fill("#id_work_start", "2016-09-01")
    me.click("button[name=save]")
    me.goto(f"/applications/{app.pk}/edit/")
    me.click("button:has-text('提交至工作单位')")
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.submission_count == 2

    handle_first(unit)
    unit.click("a:has-text('单位推荐意见')")
    unit.fill("#id_opinion", "该同志政治立场坚定，业务能力突出，材料真实，同意推荐。")
    unit.click("form button:has-text('保存')")
    expect(unit.locator("#rec-state")).not_to_contain_text("尚未保存")
    shot(unit, "issue3-recommendation")
    unit.click("#pass-button")
    app.refresh_from_db()
    assert app.position == 2

    dept = signed_in(browser, live_server, "dept_reviewer")
    handle_first(dept)
    dept.click("#pass-button")
    committee = signed_in(browser, live_server, "committee_staff")
    handle_first(committee)
    shot(committee, "issue3-handle-committee")
    committee.click("#pass-button")

    me.goto("/applications/")
    expect(me.locator("body")).to_contain_text("通过形式审核")
    shot(me, "issue3-list-passed")
    app.refresh_from_db()
    assert app.status == Status.PASSED
    steps = list(app.history.values_list("action", flat=True))
    assert steps == ["create", "submit", "return", "submit", "pass", "pass", "pass"]
