"""The main pages of every role raise no Content-Security-Policy violation in chromium.

An init script records every `securitypolicyviolation` event on `window.__cspViolations`
before any page script runs, and the console is watched for the browser's own CSP
messages ("Refused to …", "violates the following Content Security Policy directive").
Each page is also checked to carry the strict policy, so a page that silently lost its
header cannot pass. User files are opened too: an image and a PDF are shown inline under
their sandbox, and the PDF viewer really starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from applications import actions as app_actions
from applications.models import Application, SlotFile
from conftest import PASSWORD, make_pdf
from e2e.helpers import shot, submit_sign_in
from lib.files import CheckedUpload
from reviews import actions as review_actions
from testing.worlds import recommend
from zhicheng.serving import FILE_POLICY

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


class Watched:
    """A signed-in (or anonymous) page whose CSP violations are collected."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.console: list[str] = []
        context.add_init_script(RECORD_VIOLATIONS)
        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("dialog", lambda dialog: dialog.accept())

    def _on_console(self, message: ConsoleMessage) -> None:
        if any(word in message.text for word in CSP_WORDS):
            self.console.append(f"{self.page.url}: {message.text}")

    def visit(self, path: str, heading: str | None = None) -> None:
        """Open a page, check it has the strict policy and raised no violation."""
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        policy = response.all_headers().get("content-security-policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, (path, policy)
        self.page.wait_for_load_state("load")
        if heading:
            expect(self.page.locator("h1").first).to_contain_text(heading)
        self.assert_clean(path)

    def assert_clean(self, where: str) -> None:
        # Reports are dispatched as tasks; let any pending one arrive before reading.
        self.page.wait_for_timeout(100)
        found = self.page.evaluate("window.__cspViolations || []")
        assert found == [], f"CSP violations on {where}: {found}"
        assert self.console == [], f"CSP console messages on {where}: {self.console}"


@pytest.fixture
def watched(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def make(username: str | None = None) -> Watched:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        who = Watched(context)
        if username:
            who.visit("/accounts/login/")
            who.page.select_option("#id_region", label="乌鲁木齐市")
            who.page.fill("#id_username", username)
            who.page.fill("#id_password", PASSWORD)
            submit_sign_in(who.page, username)
            expect(who.page.locator("h1")).to_have_text("我的主页")
            who.assert_clean(f"sign-in of {username}")
        return who

    yield make
    for context in contexts:
        context.close()


def test_public_pages_raise_no_csp_violation(watched: Any, regions: Any) -> None:
    visitor = watched()
    visitor.visit("/")
    visitor.visit("/accounts/login/", "登录")
    visitor.visit("/accounts/register/")
    visitor.visit("/certificates/verify/")
    visitor.visit("/catalog/conditions/")
    # The page scripts work under the policy: the region select filters its counties.
    visitor.visit("/accounts/login/")
    visitor.page.select_option("#id_region", label="乌鲁木齐市")
    visitor.assert_clean("the login form")
    shot(visitor.page, "csp-login")


def test_every_roles_main_pages_raise_no_csp_violation(
    watched: Any,
    submitted: Application,
    applicant: User,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    hr_admin: User,
) -> None:
    app = submitted
    me = watched("zhangsan")
    me.visit("/applications/", "我的申请书")
    me.visit(f"/applications/{app.pk}/edit/")
    me.visit("/applications/library/")
    me.visit("/accounts/profile/")

    unit = watched(unit_admin.username)
    unit.visit("/reviews/")
    unit.visit(f"/reviews/{app.pk}/")
    # A reviewer's own page script (the confirm on 通过) still runs: it is a file, not inline.
    expect(unit.page.locator("#actions")).to_be_visible()
    unit.page.click("a:has-text('单位推荐意见')")
    expect(unit.page.locator("#id_opinion")).to_be_visible()
    unit.assert_clean("单位推荐意见")
    shot(unit.page, "csp-unit-handle")

    recommend(app, unit_admin)
    review_actions.pass_application(unit_admin, app.pk, expected_version=None)
    dept = watched(dept_reviewer.username)
    dept.visit("/reviews/")
    dept.visit(f"/reviews/{app.pk}/")
    review_actions.pass_application(dept_reviewer, app.pk, expected_version=None)

    committee = watched(committee_staff.username)
    committee.visit("/reviews/")
    committee.visit(f"/reviews/{app.pk}/")
    committee.visit("/results/papers/")
    committee.visit("/results/meetings/")
    committee.visit("/results/publicities/")
    committee.visit("/results/approvals/")

    hr = watched(hr_admin.username)
    hr.visit("/system/")
    hr.visit("/system/committees/")
    hr.visit("/system/templates/")
    hr.visit("/system/audit/")
    shot(hr.page, "csp-system")


def test_the_section_editor_raises_no_csp_violation(watched: Any, draft: Application) -> None:
    me = watched("zhangsan")
    me.visit(f"/applications/{draft.pk}/sections/basic/")
    me.page.select_option("#id_sex", "女")
    me.page.fill("#id_work_start", "2015-09-01")
    me.page.click("button[name=save]")
    expect(me.page.locator(".message-success")).to_be_visible()
    me.assert_clean("saving a section")
    me.visit(f"/applications/{draft.pk}/sections/education/")


def test_uploaded_files_open_inline_under_their_sandbox(watched: Any, filled: Application) -> None:
    owner = filled.applicant
    pdf = app_actions.store_attachment(owner, CheckedUpload(make_pdf(), "pdf", "职称证书.pdf"))
    image = SlotFile.objects.select_related("attachment").get(application=filled).attachment
    me = watched("zhangsan")

    response = me.page.goto(f"/applications/library/{image.pk}/")
    assert response is not None and response.ok
    assert response.all_headers()["content-security-policy"] == FILE_POLICY
    assert response.all_headers()["x-content-type-options"] == "nosniff"
    width = me.page.evaluate("document.images.length ? document.images[0].naturalWidth : 0")
    assert width > 0, "the image is shown inline"

    response = me.page.goto(f"/applications/library/{pdf.pk}/")
    assert response is not None and response.ok
    assert response.all_headers()["content-security-policy"] == FILE_POLICY
    assert response.all_headers()["content-disposition"].startswith("inline;")
    # Chromium's PDF viewer is an extension frame inside the sandboxed document.
    me.page.wait_for_timeout(1500)
    assert any(frame.url.startswith("chrome-extension://") for frame in me.page.frames), [
        frame.url for frame in me.page.frames
    ]
    shot(me.page, "csp-pdf-inline")
