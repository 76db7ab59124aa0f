"""我的主页 and the main pages of each role on a phone (390×844) and on a desktop (ADR 0038).

On a phone the side menu is one 菜单 button above the page's own content; the h1 is above the
fold; no page scrolls sideways; tables are stacked cards; links and buttons in the content are
at least 44 px tall. The home pages start with what waits (待办事项), with badges in the menu.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from applications.models import Application
from catalog.models import Specialty, Title
from conftest import PASSWORD
from e2e.helpers import shot, submit_sign_in
from orgs.models import BaseUnit
from recovery.models import Appeal
from testing.worlds import submit_many

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

# Visible links, buttons and summaries in the page's own content lower than 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.content a, .content button, .content summary, .content input[type=submit], #menu-button')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 2 && r.height > 2
      && getComputedStyle(e).visibility !== 'hidden'; })
  .filter(e => e.getBoundingClientRect().height < 44)
  .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30)
      + ' ' + Math.round(e.getBoundingClientRect().height))"""


@pytest.fixture
def sign_in(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def make(username: str, viewport: ViewportSize = PHONE) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.select_option("#id_region", label="乌鲁木齐市")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        submit_sign_in(page, username)
        expect(page.locator("h1")).to_have_text("我的主页")
        return page

    yield make
    for context in contexts:
        context.close()


def fits_a_phone(page: Page, path: str) -> None:
    """The phone checks on one page."""
    page.goto(path)
    button = page.locator("#menu-button")
    expect(button).to_be_visible()
    expect(button).to_have_text("菜单")
    expect(page.locator(".side-menu")).to_be_hidden()  # closed until pressed
    top = page.locator("h1").first.bounding_box()
    assert top is not None and top["y"] < PHONE["height"], (path, top)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (path, overflow)
    small = page.evaluate(SMALL_TARGETS)
    assert not small, (path, small)


def test_the_applicant_on_a_phone(sign_in: Any, draft: Application) -> None:
    page = sign_in("zhangsan")
    todo = page.locator("#todo")
    expect(todo).to_contain_text(f"申请书 {draft.number}")
    expect(todo).to_contain_text("尚未提交")
    expect(todo).to_contain_text("距提交截止还有7天")
    shot(page, "issue12-home-applicant-390")
    # The menu opens on the button, with the badge beside 我的申请书.
    page.click("#menu-button")
    entry = page.locator(".side-menu li", has=page.locator("a:text-is('我的申请书')"))
    expect(entry).to_be_visible()
    expect(entry.locator(".badge")).to_have_text("1")
    shot(page, "issue12-menu-open-390")
    for path in (
        reverse("accounts:home"),
        reverse("applications:list"),
        reverse("applications:edit", args=[draft.pk]),
        reverse("applications:detail", args=[draft.pk]),
        reverse("notifications:inbox"),
        reverse("accounts:profile"),
    ):
        fits_a_phone(page, path)
    page.goto(reverse("applications:edit", args=[draft.pk]))
    incomplete = page.locator("#incomplete a", has_text="1 基本信息")
    expect(incomplete).to_be_visible()
    shot(page, "issue12-submit-panel-390")
    with page.expect_navigation():
        incomplete.click()
    assert page.url.endswith(reverse("applications:section", args=[draft.pk, "basic"]))


def test_the_applicant_on_a_desktop(sign_in: Any, draft: Application) -> None:
    page = sign_in("zhangsan", DESKTOP)
    expect(page.locator("#menu-button")).to_be_hidden()
    expect(page.locator(".side-menu")).to_be_visible()
    expect(page.locator("#todo")).to_contain_text("尚未提交")
    shot(page, "issue12-home-applicant-1280")
    page.goto(reverse("applications:edit", args=[draft.pk]))
    expect(page.locator("#submit-checks")).to_contain_text("申报时间：距提交截止还有7天")
    shot(page, "issue12-submit-panel-1280")


def test_the_staff_on_a_phone(
    sign_in: Any,
    at_department: Application,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    dept_reviewer: Any,
    committee_staff: Any,
) -> None:
    submit_many(2, qualification=title, field=specialty, unit=unit_a)
    unit = sign_in("unit_a_admin")
    expect(unit.locator("#todo")).to_contain_text("申请书待审核 2 份")
    shot(unit, "issue12-home-unit-390")
    for path in (reverse("accounts:home"), reverse("reviews:queue"), reverse("reviews:search")):
        fits_a_phone(unit, path)
    first = Application.objects.filter(holder_unit=unit_a).order_by("pk").first()
    assert first is not None
    fits_a_phone(unit, reverse("reviews:handle", args=[first.pk]))
    shot(unit, "issue12-handle-unit-390")
    unit.goto(reverse("reviews:queue"))
    shot(unit, "issue12-queue-unit-390")

    dept = sign_in("dept_reviewer")
    expect(dept.locator("#todo")).to_contain_text("申请书待审核 1 份")
    for path in (reverse("accounts:home"), reverse("reviews:queue")):
        fits_a_phone(dept, path)

    staff = sign_in("committee_staff")
    expect(staff.locator("#todo")).to_contain_text("目前没有需要您办理的事项。")
    for path in (reverse("accounts:home"), reverse("reviews:queue"), reverse("reviews:search")):
        fits_a_phone(staff, path)


def test_hr_admin_on_a_phone_and_a_desktop(sign_in: Any, hr_admin: Any) -> None:
    Appeal.objects.create(kind=Appeal.Kind.PERSON, real_name="王五", contact_mobile="13900000011")
    page = sign_in("hr_admin")
    expect(page.locator("#todo")).to_contain_text("账号找回申请待审核 1 个")
    shot(page, "issue12-home-hr-390")
    for path in (
        reverse("accounts:home"),
        reverse("recovery:reviews"),
        reverse("sysadmin:index"),
    ):
        fits_a_phone(page, path)
    desk = sign_in("hr_admin", DESKTOP)
    appeals = desk.locator(".side-menu li", has=desk.locator("a:text-is('账号找回审核')"))
    expect(appeals.locator(".badge")).to_have_text("1")
    shot(desk, "issue12-home-hr-1280")


# What the side menu looks like before any script has run: recorded when the document has been
# parsed, before the deferred scripts (menu.js) run.
MENU_BEFORE_SCRIPTS = """document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  const menu = document.querySelector(".side-menu");
  window.__menuBeforeScripts = menu ? menu.checkVisibility() : null;
});"""


def test_the_menu_is_closed_on_a_phone_from_the_first_paint(
    sign_in: Any, draft: Application
) -> None:
    phone = sign_in("zhangsan")
    phone.context.add_init_script(MENU_BEFORE_SCRIPTS)
    phone.goto(reverse("applications:list"))
    assert phone.evaluate("window.__menuBeforeScripts") is False
    expect(phone.locator(".side-menu")).to_be_hidden()
    desk = sign_in("zhangsan", DESKTOP)
    desk.context.add_init_script(MENU_BEFORE_SCRIPTS)
    desk.goto(reverse("applications:list"))
    assert desk.evaluate("window.__menuBeforeScripts") is True
    expect(desk.locator(".side-menu")).to_be_visible()
    expect(desk.locator("#side-menu-toggle")).to_have_attribute("open", "")  # menu.js


def test_the_menu_works_without_javascript(
    browser: Browser, live_server: LiveServer, draft: Application
) -> None:
    for viewport, closed in ((PHONE, True), (DESKTOP, False)):
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            viewport=viewport,
            java_script_enabled=False,
        )
        page = context.new_page()
        page.goto("/accounts/login/")
        page.select_option("#id_region", label="乌鲁木齐市")
        page.fill("#id_username", "zhangsan")
        page.fill("#id_password", PASSWORD)
        submit_sign_in(page, "zhangsan")
        expect(page.locator("h1")).to_have_text("我的主页")
        menu, button = page.locator(".side-menu"), page.locator("#menu-button")
        if closed:
            expect(menu).to_be_hidden()
            button.click()  # the <details> opens by itself
            expect(menu).to_be_visible()
            expect(menu.locator("a:text-is('我的申请书')")).to_be_visible()
        else:
            expect(button).to_be_hidden()
            expect(menu).to_be_visible()
        context.close()
