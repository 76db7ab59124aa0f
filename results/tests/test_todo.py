"""纸质材料 wait on the applicant's 我的主页 until the committee marks them received (ADR 0038):
to hand in, with the committee's deadline (urgent within 3 days or past), or reported missing
with the committee's note (urgent). The queries do not grow with the applications."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from orgs.models import ReviewCommittee
from results import actions
from testing.pages import signed_in, text

HOME = reverse("accounts:home")


def todo_of(html: str) -> str:
    return html.split('id="todo"', 1)[1].split("</section>", 1)[0]


def item_of(todo: str, needle: str) -> str:
    """The <li> of the to-do list that contains `needle`."""
    before, after = todo.split(needle, 1)
    return before.rsplit("<li", 1)[1] + needle + after.split("</li>", 1)[0]


def set_deadline(committee: ReviewCommittee, days: int) -> str:
    day = timezone.localdate() + timedelta(days=days)
    ReviewCommittee.objects.filter(pk=committee.pk).update(paper_deadline=day)
    return day.isoformat()


def test_papers_to_hand_in_wait_with_the_committees_deadline(
    client: Client, passed: Application
) -> None:
    day = set_deadline(passed.committee, 20)
    html = text(signed_in(client, passed.applicant).get(HOME))
    item = item_of(todo_of(html), "请向评审委员会报送纸质材料")
    assert f"申请书 {passed.number} 请向评审委员会报送纸质材料" in item
    assert f"报送截止日期 {day}" in item
    assert "todo-urgent" not in item  # 20 days left
    assert reverse("results:mine") + f"#result-{passed.pk}" in item
    # The page it links to has that card, and 评审结果查询 in the menu carries the count.
    assert f'id="result-{passed.pk}"' in text(client.get(reverse("results:mine")))
    menu = html.split('class="side-menu"', 1)[1].split("</nav>", 1)[0]
    entry = menu.split(reverse("results:mine") + '"', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge"' in entry and ">1</span>" in entry


def test_without_a_deadline_the_applicant_is_told_to_watch_for_it(
    client: Client, passed: Application
) -> None:
    item = item_of(todo_of(text(signed_in(client, passed.applicant).get(HOME))), "报送纸质材料")
    assert "报送截止日期请关注评审委员会通知" in item


def test_a_near_or_past_deadline_is_urgent(client: Client, passed: Application) -> None:
    set_deadline(passed.committee, 2)
    signed_in(client, passed.applicant)
    assert "todo-urgent" in item_of(todo_of(text(client.get(HOME))), "报送纸质材料")
    day = set_deadline(passed.committee, -1)
    item = item_of(todo_of(text(client.get(HOME))), "报送纸质材料")
    assert "todo-urgent" in item and f"报送截止日期 {day} 已过" in item


def test_missing_papers_are_urgent_with_the_committees_note(
    client: Client, passed: Application, committee_staff: User
) -> None:
    actions.mark_paper(committee_staff, passed.pk, received=False, note="缺少学历证书复印件")
    todo = todo_of(text(signed_in(client, passed.applicant).get(HOME)))
    item = item_of(todo, "纸质材料缺失")
    assert f"申请书 {passed.number} 的纸质材料缺失，请按评审委员会的说明补交" in item
    assert "缺少学历证书复印件" in item and "todo-urgent" in item
    assert "请向评审委员会报送纸质材料" not in todo


def test_received_papers_wait_for_nothing(
    client: Client, passed: Application, committee_staff: User
) -> None:
    actions.mark_paper(committee_staff, passed.pk, received=True)
    assert "纸质材料" not in todo_of(text(signed_in(client, passed.applicant).get(HOME)))


def test_before_formal_review_no_papers_are_asked_for(
    client: Client, at_committee: Application
) -> None:
    assert "纸质材料" not in todo_of(text(signed_in(client, at_committee.applicant).get(HOME)))


def test_staff_and_other_applicants_see_none_of_it(
    client: Client, passed: Application, committee_staff: User, outsider: User
) -> None:
    assert "报送纸质材料" not in text(signed_in(client, committee_staff).get(HOME))
    assert "报送纸质材料" not in text(signed_in(client, outsider).get(HOME))


def _home_queries(client: Client, user: User) -> int:
    signed_in(client, user).get(HOME)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


def test_the_home_costs_the_same_with_1_or_12_passed_applications(
    client: Client, passed: Application, committee_staff: User
) -> None:
    one = _home_queries(client, passed.applicant)
    # Earlier years' passed applications (one a year per title), some with papers missing.
    for i in range(11):
        copy = Application.objects.get(pk=passed.pk)
        copy.pk, copy.number, copy.year = None, f"{passed.number}-{i}", passed.year - 1 - i
        copy.save()
        if i % 3 == 0:
            actions.mark_paper(committee_staff, copy.pk, received=False, note="缺少封面")
    twelve = _home_queries(client, passed.applicant)
    todo = todo_of(text(client.get(HOME)))
    assert todo.count("报送纸质材料") + todo.count("纸质材料缺失") == 12
    assert one == twelve
