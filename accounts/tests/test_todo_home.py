"""我的主页 starts with what waits for the person (待办事项); the menu and header show the counts.

ADR 0038. Each role: the applicant's returned and unsubmitted applications with the days left,
unread messages; the unit's, department's and committee's queue (待审核 N 份, the oldest's
days); hr_admin's 账号找回 appeals. The queries do not grow with the number waiting.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from catalog.models import Specialty, Title
from lib.outbox import notify
from orgs.models import BaseUnit
from recovery.models import Appeal
from reviews import actions as review_actions
from testing.pages import signed_in
from testing.worlds import submit_many

HOME = reverse("accounts:home")


def todo_of(html: str) -> str:
    return html.split('id="todo"', 1)[1].split("</section>", 1)[0]


def side_menu_of(html: str) -> str:
    return html.split('class="side-menu"', 1)[1].split("</nav>", 1)[0]


def test_an_applicant_with_nothing_waiting_is_told_so(client: Client, applicant: User) -> None:
    html = signed_in(client, applicant).get(HOME).content.decode()
    assert "待办事项" in todo_of(html) and "目前没有需要您办理的事项。" in todo_of(html)
    assert html.index('id="todo"') < html.index("个人资料")


def test_it_lists_an_unsubmitted_application_with_the_days_left(
    client: Client, draft: Application
) -> None:
    html = signed_in(client, draft.applicant).get(HOME).content.decode()
    todo = todo_of(html)
    assert f"申请书 {draft.number}（{draft.title.name}）尚未提交" in todo
    assert "距提交截止还有7天" in todo
    assert reverse("applications:edit", args=[draft.pk]) in todo
    # The menu entry 我的申请书 carries the count.
    menu = side_menu_of(html)
    entry = menu.split(reverse("applications:list") + '"', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge"' in entry and ">1</span>" in entry


def test_a_returned_application_comes_first_and_urgent(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    review_actions.return_application(
        unit_admin, submitted.pk, opinion="请补充学历证书。", expected_version=None
    )
    todo = todo_of(signed_in(client, submitted.applicant).get(HOME).content.decode())
    assert 'class="todo-item todo-urgent"' in todo
    assert (
        f"申请书 {submitted.number}（{submitted.title.name}）已退回修改，请修改后重新提交" in todo
    )


def test_a_submitted_application_no_longer_waits_for_the_applicant(
    client: Client, submitted: Application
) -> None:
    html = signed_in(client, submitted.applicant).get(HOME).content.decode()
    assert "目前没有需要您办理的事项。" in todo_of(html)


def test_unread_messages_show_on_the_home_page_and_in_the_header(
    client: Client, applicant: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify([applicant], "评审结果已公布", "请查看。")
        notify([applicant], "材料已收到", "请查看。")
    signed_in(client, applicant)
    html = client.get(HOME).content.decode()
    assert "2 条未读消息" in todo_of(html)
    # Every page's header, not only the home page.
    page = client.get(reverse("accounts:profile")).content.decode()
    header = page.split('id="header-messages"', 1)[1].split("</a>", 1)[0]
    assert "消息" in header and ">2</span>" in header and "2 条未读" in header


def test_the_unit_sees_how_many_wait_and_for_how_long(
    client: Client, submitted: Application, unit_admin: User
) -> None:
    Application.objects.filter(pk=submitted.pk).update(
        last_action_at=timezone.now() - timedelta(days=4, hours=1)
    )
    html = signed_in(client, unit_admin).get(HOME).content.decode()
    todo = todo_of(html)
    assert "申请书待审核 1 份" in todo and "最早的已等待 4 天" in todo
    assert reverse("reviews:queue") in todo
    entry = side_menu_of(html).split(reverse("reviews:queue") + '"', 1)[1].split("</li>", 1)[0]
    assert ">1</span>" in entry


def test_the_department_and_the_committee_see_their_own_queues(
    client: Client, at_department: Application, dept_reviewer: User, committee_staff: User
) -> None:
    assert "申请书待审核 1 份" in todo_of(
        signed_in(client, dept_reviewer).get(HOME).content.decode()
    )
    assert "目前没有需要您办理的事项。" in todo_of(
        signed_in(client, committee_staff).get(HOME).content.decode()
    )


def test_another_units_admin_sees_nothing_of_unit_a(
    client: Client, submitted: Application, other_unit_admin: User
) -> None:
    assert "申请书待审核" not in signed_in(client, other_unit_admin).get(HOME).content.decode()


def test_hr_admin_sees_the_appeals_to_review(client: Client, hr_admin: User) -> None:
    for mobile in ("13900000011", "13900000012"):
        Appeal.objects.create(kind=Appeal.Kind.PERSON, real_name="王五", contact_mobile=mobile)
    html = signed_in(client, hr_admin).get(HOME).content.decode()
    todo = todo_of(html)
    assert "账号找回申请待审核 2 个" in todo and reverse("recovery:reviews") in todo
    entry = side_menu_of(html).split(reverse("recovery:reviews") + '"', 1)[1].split("</li>", 1)[0]
    assert ">2</span>" in entry


def _home_queries(client: Client, user: User) -> int:
    signed_in(client, user).get(HOME)  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_units_home_costs_the_same_with_1_or_50_waiting(
    client: Client,
    unit_admin: User,
    chain_world: object,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
) -> None:
    submit_many(1, qualification=title, field=specialty, unit=unit_a)
    one = _home_queries(client, unit_admin)
    submit_many(49, qualification=title, field=specialty, unit=unit_a, start=1)
    fifty = _home_queries(client, unit_admin)
    assert "申请书待审核 50 份" in todo_of(client.get(HOME).content.decode())
    assert one == fifty


def test_the_applicants_home_costs_the_same_with_1_or_20_drafts(
    client: Client, draft: Application
) -> None:
    one = _home_queries(client, draft.applicant)
    # Copies in earlier years (one a year per title); the count is what matters.
    for i in range(19):
        copy = Application.objects.get(pk=draft.pk)
        copy.pk, copy.number, copy.year = None, f"{draft.number}-{i}", draft.year - 1 - i
        copy.save()
    twenty = _home_queries(client, draft.applicant)
    assert todo_of(client.get(HOME).content.decode()).count("尚未提交") == 20
    assert one == twenty
