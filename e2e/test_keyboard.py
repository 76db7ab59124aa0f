"""Issue 12 point 9: the keyboard alone is enough — sign in (with the skip link first), fill a
section of the application and save it, with Tab, Enter, Space and typing only, no mouse click
(docs/adr/0040-accessibility-checks.md)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from conftest import PASSWORD

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


def test_sign_in_and_fill_a_section_with_the_keyboard(page: Page, draft: Any) -> None:
    page.goto("/accounts/login/")
    # The skip link is reached with Tab (the page starts on the autofocused field), shows itself
    # when focused, and Enter moves to the main content.
    tab_to(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    choose(page, "#id_region", "650100")
    tab_to(page, "#id_username")
    page.keyboard.type(draft.applicant.username)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_count(1)

    page.goto(f"/applications/{draft.pk}/sections/basic/")
    tab_to(page, "main form input[type=text][name$=post]")
    page.keyboard.press("Control+A")
    page.keyboard.type("科室主任")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.reload()
    expect(page.locator("main form input[type=text][name$=post]")).to_have_value("科室主任")
