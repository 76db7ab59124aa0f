"""新增申请书 with 复制往年申请书 in a real browser, at desktop width and on a 390px phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from applications.models import Application, SlotFile
from applications.tests.test_views_copy import (  # noqa: F401 - fixtures
    LAST_YEAR,
    THIS_YEAR,
    last_year,
    old_template,
)
from e2e.helpers import shot
from e2e.test_after_review_flow import sign_in
from e2e.test_special_talent import choose_qualification


def test_an_applicant_copies_last_years_answers_into_a_new_application(
    page: Page,
    last_year: Application,  # noqa: F811
    applicant: Any,
) -> None:
    csp: list[str] = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )
    me = sign_in(page, "zhangsan")
    me.goto("/applications/new/")
    choose_qualification(me, "[中级] 助理研究员")
    choice = me.locator("#step-copy")
    expect(choice).to_contain_text(f"{LAST_YEAR} 年 [乌鲁木齐市][中级]社会科学研究/助理研究员")
    expect(me.locator(f"input[name=copy_from][value='{last_year.pk}']")).to_be_checked()
    shot(me, "copy-last-year-create-desktop")
    me.set_viewport_size({"width": 390, "height": 844})
    shot(me, "copy-last-year-create-390")
    me.set_viewport_size({"width": 1280, "height": 900})

    with me.expect_navigation():
        me.click("button:has-text('确定新增申请书')")
    expect(me.locator(".messages")).to_contain_text(f"已从 {LAST_YEAR} 年的申请书")
    panel = me.locator("#carried-panel")
    expect(panel).to_contain_text("未能复制的内容")
    expect(panel).to_contain_text("1 基本信息 / 近期照片")
    expect(me.locator("#recheck-banner")).to_contain_text(f"复制自 {LAST_YEAR} 年的申请书")
    shot(me, "copy-last-year-edit-desktop")
    me.set_viewport_size({"width": 390, "height": 844})
    width = me.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390px ({width}px)"
    shot(me, "copy-last-year-edit-390")

    # Its link leads to the section to fill in, with what was copied already there.
    panel.locator("a:has-text('去补填')").first.click()
    expect(me.locator(".content :is(h1, h2)").first).to_be_visible()  # not the folded menu's
    app = Application.objects.get(applicant=applicant, year=THIS_YEAR)
    assert SlotFile.objects.filter(application=app, slot_key="idcard").exists()
    assert not csp, csp
