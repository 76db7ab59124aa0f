"""Issue 14 in a real browser: committee staff draw a panel for a meeting, each drawn expert signs
in (password and TOTP), reads the application (no ID number) and votes 同意, the staff close the
meeting (attendance, quorum and the 2/3 rule checked by the platform, the result written into
the meeting), publish the 公示 for five working days and issue the 批文."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import Role
from applications.models import Application
from catalog.models import Specialty
from e2e.helpers import shot, submit_sign_in
from experts.models import Expert, Panel, Seat
from lib.workdays import last_workday
from results import actions as results_actions
from results.models import MeetingResult, Publicity
from reviews import actions as review_actions
from testing.otp import enrol_totp
from testing.people import APPLICANT_ID, PASSWORD, make_user
from testing.results_world import receive

AUTHORITY = "乌鲁木齐市人力资源和社会保障局"
NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[NewPage]:
    contexts = []

    def make(width: int = 1280) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": width, "height": 900},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str) -> Page:
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, username)
    expect(page.locator("h1")).to_have_text("我的主页")
    return page


def open_menu(page: Page, label: str) -> None:
    """A side-menu entry; on a narrow screen the menu is folded behind 菜单 first."""
    link = page.locator(f".side-menu a:text-is('{label}')")
    if not link.is_visible():
        page.click("#menu-button")
    link.click()


def saved(page: Page, text: str) -> None:
    expect(page.locator(".message-success")).to_contain_text(text)


def test_drawn_panel_votes_online_then_publicity_and_approval(
    new_page: NewPage, at_committee: Application, committee_staff: Any, regions: Any
) -> None:
    app = review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
    receive(committee_staff, app)
    today = timezone.localdate()
    meeting = results_actions.create_meeting(
        committee_staff, year=today.year, name="社会科学研究中级评审会议", held_on=today
    )
    results_actions.add_to_meeting(committee_staff, meeting.pk, [app.pk])
    specialty = Specialty.objects.get(series=app.series, name="经济学")
    for n, name in enumerate(["王教授", "李研究员", "赵研究员", "孙教授"], start=1):
        user = make_user(f"expert{n}", Role.EXPERT, real_name=name)
        enrol_totp(user)
        Expert.objects.create(
            committee=meeting.committee,
            series=app.series,
            specialty=specialty,
            user=user,
            name=name,
            title="研究员",
            unit_name="新疆社会科学院",
            region=regions["urumqi"],
            created_by=committee_staff,
        )

    # 1. Staff draw three experts at random.
    staff = sign_in(new_page(), "committee_staff")
    open_menu(staff, "评审专家库")
    expect(staff.locator("#expert-list")).to_contain_text("王教授")
    open_menu(staff, "专家在线评审")
    staff.click(f"#meeting-{meeting.pk} a:has-text('抽取专家')")
    staff.fill("#id_size", "3")
    staff.click("#draw button:has-text('随机抽取')")
    saved(staff, "已随机抽取评审专家")
    panel = Panel.objects.get(meeting=meeting)
    expect(staff.locator("#panel-facts")).to_contain_text(panel.seed)
    expect(staff.locator("#panel-facts")).to_contain_text("复核一致")
    shot(staff, "issue14-1-panel-drawn")

    # 2. Each drawn expert signs in with the second factor, reads and votes 同意.
    drawn = list(Seat.objects.filter(panel=panel).select_related("expert__user").order_by("order"))
    for i, seat in enumerate(drawn):
        width = 390 if i == 0 else 1280
        expert = sign_in(new_page(width), seat.expert.user.username)
        open_menu(expert, "我的评审会议")
        expert.click("#my-meetings a:has-text('社会科学研究中级评审会议')")
        expect(expert.locator("#applicants")).to_contain_text("张三")
        expert.click(f"#app-{app.pk} a:has-text('{app.number}')")
        assert APPLICANT_ID not in expert.content()
        assert APPLICANT_ID[-4:] not in expert.content()
        if i == 0:
            shot(expert, "issue14-2-expert-application-390")
        expert.check("input[name=choice][value=for]")
        expert.fill("#id_opinion", "业绩突出，材料完整。")
        expert.click("#my-vote button:has-text('提交表决')")
        saved(expert, f"已提交对 {app.number} 的表决")
        expect(expert.locator(f"#app-{app.pk}")).to_contain_text("同意")
        shot(expert, f"issue14-2-expert-voted-{width}")

    # 3. Staff record who attended and close: the platform computes 通过 (3 of 3).
    staff.reload()
    for seat in drawn:
        staff.check(f"#close input[value='{seat.pk}']")
    shot(staff, "issue14-3-close")
    staff.click("#close button:has-text('结束评审')")
    saved(staff, "评审结果已由平台计算并录入")
    expect(staff.locator("#meeting-counts")).to_contain_text("通过 1")
    result = MeetingResult.objects.get(application=app)
    assert (result.members_present, result.votes_for, result.outcome) == (3, 3, "passed")
    shot(staff, "issue14-3-meeting-results")

    # 4. 公示 for five working days on the official calendar.
    ends = last_workday(today, 5)
    staff.goto(reverse("results:publicities") + f"?meeting={meeting.pk}")
    staff.fill("#id_title", "社会科学研究中级职称评审结果公示")
    staff.fill("#id_starts_on", today.isoformat())
    staff.fill("#id_ends_on", ends.isoformat())
    staff.click("#new-publicity button:has-text('发布公示')")
    expect(staff.locator("h1")).to_have_text("社会科学研究中级职称评审结果公示")
    expect(staff.locator("body")).to_contain_text(ends.strftime("%Y-%m-%d"))
    shot(staff, "issue14-4-publicity")
    publicity = Publicity.objects.get(meeting=meeting)
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=today - timedelta(days=12), ends_on=today - timedelta(days=4)
    )

    # 5. 批文.
    number = f"乌职改〔{today.year}〕7号"
    open_menu(staff, "批文")
    staff.select_option("#id_publicity", str(publicity.pk))
    staff.fill("#id_number", number)
    staff.fill("#id_authority", AUTHORITY)
    staff.click("#issue button:has-text('发文')")
    saved(staff, f"已发文 {number}，共 1 人")
    expect(staff.locator("#approval-entries")).to_contain_text(str(app.number))
    shot(staff, "issue14-5-approval")
    mobile = new_page(390)
    sign_in(mobile, "committee_staff")
    mobile.goto(reverse("experts:panel", args=[meeting.pk]))
    expect(mobile.locator("#panel-history")).to_contain_text("会议结束")
    shot(mobile, "issue14-5-panel-history-390")
