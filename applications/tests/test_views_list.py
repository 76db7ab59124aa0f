"""我的申请书: label, chain, deadline, status and the actions each state offers."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application, Status
from applications.tests.pages import current_node, returned, signed_in, text
from catalog.models import Level, Title
from orgs.models import ApplicationWindow, Contact, Department

LIST = reverse("applications:list")


def actions_of(html: str, app: Application) -> str:
    """The action buttons of one application's card."""
    card = html.split(f'id="app-{app.pk}"', 1)[1].split("</article>", 1)[0]
    return card.split('class="app-actions"', 1)[1].split("</div>", 1)[0]


def test_it_shows_the_number_label_unit_committee_and_deadline(
    client: Client, draft: Application
) -> None:
    html = text(signed_in(client, draft.applicant).get(LIST))
    assert str(draft.number) in html
    assert "[乌鲁木齐市][中级]社会科学研究/助理研究员" in html
    assert "新疆财经大学" in html and "乌鲁木齐市评审委员会" in html
    assert "距提交截止还有7天" in html
    assert f"申请年度：{draft.year}" in html
    assert "[申请人] 办理时间:" in html
    assert "已提交 0/2 次" in html


def test_the_chain_is_drawn_with_the_current_node_and_contacts(
    client: Client, draft: Application
) -> None:
    Contact.objects.create(committee=draft.committee, name="赵老师", phone="0991-5550000")
    html = text(signed_in(client, draft.applicant).get(LIST))
    labels = re.findall(r'<span class="chain-label">([^<]+)<', html)
    assert labels == ["申请人", "基层工作单位", "地厅级材料接收部门", "评审机构", "通过形式审核"]
    assert current_node(html) == ["申请人"]
    assert "联系人：赵老师 电话：0991-5550000" in html  # the committee node's hover text


def test_a_draft_offers_edit_change_delete_and_library(client: Client, draft: Application) -> None:
    buttons = actions_of(text(signed_in(client, draft.applicant).get(LIST)), draft)
    for label in ("编辑申请书/提交", "更改资格", "删除", "附件库"):
        assert label in buttons, label
    assert "收回" not in buttons
    assert reverse("applications:edit", args=[draft.pk]) in buttons


def test_a_submitted_one_offers_recall_only(client: Client, submitted: Application) -> None:
    html = text(signed_in(client, submitted.applicant).get(LIST))
    buttons = actions_of(html, submitted)
    assert "收回" in buttons and reverse("applications:recall", args=[submitted.pk]) in buttons
    for label in ("编辑申请书/提交", "更改资格", "删除"):
        assert label not in buttons, label
    assert current_node(html) == ["基层工作单位"]
    assert "[申请人]提交到[基层工作单位] 办理时间:" in html
    assert "已提交 1/2 次" in html


def test_once_the_unit_passed_it_there_is_no_recall(
    client: Client, at_department: Application
) -> None:
    html = text(signed_in(client, at_department.applicant).get(LIST))
    assert "收回" not in actions_of(html, at_department)
    assert current_node(html) == ["地厅级材料接收部门"]


def test_a_returned_one_shows_the_opinions_link_in_red(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    returned(submitted, unit_admin, comment="单位性质选择错误")
    html = text(signed_in(client, submitted.applicant).get(LIST))
    buttons = actions_of(html, submitted)
    assert "编辑申请书/提交" in buttons and "更改资格" in buttons
    assert "删除" not in buttons  # it has been submitted once
    link = reverse("applications:opinions", args=[submitted.pk])
    assert f'class="opinions-link returned" href="{link}">查看修改意见' in html
    assert "[基层工作单位]退回到[申请人]" in html


def test_a_closed_window_reads_as_days_since(client: Client, draft: Application) -> None:
    now = timezone.now()
    ApplicationWindow.objects.update(
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=3, hours=1)
    )
    html = text(signed_in(client, draft.applicant).get(LIST))
    assert "提交已截止3天" in html


def test_before_formal_review_only_test_prints_and_no_fee(
    client: Client, draft: Application
) -> None:
    buttons = actions_of(text(signed_in(client, draft.applicant).get(LIST)), draft)
    assert "评审表打印预览" in buttons and "职称材料袋基本信息打印预览" in buttons
    assert "评审表打印</a>" not in buttons and "缴费" not in buttons
    assert f"/documents/{draft.pk}/review-form/test/" in buttons


def test_after_formal_review_official_prints_fee_and_paper_requirements(
    client: Client, at_committee: Application, committee_staff: User
) -> None:
    from orgs.models import FeeRule
    from reviews import actions as review_actions

    committee = at_committee.committee
    committee.fee_mode = "offline"
    committee.paper_contents = "评审表一式三份"
    committee.save()
    FeeRule.objects.create(committee=committee, level=at_committee.level, amount="300.00")
    review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
    html = text(signed_in(client, at_committee.applicant).get(LIST))
    buttons = actions_of(html, at_committee)
    assert f"/documents/{at_committee.pk}/review-form/official/" in buttons
    assert "评审表打印预览" not in buttons
    assert f'href="/payments/pay/{at_committee.pk}/"' in buttons
    assert "缴费" in buttons
    assert "评审表一式三份" in html  # 纸质材料报送要求


