"""The REST API as people meet it: an hr_admin makes a committee's token in 系统设置, copies it
once, another system reads with it, the admin revokes it; the docs page reads the schema.
No page raises a Content-Security-Policy violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from api.models import ApiToken
from audit.models import AuditEvent
from conftest import PASSWORD
from e2e.helpers import shot, submit_sign_in
from e2e.test_csp import Watched
from orgs.models import ReviewCommittee


@pytest.fixture
def browse(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
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
            who.page.fill("#id_username", username)
            who.page.fill("#id_password", PASSWORD)
            submit_sign_in(who.page, username)
            expect(who.page.locator("h1")).to_have_text("我的主页")
        return who

    yield make
    for context in contexts:
        context.close()


def test_hr_admin_makes_uses_and_revokes_a_token(
    browse: Any,
    playwright: Playwright,
    live_server: LiveServer,
    hr_admin: User,
    committee: ReviewCommittee,
) -> None:
    admin = browse("hr_admin")
    page = admin.page
    admin.visit("/system/", "系统设置")
    page.click("a.tile:has-text('接口令牌')")
    expect(page.locator("h1")).to_have_text("接口令牌")
    page.click("a:has-text('新建接口令牌')")
    page.select_option("#id_committee", label="乌鲁木齐市评审委员会")
    page.fill("#id_name", "自治区人事管理系统（王工）")
    with page.expect_navigation():
        page.click("#token-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("接口令牌已创建")
    secret = page.locator("#api-token-secret").inner_text().strip()
    assert secret.startswith("zc_") and len(secret) == 46
    admin.assert_clean("the token page")
    shot(page, "api-token-created")

    # Another system, with nothing but the token (its connections closed before the server).
    other_system = playwright.request.new_context(
        base_url=live_server.url, extra_http_headers={"Authorization": f"Bearer {secret}"}
    )
    answer = other_system.get("/api/v1/committee/applications")
    assert answer.status == 200 and answer.json()["count"] == 0

    page.click("a:has-text('我已保存，返回列表')")
    row = page.locator(f"#token-{ApiToken.objects.get().pk}")
    expect(row).to_contain_text("自治区人事管理系统（王工）")
    expect(row).not_to_contain_text(secret)
    with page.expect_navigation():
        row.locator("button:has-text('撤销')").click()  # the confirm dialog is accepted
    expect(page.locator(".messages")).to_contain_text("已撤销接口令牌")
    shot(page, "api-tokens")
    admin.assert_clean("the token list")

    refused = other_system.get("/api/v1/committee/applications")
    assert refused.status == 401 and refused.json() == {"detail": "接口令牌已被撤销。"}
    other_system.dispose()
    details = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.API_TOKEN)
        .order_by("id")
        .values_list("result", "detail")
    )
    assert [r for r, _d in details] == ["ok", "ok", "refused"]
    assert not any(secret in d for _r, d in details)


def test_the_docs_page_reads_the_schema_without_any_script(browse: Any, regions: Any) -> None:
    visitor = browse()
    visitor.visit("/api/v1/docs/", "新疆职称管理平台数据接口")
    page = visitor.page
    expect(page.locator("#op-api_v1_committee_results")).to_contain_text(
        "/api/v1/committee/results"
    )
    expect(page.locator("#schema-CommitteeResult")).to_be_visible()
    shot(page, "api-docs")
    with page.expect_navigation():
        page.click("#openapi-link")
    assert page.evaluate("JSON.parse(document.body.innerText).openapi").startswith("3.")
