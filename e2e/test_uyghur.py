"""Issue 15 in a real browser: the platform in ئۇيغۇرچە, right to left, at desktop and phone
width — the applicant's pages and the clerk's 办理 — with nothing running off the page
(docs/adr/0035-uyghur-and-rtl.md). Selectors are structural: the words are Uyghur here."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from e2e.helpers import VERIFY_PATH, shot
from testing.otp import next_totp_code

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}

# Elements whose box runs past the viewport, unless a scrolling box (a wide table's wrapper)
# holds them; and whether the page itself scrolls sideways.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.visually-hidden')) continue;
    if ((r.right > width + 1 || r.left < -1) && !scrolls(el)) {
      out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  if (document.documentElement.scrollWidth > width + 1) out.push('page ' + document.documentElement.scrollWidth);
  return out;
}"""


def check_rtl(page: Page, name: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "ug")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shot(page, name)
    assert page.evaluate(OVERFLOW_JS) == [], f"{name}: elements overflow horizontally"


def uyghur_page(browser: Browser, live_server: LiveServer, width: str) -> Page:
    w, h = WIDTHS[width]
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": w, "height": h}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    with page.expect_navigation():
        page.click(".language-switch button[name=language][value=ug]")
    return page


def sign_in(page: Page, username: str) -> None:
    page.select_option("#id_region", "650100")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    if urlparse(page.url).path == VERIFY_PATH:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", next_totp_code(device))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert urlparse(page.url).path != "/accounts/login/"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_applicant_in_uyghur(
    browser: Browser, live_server: LiveServer, submitted: Any, width: str
) -> None:
    page = uyghur_page(browser, live_server, width)
    check_rtl(page, f"ug-{width}-login")
    sign_in(page, submitted.applicant.username)
    page.goto("/accounts/home/")
    check_rtl(page, f"ug-{width}-home")
    page.goto("/applications/")
    check_rtl(page, f"ug-{width}-applications")
    page.goto(f"/applications/{submitted.pk}/")
    check_rtl(page, f"ug-{width}-application")
    # Application numbers stay left to right inside the Uyghur text.
    expect(page.locator("bdi.ltr", has_text=submitted.number).first).to_be_attached()
    page.goto("/applications/new/")
    check_rtl(page, f"ug-{width}-create")
    page.goto("/catalog/conditions/")
    check_rtl(page, f"ug-{width}-conditions")
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_clerk_handles_in_uyghur(
    browser: Browser, live_server: LiveServer, submitted: Any, unit_admin: Any, width: str
) -> None:
    page = uyghur_page(browser, live_server, width)
    sign_in(page, unit_admin.username)
    page.goto("/reviews/")
    check_rtl(page, f"ug-{width}-reviews")
    with page.expect_navigation():
        page.click(f"a[href='/reviews/{submitted.pk}/']")
    expect(page.locator("#actions")).to_be_visible()
    check_rtl(page, f"ug-{width}-handle")
    # Back to Chinese: the switch works from any page and the account remembers it.
    with page.expect_navigation():
        page.click(".language-switch button[name=language][value=zh-hans]")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    unit_admin.refresh_from_db()
    assert unit_admin.language == "zh-hans"
    page.context.close()
