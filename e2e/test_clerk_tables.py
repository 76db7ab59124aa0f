"""Staff lists at 1366×768 (docs/adr/0039-clerk-tables.md): compact rows, at least 15 visible
without scrolling below the filters, the header checkbox selects every row."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from e2e.helpers import shot, submit_sign_in
from reviews.tests.conftest import many  # noqa: F401  (the fixture)


def test_the_queue_shows_fifteen_rows_on_a_laptop_screen(
    browser: Browser,
    live_server: LiveServer,
    unit_admin: Any,
    many: Any,  # noqa: F811
) -> None:
    many(25)
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 768}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", unit_admin.username)
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, unit_admin.username)
    page.goto("/reviews/?per_page=50")
    expect(page.locator("#review-list tbody tr")).to_have_count(25)
    # Scroll the table's head to the top of the screen: how many rows fit in 768 px?
    page.locator("#review-list thead").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#review-list').scrollIntoView({block: 'start'})")
    visible = page.evaluate(
        """() => Array.from(document.querySelectorAll('#review-list tbody tr'))
             .filter(r => { const b = r.getBoundingClientRect();
                            return b.top >= 0 && b.bottom <= window.innerHeight; }).length"""
    )
    page.screenshot(
        path=str(shot(page, "clerk-queue-1366x768").with_name("clerk-queue-1366x768-viewport.png"))
    )
    assert visible >= 15, visible
    page.check("#review-list thead input.select-all")
    assert page.locator("#review-list tbody input.row-select:checked").count() == 25
    context.close()
