"""Issue 12 points 8-9: axe-core over every main page of every role, desktop and phone width,
in Chinese and in Uyghur — no serious or critical violation; forms with errors follow the GOV.UK
pattern (docs/adr/0040-accessibility-checks.md).

axe-core comes from the npm registry through scripts/bootstrap (var/node/node_modules, pinned
there); it is injected into each page from that file, never from a CDN."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from conftest import PASSWORD
from e2e.helpers import VERIFY_PATH
from testing.otp import next_totp_code

AXE = (
    Path(__file__).resolve().parent.parent
    / "var"
    / "node"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
LANGUAGES = ["zh-hans", "ug"]
BAD = ("serious", "critical")

# Every aria-describedby / aria-labelledby id that names no element on the page.
DANGLING_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) out.push(el.tagName + '#' + el.id + ' ' + attr + '=' + id);
      }
    }
  }
  return out;
}"""


def open_page(browser: Browser, live_server: LiveServer, language: str, width: str) -> Page:
    if not AXE.is_file():
        pytest.fail(f"axe-core not found at {AXE}: run scripts/bootstrap", pytrace=False)
    w, h = WIDTHS[width]
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": w, "height": h},
        # Lets the test inject axe-core; the pages' own CSP is tested in e2e/test_csp.py.
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    if language != "zh-hans":
        with page.expect_navigation():
            page.click(f".language-switch button[name=language][value={language}]")
    return page


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.select_option("#id_region", "650100")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    if urlparse(page.url).path == VERIFY_PATH:
        check(page, "verify")
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", next_totp_code(device))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert urlparse(page.url).path != "/accounts/login/"


def check(page: Page, name: str) -> None:
    """One h1, a skip link to #main, no dangling aria ids, no serious or critical axe finding."""
    assert page.locator("h1").count() == 1, f"{name}: {page.locator('h1').count()} h1 elements"
    expect(page.locator("a.skip-link[href='#main']")).to_have_count(1)
    expect(page.locator("#main")).to_have_count(1)
    assert page.evaluate(DANGLING_JS) == [], f"{name}: aria ids that name nothing"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            " ".join(n["target"]) + " " + (n.get("failureSummary") or "")[:200]
            for n in v["nodes"][:5]
        )
        for v in result["violations"]
        if v["impact"] in BAD
    ]
    assert bad == [], f"{name} ({page.url}):\n" + "\n".join(bad)


def visit(page: Page, url: str) -> None:
    page.goto(url)
    check(page, url)


CASES = [(lang, width) for lang in LANGUAGES for width in WIDTHS]


@pytest.mark.parametrize(("language", "width"), CASES)
def test_public_pages(browser: Browser, live_server: LiveServer, language: str, width: str) -> None:
    page = open_page(browser, live_server, language, width)
    for url in ["/", "/accounts/login/", "/certificates/verify/", "/catalog/conditions/"]:
        visit(page, url)
    # The sign-in form with an error: the summary takes focus and links to the field.
    page.goto("/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password")
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    expect(page.locator(".form-errors").first).to_be_visible()
    check(page, "login with an error")
    # A form with fields in error: the summary takes focus, links to each field, fields marked.
    page.goto("/accounts/register/applicant/")
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    link = summary.locator("a[href^='#id_']").first
    target = page.locator(link.get_attribute("href") or "#none")
    expect(target).to_have_attribute("aria-invalid", "true")
    check(page, "registration with errors")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), CASES)
def test_applicant_pages(
    browser: Browser, live_server: LiveServer, draft: Any, language: str, width: str
) -> None:
    page = open_page(browser, live_server, language, width)
    sign_in(page, draft.applicant.username)
    for url in [
        "/accounts/home/",
        "/applications/",
        f"/applications/{draft.pk}/",
        f"/applications/{draft.pk}/sections/basic/",
        f"/applications/{draft.pk}/sections/education/",
        "/applications/new/",
    ]:
        visit(page, url)
    # Section forms sent with errors: the summary takes focus and links to each field in error
    # (a repeatable section's cells by row); every message is named by its field.
    page.goto(f"/applications/{draft.pk}/sections/basic/")
    with page.expect_navigation():
        page.click("main button[name=save]")
    expect(page.locator("#section-error")).to_be_focused()
    check(page, "section with errors")
    page.goto(f"/applications/{draft.pk}/sections/education/")
    page.fill("#id_rows-0-years", "99")
    with page.expect_navigation():
        page.click("main button[name=save]")
    expect(page.locator("#section-error a[href='#id_rows-0-years']")).to_be_visible()
    check(page, "repeatable section with errors")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), CASES)
def test_unit_pages(
    browser: Browser,
    live_server: LiveServer,
    submitted: Any,
    unit_admin: Any,
    language: str,
    width: str,
) -> None:
    page = open_page(browser, live_server, language, width)
    sign_in(page, unit_admin.username)
    visit(page, "/accounts/home/")
    visit(page, "/reviews/")
    visit(page, f"/reviews/{submitted.pk}/")
    page.context.close()


@pytest.mark.parametrize(("language", "width"), CASES)
def test_department_committee_and_settings_pages(
    browser: Browser,
    live_server: LiveServer,
    at_department: Any,
    dept_reviewer: Any,
    committee_staff: Any,
    hr_admin: Any,
    language: str,
    width: str,
) -> None:
    for user, urls in [
        (dept_reviewer, ["/accounts/home/", "/reviews/", f"/reviews/{at_department.pk}/"]),
        (committee_staff, ["/accounts/home/", "/reviews/"]),
        (hr_admin, ["/accounts/home/", "/system/"]),
    ]:
        page = open_page(browser, live_server, language, width)
        sign_in(page, user.username)
        for url in urls:
            visit(page, url)
        page.context.close()
