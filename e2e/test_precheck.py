"""资格预审 in a real browser, at desktop width and at 390 px: the applicant sees each rule met
or not beside 提交至工作单位 and on the 资格预审 page, follows a link to the section, submits
anyway; the unit sees the same on 办理; the 自治区 hr_admin sets a rule in 系统设置."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from applications.models import Application, Status
from applications.tests.eligibility_world import (  # noqa: F401  (the form with reference keys)
    YEAR,
    answer_all,
    confirm_hours,
    make_rule,
    place,
    template,
)
from catalog.models import EligibilityRule, Level, Series
from conftest import PASSWORD
from e2e.helpers import shot, submit_sign_in

WIDTHS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "mobile": {"width": 390, "height": 844},
}


@pytest.fixture
def rule(series: Series) -> EligibilityRule:
    return make_rule(series)


@pytest.fixture
def sign_in(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def make(username: str, width: str = "desktop") -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport=WIDTHS[width],
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        csp: list[str] = []
        page.on(
            "console",
            lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.csp_messages = csp  # type: ignore[attr-defined]
        page.goto("/accounts/login/")
        page.select_option("#id_region", label="乌鲁木齐市")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        submit_sign_in(page, username)
        expect(page.locator("h1")).to_have_text("我的主页")
        return page

    yield make
    for context in contexts:
        context.close()


def no_sideways_scroll(page: Page) -> None:
    """At 390 px the page itself does not scroll sideways (wide tables scroll in their box)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, overflow


def test_the_applicant_and_the_unit_see_the_precheck(
    sign_in: Any, draft: Application, rule: EligibilityRule, unit_admin: Any
) -> None:
    answer_all(draft, education="大学专科", degree="无", title_dates=(f"{YEAR - 2}-07-01",))
    place(draft, "basic", "id_card")
    confirm_hours(draft, {YEAR - 3: "90", YEAR - 2: "90", YEAR - 1: "90"})

    for width in WIDTHS:
        me = sign_in("zhangsan", width)
        me.goto(f"/applications/{draft.pk}/edit/")
        panel = me.locator("#precheck")
        expect(panel).to_be_visible()
        expect(panel.locator("#precheck-summary")).to_contain_text("有 3 项条件未满足。")
        expect(panel).to_contain_text("资格预审只作提醒，不影响提交")
        expect(panel.locator("tr.precheck-education")).to_contain_text(
            "最高学历大学专科，低于大学本科。"
        )
        expect(panel.locator("tr.precheck-hours")).to_contain_text("满足")
        shot(me, f"precheck-edit-{width}")
        if width == "mobile":
            no_sideways_scroll(me)
        me.click("#precheck-link")
        expect(me.locator("h1")).to_have_text("资格预审")
        expect(me.locator("tr.precheck-years")).to_contain_text("才满 4 年")
        shot(me, f"precheck-page-{width}")
        if width == "mobile":
            no_sideways_scroll(me)
        assert me.csp_messages == []

    # The link beside the education goes to 1 基本信息, where it is filled in.
    me.click("tr.precheck-education a")
    expect(me.locator("body")).to_contain_text("基本信息")
    assert f"/applications/{draft.pk}/sections/basic/" in me.url

    # Unmet rules warn; the application is still submitted.
    me.goto(f"/applications/{draft.pk}/edit/")
    me.click("button:has-text('提交至工作单位')")
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW and draft.submission_count == 1

    for width in WIDTHS:
        unit = sign_in(unit_admin.username, width)
        unit.goto(f"/reviews/{draft.pk}/")
        expect(unit.locator("#precheck-summary")).to_contain_text("有 3 项条件未满足。")
        expect(unit.locator("#precheck tr.precheck-attachment")).to_contain_text("未上传")
        shot(unit, f"precheck-handle-{width}")
        if width == "mobile":
            no_sideways_scroll(unit)
        assert unit.csp_messages == []


@pytest.mark.usefixtures("template")
def test_the_hr_admin_sets_a_rule(sign_in: Any, hr_admin: Any, series: Series) -> None:
    for width in WIDTHS:
        hr = sign_in(hr_admin.username, width)
        hr.goto("/system/")
        hr.click("a.tile:has-text('资格预审规则')")
        expect(hr.locator("h1")).to_contain_text(f"资格预审规则（{YEAR} 年度）")
        hr.click("#eligibility-rules a:has-text('设置')")
        hr.select_option("#id_min_education", label="大学本科")
        hr.select_option("#id_years_basis", label="取得现职称")
        hr.fill("#id_min_years", "-1")
        hr.fill("#id_hours_per_year", "90")
        hr.click("button:has-text('保存')")
        expect(hr.locator("#field-min_years .error")).to_have_text("错误：年限不能为负数。")
        shot(hr, f"precheck-rule-error-{width}")
        if width == "mobile":
            no_sideways_scroll(hr)
        assert not EligibilityRule.objects.exists()
        hr.fill("#id_min_years", "5")
        hr.click("button:has-text('保存')")
        expect(hr.locator(".message-success")).to_contain_text("资格预审规则")
        shot(hr, f"precheck-rules-{width}")
        assert hr.csp_messages == []
        EligibilityRule.objects.filter(series=series, level=Level.INTERMEDIATE).delete()
