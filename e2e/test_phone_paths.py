"""Issue 12 point 10: the applicant's whole path and the clerk's 办理 on a phone (390×844).

The applicant signs in, creates an application (series → title → specialty, unit search,
committee), fills every section (with the 身份证 scan), submits it and sees its status; the unit
admin opens it from 我的主页's 待办事项, saves the 单位推荐意见 and passes it to the department.
On every page: the menu is one 菜单 button, closed; the page's own h1 comes first (above the
fold); nothing scrolls sideways; the page's main action is on screen and at least 44 px tall.
A screenshot of each step is saved (E2E_SCREENSHOTS=/dir keeps them apart, e2e/helpers.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from applications.models import Application, Status
from conftest import PASSWORD, make_png
from e2e.helpers import shot, submit_sign_in

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def sign_in(username: str) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # 确定提交…？
        page.goto("/accounts/login/")
        fits(page, "login")
        page.select_option("#id_region", label="乌鲁木齐市")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        submit_sign_in(page, username)
        expect(page.locator("h1")).to_have_text("我的主页")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def fits(page: Page, name: str, action: Locator | None = None) -> None:
    """The phone checks on the page as it stands, and its screenshot."""
    if page.locator("#side-menu-toggle").count():
        button = page.locator("#menu-button")
        expect(button).to_be_visible()
        expect(button).to_have_text("菜单")
        expect(page.locator(".side-menu")).to_be_hidden()
    top = page.locator("h1").first.bounding_box()
    assert top is not None and top["y"] < PHONE["height"], (name, top)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (name, overflow)
    if action is not None:
        action.scroll_into_view_if_needed()
        expect(action).to_be_in_viewport()
        box = action.bounding_box()
        assert box is not None and box["height"] >= 44, (name, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], (name, box)
    shot(page, f"phone-{name}")


def test_the_applicants_whole_path_on_a_phone(
    phone: Any, chain_world: Any, applicant: Any, tmp_path: Path
) -> None:
    scan = tmp_path / "身份证.png"
    scan.write_bytes(make_png(400, 250, "lightblue"))
    me = phone("zhangsan")
    fits(me, "home-empty")

    # 新增申请书 from the menu: the menu opens on 菜单 and leads there.
    me.click("#menu-button")
    expect(me.locator(".side-menu")).to_be_visible()
    fits_menu = me.locator(".side-menu a:text-is('新增申请书')")
    expect(fits_menu).to_be_visible()
    shot(me, "phone-menu-open")
    with me.expect_navigation():
        fits_menu.click()
    fits(me, "create-start")
    with me.expect_navigation():
        me.select_option("#id_series", label="社会科学研究")
    with me.expect_navigation():
        me.select_option("#id_title", label="[中级] 助理研究员")
    me.fill("#id_q", "财经")
    with me.expect_navigation():
        me.click("button:has-text('搜索')")
    with me.expect_navigation():
        me.check("input[name=unit]")
    expect(me.locator("input[name=committee]:checked")).to_have_count(1)
    create = me.locator("button:has-text('确定新增申请书')")
    fits(me, "create-confirm", create)
    with me.expect_navigation():
        create.click()
    app = Application.objects.get(applicant=applicant)
    expect(me.locator("h1")).to_have_text("编辑申请书/提交")
    fits(me, "edit-new", me.locator("#entry-basic a.btn"))

    # Every section: 基本信息 (with the scan), then 学历学位情况 (a repeatable one).
    with me.expect_navigation():
        me.click("#entry-basic a.btn")
    # Saved empty first: the error summary takes focus and links to each field in error.
    with me.expect_navigation():
        me.click("button[name=save]")
    summary = me.locator("#section-error")
    expect(summary).to_be_focused()
    expect(summary.locator("a")).to_have_count(2)
    fits(me, "section-basic-errors", summary.locator("a").first)
    summary.locator("a").first.click()
    expect(me.locator("#id_sex")).to_be_focused()
    me.select_option("#id_sex", "女")
    me.fill("#id_work_start", "2015-09-01")
    me.fill("#id_post", "科室主任")
    fits(me, "section-basic", me.locator("button[name=save]"))
    with me.expect_navigation():
        me.click("button[name=save]")
    expect(me.locator(".message-success")).to_be_visible()
    me.set_input_files(".slot-form input[type=file]", str(scan))
    upload = me.locator(".slot-form button:has-text('上传')")
    fits(me, "section-basic-upload", upload)
    with me.expect_navigation():
        upload.click()
    expect(me.locator("a:has-text('身份证.png')")).to_be_visible()
    next_section = me.locator("button[name=save_next]")
    with me.expect_navigation():
        next_section.click()
    expect(me.locator("h1")).to_contain_text("学历学位情况")
    me.fill("#id_rows-0-school", "新疆大学")
    me.fill("#id_rows-0-years", "4")
    fits(me, "section-education", me.locator("button[name=save]"))
    with me.expect_navigation():
        me.click("button[name=save]")
    expect(me.locator("h1")).to_contain_text("已完成")

    # Submit from the section list, then the status.
    with me.expect_navigation():
        me.click(".section-nav a[href$='/edit/']")
    submit = me.locator("#submit-panel button:has-text('提交至工作单位')")
    expect(me.locator("#submit-checks")).not_to_contain_text("✗")
    fits(me, "edit-ready", submit)
    with me.expect_navigation():
        submit.click()
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.submission_count == 1
    expect(me.locator(".message-success")).to_contain_text("申请书已提交至工作单位")
    fits(me, "list-submitted")
    me.goto(f"/applications/{app.pk}/")
    expect(me.locator("body")).to_contain_text("基层工作单位")
    fits(me, "detail-submitted")
    me.goto("/accounts/home/")
    expect(me.locator("#todo")).not_to_contain_text(str(app.number))  # nothing waits for me
    fits(me, "home-after-submit")


def test_the_unit_recommends_and_passes_on_a_phone(
    phone: Any, submitted: Application, unit_admin: Any, dept_reviewer: Any
) -> None:
    unit = phone("unit_a_admin")
    todo = unit.locator("#todo a", has_text="申请书待审核 1 份")
    fits(unit, "unit-home", todo)
    with unit.expect_navigation():
        todo.click()
    handle = unit.locator("table.list a", has_text="办理").first
    fits(unit, "unit-queue", handle)
    with unit.expect_navigation():
        handle.click()
    expect(unit.locator("h1")).to_contain_text("办理申请书")
    fits(unit, "unit-handle", unit.locator("#rec-missing a"))

    # 单位推荐意见 first (the pass needs it), then 提交至[地厅级材料接收部门].
    with unit.expect_navigation():
        unit.click("#rec-missing a")
    unit.fill("#id_person", "张负责")
    unit.fill("#id_mobile", "13900000001")
    unit.fill("#id_opinion", "该同志政治立场坚定，业务能力突出，材料真实，同意推荐。")
    save = unit.locator("#tab-recommendation button:has-text('保存')")
    fits(unit, "unit-recommendation", save)
    with unit.expect_navigation():
        save.click()
    expect(unit.locator("#rec-state")).not_to_contain_text("尚未保存")
    passing = unit.locator("#pass-button")
    fits(unit, "unit-ready-to-pass", passing)
    with unit.expect_navigation():
        passing.click()
    submitted.refresh_from_db()
    assert submitted.position == 2 and submitted.holder_department_id is not None
    expect(unit.locator(".messages")).to_be_visible()
    fits(unit, "unit-after-pass")
