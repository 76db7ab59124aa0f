"""Issue 12 points 1–3 in a real browser (docs/adr/0037-nothing-typed-is-lost.md): Enter in a
repeatable section saves it; the idle dialog (继续 by Esc, focus inside); a forced sign-out keeps
what was typed and brings it back after signing in — at desktop size and on a 390×844 phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from applications.models import Application, SectionData
from conftest import PASSWORD
from e2e.helpers import shot, submit_sign_in

IDLE_SECONDS = 16  # warned at 8 s (half the limit when it is under ten minutes)
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def sign_in(page: Page, username: str) -> None:
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, username)


def browser_page(browser: Browser, live_server: LiveServer, size: str) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport=SIZES[size],
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    sign_in(page, "zhangsan")
    return page


@pytest.mark.parametrize("size", list(SIZES))
def test_typed_text_survives_the_idle_sign_out(
    browser: Browser, live_server: LiveServer, settings: Any, draft: Application, size: str
) -> None:
    settings.SESSION_IDLE_SECONDS = IDLE_SECONDS
    page = browser_page(browser, live_server, size)
    url = f"/applications/{draft.pk}/sections/education/"
    page.goto(url)

    # Enter in a row saves the section; it never adds a row.
    page.click("button[name=add_row]")
    page.fill("#id_rows-0-school", "新疆大学")
    page.fill("#id_rows-0-years", "4")
    with page.expect_navigation():
        page.press("#id_rows-0-school", "Enter")
    expect(page.locator(".message-success")).to_contain_text("已保存")
    expect(page.locator("input[name$='-school']")).to_have_count(1)
    stored = SectionData.objects.get(application=draft, key="education")
    assert stored.data == {"rows": [{"school": "新疆大学", "years": 4}]}

    # Typed, not saved; the dialog comes, focus inside it; Esc is 继续.
    page.fill("#id_rows-0-school", "新疆大学（研究生）")
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_have_attribute("role", "dialog")
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(page.locator("#idle-continue")).to_be_focused()
    expect(dialog).to_contain_text("即将自动退出")
    shot(page, f"issue12-idle-dialog-{size}")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # Unanswered this time: at the limit the page goes to sign in, saying why.
    expect(dialog).to_be_visible(timeout=15_000)
    page.wait_for_url("**/accounts/login/**", timeout=20_000)
    expect(page.locator(".banner-info")).to_contain_text("分钟未操作")
    shot(page, f"issue12-signed-out-{size}")
    assert SectionData.objects.get(application=draft, key="education").data == stored.data

    # Signed in again: back on the section, with what was typed and a word about it.
    settings.SESSION_IDLE_SECONDS = 30 * 60
    sign_in(page, "zhangsan")
    page.wait_for_url(f"**{url}")
    expect(page.locator(".draft-restored")).to_contain_text("已恢复您上次未保存的内容")
    expect(page.locator("#id_rows-0-school")).to_have_value("新疆大学（研究生）")
    shot(page, f"issue12-draft-restored-{size}")
    with page.expect_navigation():
        page.click("#section-form .actions button[name=save]")
    expect(page.locator(".message-success")).to_be_visible()
    assert SectionData.objects.get(application=draft, key="education").data == {
        "rows": [{"school": "新疆大学（研究生）", "years": 4}]
    }
    page.reload()
    expect(page.locator(".draft-restored")).to_have_count(0)  # a saved draft is gone
    page.context.close()


def test_several_comments_are_saved_together(
    browser: Browser, live_server: LiveServer, submitted: Application, unit_admin: Any
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=SIZES["desktop"]
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    sign_in(page, "unit_a_admin")
    page.goto(f"/reviews/{submitted.pk}/")
    page.fill("#comment-basic textarea", "单位性质选择错误")
    page.fill("#comment-education textarea", "学历请补充")
    # Leaving with unsaved text asks first.
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.click("#next-link", no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"] and page.url.endswith(f"/reviews/{submitted.pk}/")
    page.remove_listener("dialog", stay)
    with page.expect_navigation():
        page.click("#comment-education button:has-text('保存')")
    expect(page.locator(".message-success")).to_contain_text("已保存 2 个栏目的修改意见")
    expect(page.locator("#comment-basic .saved-comment")).to_contain_text("单位性质选择错误")
    expect(page.locator("#comment-education .saved-comment")).to_contain_text("学历请补充")
    shot(page, "issue12-comments-saved")
    context.close()
