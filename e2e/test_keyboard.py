"""Issue 12 point 9: the keyboard alone is enough — sign in (with the skip link first), open the
application from 我的主页's 待办事项, fill a section and save it with Enter, go back to the section
list and submit it (提交至工作单位), with Tab, Enter, Space, the arrow keys and typing only, no
mouse click (docs/adr/0040-accessibility-checks.md). The other sections are filled beforehand
through the actions: this test is about the keyboard, not about every field type."""

from __future__ import annotations

import re

from playwright.sync_api import Dialog, Page, expect

from applications import actions
from applications.models import Application, Status
from conftest import PASSWORD
from lib.files import CheckedUpload
from testing.files import make_png

MAX_TABS = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def choose(page: Page, selector: str, value: str) -> None:
    """Focus a <select> with Tab and move through its options with the arrow keys."""
    tab_to(page, selector)
    for _ in range(40):
        if page.eval_on_selector(selector, "(s) => s.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector}: option {value} not reached with the arrow keys")


def type_date(page: Page, selector: str, year: str, month: str, day: str) -> None:
    """Type a date into a focused <input type=date>, segment by segment with the arrow keys.

    The order of the segments follows the browser's own locale (month/day/year in a headless
    chromium without --lang), so each order is tried, cleared with Backspace when it is wrong.
    Two digits of a month or a day move on by themselves; a year (up to six digits) does not."""
    wanted = f"{year}-{month}-{day}"
    parts = {"y": year, "m": month, "d": day}
    for order in ("mdy", "ymd", "dmy"):
        for i, key in enumerate(order):
            page.keyboard.type(parts[key])
            if key == "y" and i < 2:
                page.keyboard.press("ArrowRight")
        if page.eval_on_selector(selector, "(e) => e.value") == wanted:
            return
        for _ in range(3):
            page.keyboard.press("Backspace")
            page.keyboard.press("ArrowLeft")
    raise AssertionError(f"{selector}: {wanted} could not be typed")


def _all_but_basic(app: Application) -> None:
    """Education and the 身份证 scan, as testing.worlds.fill does; 基本信息 is left to type."""
    actions.save_section(
        app.applicant,
        app.pk,
        "education",
        {"rows": [{"school": "新疆大学", "years": 4}]},
        expected_version=None,
    )
    scan = actions.store_attachment(app.applicant, CheckedUpload(make_png(), "png", "身份证.png"))
    actions.place_attachment(app.applicant, app.pk, "basic", "idcard", scan)


def test_sign_in_fill_a_section_and_submit_with_the_keyboard(
    page: Page, draft: Application
) -> None:
    _all_but_basic(draft)
    page.goto("/accounts/login/")
    # The skip link is reached with Tab (the page starts on the autofocused field), shows itself
    # when focused, and Enter moves to the main content.
    tab_to(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    # The hash follows the key press a moment later: wait for it rather than read it at once.
    expect(page).to_have_url(re.compile(r"#main$"))

    choose(page, "#id_region", "650100")
    tab_to(page, "#id_username")
    page.keyboard.type(draft.applicant.username)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("我的主页")

    # 待办事项 → the application → its section 基本信息.
    tab_to(page, f"#todo a[href='/applications/{draft.pk}/edit/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("编辑申请书/提交")
    tab_to(page, "#entry-basic a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("基本信息")

    choose(page, "main form select[name=sex]", "女")
    tab_to(page, "main form input[name=work_start]")
    type_date(page, "main form input[name=work_start]", "2015", "09", "01")
    expect(page.locator("main form input[name=work_start]")).to_have_value("2015-09-01")
    tab_to(page, "main form input[type=text][name$=post]")
    page.keyboard.press("Control+A")
    page.keyboard.type("科室主任")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field saves the section
    expect(page.locator(".messages")).to_contain_text("“1 基本信息”已保存。")
    expect(page.locator("h1")).to_contain_text("已完成")

    # Back to the section list, and 提交至工作单位 (its question answered with the keyboard too:
    # the browser's confirm dialog is accepted as Enter would).
    tab_to(page, ".section-nav a[href$='/edit/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#submit-checks")).not_to_contain_text("✗")
    expect(page.locator("#incomplete")).to_have_count(0)
    tab_to(page, "#submit-panel button[type=submit]")
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert questions == ["提交前请认真检查。确定提交至工作单位吗？"]
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW and draft.position == 1
    assert draft.submission_count == 1
    expect(page.locator(".messages")).to_contain_text("申请书已提交至工作单位（已提交 1/")
