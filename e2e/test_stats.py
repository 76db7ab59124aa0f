"""统计 in a browser: an hr_admin signs in (with the second factor) and reads the figures,
on a desktop screen and on a 390-pixel phone; screenshots in e2e/screenshots/."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from catalog.models import Series
from conftest import PASSWORD, make_unit
from e2e.helpers import shot, submit_sign_in
from orgs.models import BaseUnit, Department, Region, ReviewCommittee
from stats.tests import world


def season(
    regions: dict[str, Region],
    series: Series,
    unit_a: BaseUnit,
    unit_b: BaseUnit,
    committee: ReviewCommittee,
    department: Department,
    hr_admin: User,
) -> None:
    """A demo-like season: 400 applications, one slow unit, a window closed ten days ago."""
    kashgar = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    kashgar_dept = Department.objects.create(
        name="喀什地区人社局", kind="hrss", level="prefecture", region=regions["kashgar"]
    )
    slow = make_unit(regions["urumqi"], "乌鲁木齐市第一人民医院", "12650100458000042Y")
    now = timezone.now()
    close = now - timedelta(days=10)
    world.random_world(
        400,
        [
            world.Org(unit_a, committee, department),
            world.Org(slow, committee, department, unit_days=9),
            world.Org(unit_b, kashgar, kashgar_dept, department_days=6),
        ],
        [world.catalogue(series, now.year)],
        year=timezone.localdate().year,
        opens_at=close - timedelta(days=30),
        closes_at=close,
        now=now,
        staff=hr_admin,
        prefix="e2e",
    )


def test_hr_admin_reads_the_statistics(
    page: Page,
    regions: dict[str, Region],
    series: Series,
    unit_a: BaseUnit,
    unit_b: BaseUnit,
    committee: ReviewCommittee,
    department: Department,
    hr_admin: User,
) -> None:
    season(regions, series, unit_a, unit_b, committee, department, hr_admin)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="自治区本级")
    page.fill("#id_username", hr_admin.username)
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, hr_admin.username)
    expect(page.locator("h1")).to_have_text("我的主页")

    page.get_by_role("link", name="统计").first.click()
    expect(page.locator("h1")).to_have_text("统计")
    counts = page.locator("#table-counts")
    expect(counts.locator("tfoot")).to_contain_text("400")
    expect(page.locator("#figure-units svg[role=img] title").first).to_have_text(
        "等待最久的基层工作单位（前 10 名）"
    )
    # The slow unit (9 days on average) heads the table of slowest units.
    expect(page.locator("#table-units tbody tr").first).to_contain_text("乌鲁木齐市第一人民医院")
    expect(page.locator("#figure-daily .mark-text").first).to_contain_text("截止")
    shot(page, "stats-desktop")

    # Narrow to 喀什地区 by level grouping; the figures follow the filters.
    page.select_option("#id_region", label="喀什地区")
    page.select_option("#id_group", label="级别")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#table-counts thead")).to_contain_text("级别")
    expect(page.locator("#table-units tbody")).not_to_contain_text("新疆财经大学")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("h1")).to_have_text("统计")
    # On a phone the page itself never scrolls sideways (wide tables scroll in their box).
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    shot(page, "stats-phone")
    assert violations == []