def test_only_the_applicants_own_applications_are_listed(
    client: Client, draft: Application, outsider: User
) -> None:
    html = text(signed_in(client, outsider).get(LIST))
    assert str(draft.number) not in html
    assert "您还没有申请书" in html


def test_other_roles_may_not_open_it(client: Client, unit_admin: User) -> None:
    assert signed_in(client, unit_admin).get(LIST).status_code == 403


# --- the query count does not grow with the number of applications -------------------------


NODES_WITH_DEPARTMENT: list[dict[str, Any]] = [
    {"label": "基层工作单位", "actor": "base_unit", "department_id": None, "department_level": ""},
    {"label": "人社局", "actor": "department", "department_id": 0, "department_level": ""},
    {"label": "评审机构", "actor": "committee", "department_id": None, "department_level": ""},
]


def _nodes(department: Department) -> list[dict[str, Any]]:
    nodes = [dict(n) for n in NODES_WITH_DEPARTMENT]
    nodes[1]["department_id"] = department.pk
    return nodes


def _add_applications(
    draft: Application, department: Department, count: int, start: int = 0
) -> None:
    """More applications of the same applicant in mixed states, each chain naming a department."""
    states = [(Status.DRAFT, 0), (Status.IN_REVIEW, 2), (Status.RETURNED, 0), (Status.PASSED, 3)]
    for i in range(start, start + count):
        title = Title.objects.create(series=draft.series, level=Level.INTERMEDIATE, name=f"资格{i}")
        status, position = states[i % len(states)]
        Application.objects.create(
            number=f"RSSQX{i:05d}",
            year=draft.year,
            applicant=draft.applicant,
            series=draft.series,
            level=title.level,
            title=title,
            specialty=draft.specialty,
            unit=draft.unit,
            committee=draft.committee,
            template=draft.template,
            status=status,
            position=position,
            submission_count=1 if position else 0,
            nodes=_nodes(department),
        )


def _count_queries(client: Client) -> tuple[int, str]:
    """Statements of the page once settled: the first page after reference rows were written
    (titles here) reads them again (orgs.refrows, ADR 0042), so it is drawn once first."""
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), text(response)


def test_the_page_costs_the_same_queries_for_5_and_50(
    client: Client, draft: Application, department: Department
) -> None:
    Contact.objects.create(department=department, name="钱老师", phone="0991-5551111")
    Contact.objects.create(committee=draft.committee, name="赵老师", phone="0991-5550000")
    Application.objects.filter(pk=draft.pk).update(nodes=_nodes(department))
    # One in each state (a passed one makes the fee and paper to-dos ask their question).
    _add_applications(draft, department, 4)
    signed_in(client, draft.applicant).get(LIST)  # the session settles (region) on the first page
    five, html = _count_queries(client)
    assert html.count('class="app-card"') == 5
    assert "乌鲁木齐市人社局" in html and "钱老师" in html  # the fixed department was drawn

    _add_applications(draft, department, 45, start=4)
    fifty, html = _count_queries(client)
    assert html.count('class="app-card"') == 50
    assert html.count('title="乌鲁木齐市人社局，联系人：钱老师') == 50
    assert fifty == five


def test_a_passed_one_is_marked_and_offers_no_changes(
    client: Client, at_committee: Application, committee_staff: User
) -> None:
    from reviews import actions as review_actions

    review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
    html = text(signed_in(client, at_committee.applicant).get(LIST))
    assert '<span class="tag tag-ok">已通过形式审核</span>' in html
    buttons = actions_of(html, at_committee)
    for label in ("编辑申请书/提交", "收回", "更改资格", "删除"):
        assert label not in buttons, label
    assert "查看信息" in buttons
    assert current_node(html) == []  # every node done
    assert "距提交截止" not in html


def test_the_applications_are_read_once_and_the_menu_todos_are_those_of_a_fresh_read(
    client: Client, draft: Application, department: Department
) -> None:
    from accounts import todo

    _add_applications(draft, department, 8)  # draft, in review, returned and passed ones
    signed_in(client, draft.applicant).get(LIST)
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    reads = every_application_read(queries.captured_queries)
    assert reads == 1  # the list's; the menu's 待办 use the same rows
    # The badges and to-dos drawn are those the applicant's other pages compute afresh.
    fresh = todo.todos_for(User.objects.get(pk=draft.applicant_id))
    assert fresh and any(t.menu == "applications:list" for t in fresh)
    html = text(response)
    badge = sum(t.count for t in fresh if t.menu == "applications:list")
    assert f'aria-label="{badge} 项待办"' in html
    # A type's own list reads only that type's: the to-dos read all of them themselves.
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("applications:list_special"))
    assert every_application_read(queries.captured_queries) == 1  # the to-dos' own


def every_application_read(captured: list[dict[str, str]]) -> int:
    """Statements that read all of an applicant's applications (no other condition)."""
    everything = re.compile(r'WHERE "applications_application"\."applicant_id" = \S+ ORDER BY')
    return sum(bool(everything.search(q["sql"])) for q in captured)
