"""Smoke tests: the browser harness works and the home page is served with local assets only."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from e2e.helpers import shot

PLATFORM = "新疆专业技术人员职称管理平台"


def test_the_browser_renders_chinese_text(page: Page) -> None:
    page.set_content(f"<html lang='zh-Hans'><body><h1>{PLATFORM}</h1></body></html>")

    expect(page.locator("h1")).to_have_text(PLATFORM)
    box = page.locator("h1").bounding_box()
    assert box is not None and box["width"] > 200, "CJK heading rendered with no width"
    assert shot(page, "harness").stat().st_size > 0


def test_home_page_names_the_platform_and_loads_nothing_from_other_hosts(
    page: Page, live_server: LiveServer
) -> None:
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))

    response = page.goto(live_server.url + "/")

    assert response is not None and response.ok, (
        f"home page answered {response and response.status}"
    )
    expect(page.locator("body")).to_contain_text(PLATFORM)
    page.wait_for_load_state("load")
    local = urlsplit(live_server.url).netloc
    assets = [r for r in requests if r.resource_type in ("stylesheet", "script")]
    assert assets, "the home page loaded no stylesheet or script at all"
    foreign = [
        r.url
        for r in requests
        if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(r.url).netloc != local
    ]
    assert foreign == [], f"requests to other hosts (no CDN allowed): {foreign}"
    shot(page, "home")
