"""Fixtures for the browser tests in e2e/.

Playwright's sync API drives the chromium that Debian installs (package `chromium`,
put there by scripts/bootstrap); no browser is ever downloaded. Each test gets a fresh
browser context (zh-CN, Asia/Shanghai) whose base URL is pytest-django's live server,
so `page.goto("/")` opens the home page. Everything collected from this directory is
marked `e2e`, so `scripts/test -m "not e2e"` runs the fast tests only.

Environment: CHROMIUM=/path/to/chromium overrides /usr/bin/chromium.

Under pytest-xdist these tests share one worker (the `browser` group), so chromium starts once
per run; the application world they use is testing/worlds.py (root conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from e2e.helpers import shot
from testing.otp import enrol_totp

__all__ = ["shot"]

# Playwright's sync API keeps an asyncio loop in this thread; Django would otherwise
# refuse ORM calls made from the test body (fixtures, assertions on the database).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Each phase's report, kept on the item so the page fixture can tell a failed test.
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's, which reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            # Under pytest-xdist (`--dist loadgroup`, scripts/test) every browser test runs in
            # one worker: one chromium and one live server for all of them.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's chromium: "
            "run scripts/bootstrap, or `apt-get install -y chromium` "
            "(or set CHROMIUM=/path/to/chromium).",
            pytrace=False,
        )
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page; uncaught JavaScript errors fail the test, failures leave a screenshot."""
    page = context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    yield page
    call = request.node.stash.get(_REPORTS, {}).get("call")
    if call is not None and call.failed and not page.is_closed():
        path = shot(page, f"FAILED-{request.node.name}")
        print(f"\nscreenshot of the failed page: {path.relative_to(E2E_DIR.parent)}")
    if js_errors:
        pytest.fail("JavaScript errors on the page:\n" + "\n".join(js_errors), pytrace=False)


# The staff roles must sign in with a second factor: the named staff users of the browser
# tests have a TOTP device, whose current code e2e.helpers.submit_sign_in types.
@pytest.fixture
def dept_reviewer(dept_reviewer: User) -> User:
    enrol_totp(dept_reviewer)
    return dept_reviewer


@pytest.fixture
def committee_staff(committee_staff: User) -> User:
    enrol_totp(committee_staff)
    return committee_staff


@pytest.fixture
def hr_admin(hr_admin: User) -> User:
    enrol_totp(hr_admin)
    return hr_admin
