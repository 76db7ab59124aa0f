"""申请书审核 (the queue) and 申请书查询 (everything visible): rows, filters, pages, banner."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications import actions
from applications.models import Application
from catalog.models import Level, Title
from orgs.models import BaseUnit
from reviews import actions as review_actions
from reviews.tests.conftest import handle_url
from testing.pages import text
from testing.worlds import recommend

pytestmark = pytest.mark.django_db

QUEUE = reverse("reviews:queue")
SEARCH = reverse("reviews:search")


def test_the_queue_lists_what_waits_at_the_unit(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    page = text(client.get(QUEUE))
    assert "申请书审核" in page
    for heading in ["序号", "申请人", "基层工作单位", "状态", "联系方式", "推荐意见", "办理"]:
        assert re.search(rf"<th[^>]*>\s*(<a [^>]*>)?{heading}(<|\s)", page), heading
    assert "张三" in page and str(submitted.number) in page
    assert "新疆财经大学" in page
    assert '<span class="status-head">[申请人]提交到[基层工作单位]</span>' in page
    assert "办理时间: " in page
    assert "13800000001" in page  # the applicant's mobile
    assert "未保存" in page
    assert f'href="{handle_url(submitted)}">办理</a>' in page


def test_the_queue_shows_a_saved_recommendation(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    recommend(submitted, unit_admin)
    client.force_login(unit_admin)
    page = text(client.get(QUEUE))
    assert "已保存" in page and "该同志政治立场坚定" in page


def test_the_queue_leaves_out_other_units_and_moved_on_applications(
    client: Client, other_unit_admin: User, unit_admin: User, at_department: Application
) -> None:
    client.force_login(unit_admin)
    assert str(at_department.number) not in text(client.get(QUEUE))
    assert "目前没有等待本单位审核的申请书" in text(client.get(QUEUE))
    client.force_login(other_unit_admin)
    assert str(at_department.number) not in text(client.get(QUEUE))
    assert str(at_department.number) not in text(client.get(SEARCH))


def test_the_search_lists_every_status_read_only(
    client: Client, unit_admin: User, at_department: Application, many: Any
) -> None:
    waiting, returned = many(2)
    review_actions.return_application(
        unit_admin, returned.pk, opinion="请补充材料", expected_version=None
    )
    client.force_login(unit_admin)
    page = text(client.get(SEARCH))
    assert "申请书查询" in page
    assert "[基层工作单位]提交到[地厅级材料接收部门]" in page
    assert "[基层工作单位]退回到[申请人]" in page
    assert f'href="{handle_url(at_department)}">查看</a>' in page
    assert f'href="{handle_url(returned)}">查看</a>' in page
    assert f'href="{handle_url(waiting)}">办理</a>' in page


def test_dept_and_committee_see_their_queue(
    client: Client, dept_reviewer: User, committee_staff: User, at_department: Application
) -> None:
    client.force_login(dept_reviewer)
    page = text(client.get(QUEUE))
    assert str(at_department.number) in page and "[基层工作单位]提交到[地厅级材料接收部门]" in page
    assert f'href="{handle_url(at_department)}">办理</a>' in page
    client.force_login(committee_staff)
    assert str(at_department.number) not in text(client.get(QUEUE))
    # The committee sees what it judges in 申请书查询, read-only until it arrives.
    assert f'href="{handle_url(at_department)}">查看</a>' in text(client.get(SEARCH))


def test_filter_by_name_or_number(client: Client, unit_admin: User, many: Any) -> None:
    first, second, third = many(3)
    client.force_login(unit_admin)
    page = text(client.get(QUEUE, {"q": "申请人001"}))
    assert (
        str(second.number) in page
        and str(first.number) not in page
        and str(third.number) not in page
    )
    page = text(client.get(QUEUE, {"q": f" {third.number.lower()} "}))
    assert str(third.number) in page and str(first.number) not in page
    page = text(client.get(QUEUE, {"q": "没有这个人"}))
    assert "没有符合条件的申请书" in page and "清除条件" in page


def test_filter_by_level_title_and_status(
    client: Client, unit_admin: User, many: Any, title: Title
) -> None:
    first, second = many(2)
    review_actions.return_application(
        unit_admin, second.pk, opinion="退回修改", expected_version=None
    )
    client.force_login(unit_admin)
    page = text(client.get(SEARCH, {"level": Level.INTERMEDIATE, "title": title.pk}))
    assert str(first.number) in page and str(second.number) in page
    assert "社会科学研究/助理研究员" in page  # offered as a 申请资格 choice
    page = text(client.get(SEARCH, {"level": Level.SENIOR}))
    assert str(first.number) not in page
    page = text(client.get(SEARCH, {"status": "returned"}))
    assert str(second.number) in page and str(first.number) not in page
    page = text(client.get(SEARCH, {"status": "in_review"}))
    assert str(first.number) in page and str(second.number) not in page


def test_bad_filter_values_are_ignored_not_a_500(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    response = client.get(
        SEARCH, {"level": "x", "title": "<script>", "status": "nope", "page": "abc"}
    )
    assert response.status_code == 200
    assert str(submitted.number) in text(response)


def test_the_queue_has_no_status_filter_but_the_search_has(
    client: Client, unit_admin: User
) -> None:
    client.force_login(unit_admin)
    assert 'name="status"' not in text(client.get(QUEUE))
    assert 'name="status"' in text(client.get(SEARCH))


def test_twenty_a_page_and_the_links_keep_the_filters(
    client: Client, unit_admin: User, many: Any
) -> None:
    apps = many(23)
    client.force_login(unit_admin)
    page = text(client.get(QUEUE, {"q": "申请人"}))
    assert page.count('<tr id="app-') == 20
    assert "第 1 / 2 页" in page
    assert "?q=%E7%94%B3%E8%AF%B7%E4%BA%BA&amp;page=2" in page
    page = text(client.get(QUEUE, {"q": "申请人", "page": "2"}))
    assert page.count('<tr id="app-') == 3
    # The queue is oldest first, so the last page holds the newest; 序号 continues.
    assert str(apps[-1].number) in page and "<td>23</td>" in page


def test_an_incomplete_unit_sees_the_banner(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    BaseUnit.objects.filter(pk=submitted.unit_id).update(hr_mobile="")
    client.force_login(unit_admin)
    for url in (QUEUE, SEARCH):
        page = text(client.get(url))
        assert "单位信息未完善，完善前不能审核申报材料" in page
        assert reverse("orgs:unit_complete") in page


def test_a_complete_unit_sees_no_banner(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    client.force_login(unit_admin)
    assert "单位信息未完善" not in text(client.get(QUEUE))


def test_a_recalled_application_leaves_the_queue_but_stays_in_the_search(
    client: Client, unit_admin: User, submitted: Application
) -> None:
    actions.recall(submitted.applicant, submitted.pk, expected_version=None)
    client.force_login(unit_admin)
    assert str(submitted.number) not in text(client.get(QUEUE))
    page = text(client.get(SEARCH))
    assert str(submitted.number) in page and f'href="{handle_url(submitted)}">查看</a>' in page
