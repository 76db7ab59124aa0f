"""会议评审: create a meeting, add only eligible applications, record votes and results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import actions
from results.models import Meeting, MeetingResult
from results.tests.conftest import pay
from testing.pages import signed_in, text
from testing.results_world import Clock, receive, vote

pytestmark = pytest.mark.django_db

MEETINGS = reverse("results:meetings")


def meeting_url(meeting: Meeting, name: str = "meeting") -> str:
    return reverse(f"results:{name}", args=[meeting.pk])


def result_url(result: MeetingResult, name: str = "meeting_result") -> str:
    return reverse(f"results:{name}", args=[result.meeting_id, result.pk])


def votes(result: MeetingResult, **changes: Any) -> dict[str, Any]:
    data = {
        "version": result.version,
        "members_present": 9,
        "votes_for": 7,
        "votes_against": 1,
        "votes_abstain": 1,
        "outcome": "passed",
    }
    data.update(changes)
    return data


# --- creating a meeting -------------------------------------------------------------------


def test_staff_create_a_meeting_of_their_committee(
    client: Client, committee_staff: User, clock: Clock, committee: ReviewCommittee
) -> None:
    response = signed_in(client, committee_staff).post(
        MEETINGS,
        {
            "year": clock.today.year,
            "name": "  中级  职称评审会议 ",
            "held_on": "2026-12-01",
            "members": "15",
        },
    )
    meeting = Meeting.objects.get()
    assert meeting.members == 15
    assert response.status_code == 302 and response["Location"] == meeting_url(meeting)
    assert meeting.committee == committee and meeting.created_by == committee_staff
    assert meeting.name == "中级 职称评审会议"  # white space collapsed
    assert "中级 职称评审会议" in text(client.get(MEETINGS))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"name": "<script>alert(1)</script>"}, "不能包含 &lt; 或 &gt;"),
        ({"name": "会议\u202e"}, "控制字符"),
        ({"name": "　　"}, "请填写会议名称"),
        ({"held_on": "2026-02-30"}, "有效的日期"),
        ({"year": "1999"}, "选择一个有效的选项"),
        ({"members": ""}, "请填写委员人数"),
        ({"members": "0"}, "大于或等于1"),
        ({"members": "abc"}, "输入整数"),
    ],
)
def test_a_bad_meeting_is_refused_and_what_was_typed_kept(
    client: Client, committee_staff: User, clock: Clock, data: dict[str, str], words: str
) -> None:
    post = {
        "year": clock.today.year,
        "name": "评审会议",
        "held_on": "2026-12-01",
        "members": "9",
        **data,
    }
    response = signed_in(client, committee_staff).post(MEETINGS, post)
    assert response.status_code == 400
    page = text(response)
    assert words in page
    assert not Meeting.objects.exists()
    if "held_on" in data:
        assert 'value="评审会议"' in page


def test_the_action_refuses_a_year_far_away(committee_staff: User, clock: Clock) -> None:
    with pytest.raises(Refused, match="年度应为") as refused:
        actions.create_meeting(
            committee_staff, year=clock.today.year - 3, name="旧会议", held_on=clock.today
        )
    assert refused.value.field == "year"


# --- adding applications ------------------------------------------------------------------


def test_the_add_page_lists_only_eligible_applications(
    client: Client,
    committee_staff: User,
    meeting: Meeting,
    passed_many: Callable[[int], list[Application]],
) -> None:
    ok, no_papers, missing, in_meeting = passed_many(4)
    receive(committee_staff, ok, in_meeting)
    actions.mark_paper(committee_staff, missing.pk, received=False, note="缺评审表")
    other = actions.create_meeting(
        committee_staff, year=meeting.year, name="另一次会议", held_on=meeting.held_on
    )
    actions.add_to_meeting(committee_staff, other.pk, [in_meeting.pk])

    page = text(signed_in(client, committee_staff).get(meeting_url(meeting, "meeting_add")))
    assert f'id="eligible-{ok.pk}"' in page
    for app in (no_papers, missing, in_meeting):
        assert f'id="eligible-{app.pk}"' not in page
        assert f'id="waiting-{app.pk}"' in page
    assert "尚未收到纸质材料" in page and "纸质材料缺失" in page and "已列入评审会议" in page


def test_adding_eligible_applications_puts_them_before_the_meeting(
    client: Client, committee_staff: User, meeting: Meeting, ready: Application
) -> None:
    response = signed_in(client, committee_staff).post(
        meeting_url(meeting, "meeting_add"), {"applications": [ready.pk]}
    )
    assert response.status_code == 302
    result = MeetingResult.objects.get()
    assert result.meeting == meeting and result.application == ready
    assert result.outcome == "pending"
    page = text(client.get(meeting_url(meeting)))
    assert f'id="r-{result.pk}"' in page and "待录入 1" in page


def test_an_ineligible_id_refuses_the_whole_batch_with_reasons(
    client: Client,
    committee_staff: User,
    meeting: Meeting,
    committee: ReviewCommittee,
    passed_many: Callable[[int], list[Application]],
    at_committee: Application,
) -> None:
    ok, unpaid = passed_many(2)
    receive(committee_staff, ok, unpaid)
    ReviewCommittee.objects.filter(pk=committee.pk).update(fee_mode="online")
    pay(ok)
    response = signed_in(client, committee_staff).post(
        meeting_url(meeting, "meeting_add"),
        {"applications": [ok.pk, unpaid.pk, at_committee.pk, 999999]},
    )
    assert response.status_code == 400
    page = text(response)
    assert f"{unpaid.number}：尚未缴纳评审费" in page
    assert f"{at_committee.number}：尚未通过形式审核" in page
    assert "#999999：申请书不存在或不属于本评审委员会" in page
    assert "本次未列入任何申请书" in page
    assert not MeetingResult.objects.exists()
    assert f'id="pick-{ok.pk}" checked' in page  # the choice is kept


def test_another_committees_application_is_refused(
    client: Client,
    other_staff: User,
    other_committee: ReviewCommittee,
    ready: Application,
) -> None:
    theirs = actions.create_meeting(
        other_staff, year=ready.year, name="喀什会议", held_on=ready.created_at.date()
    )
    response = signed_in(client, other_staff).post(
        meeting_url(theirs, "meeting_add"), {"applications": [ready.pk]}
    )
    assert response.status_code == 400
    assert "申请书不存在或不属于本评审委员会" in text(response)
    assert not MeetingResult.objects.exists()


@pytest.mark.parametrize("posted", [[], ["abc"], ["1; DROP TABLE"]])
def test_nothing_or_garbage_posted_adds_nothing(
    client: Client, committee_staff: User, meeting: Meeting, ready: Application, posted: list[str]
) -> None:
    response = signed_in(client, committee_staff).post(
        meeting_url(meeting, "meeting_add"), {"applications": posted}
    )
    assert response.status_code in (200, 400)
    assert not MeetingResult.objects.exists()
    page = text(response)
    assert "请至少选择一份申请书" in page or "提交的申请书编号无效" in page


def test_adding_twice_is_refused(
    committee_staff: User, meeting: Meeting, ready: Application
) -> None:
    actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    with pytest.raises(Refused, match="有 1 份申请书不符合列入会议的条件"):
        actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    assert actions.meeting_refusals(committee_staff, meeting, [ready.pk]) == [
        (ready.number, "已列入评审会议，不能重复列入。")
    ]
    assert MeetingResult.objects.count() == 1


# --- recording results --------------------------------------------------------------------


@pytest.fixture
def pending(meeting: Meeting, ready: Application, committee_staff: User) -> MeetingResult:
    (result,) = actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    return result


def test_recording_a_result_saves_votes_and_who(
    client: Client, committee_staff: User, pending: MeetingResult
) -> None:
    response = signed_in(client, committee_staff).post(result_url(pending), votes(pending))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (
        pending.members_present,
        pending.votes_for,
        pending.votes_against,
        pending.votes_abstain,
        pending.outcome,
    ) == (9, 7, 1, 1, "passed")
    assert pending.recorded_by == committee_staff and pending.recorded_at is not None
    assert pending.version == 2


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"votes_for": 8, "votes_against": 1, "votes_abstain": 1}, "超过了出席委员人数"),
        ({"members_present": 0}, "大于或等于1"),
        ({"votes_for": 5, "votes_against": 3}, "结果不能为“通过”"),
        ({"outcome": "failed"}, "结果应为“通过”"),
        ({"votes_for": "七"}, "输入整数"),
        ({"votes_against": -1}, "大于或等于0"),
        ({"outcome": "通过"}, "选择一个有效的选项"),
        ({"outcome": ""}, "必填"),
    ],
)
def test_silly_votes_are_refused_and_kept_on_the_page(
    client: Client,
    committee_staff: User,
    pending: MeetingResult,
    changes: dict[str, Any],
    words: str,
) -> None:
    response = signed_in(client, committee_staff).post(
        result_url(pending), votes(pending, **changes)
    )
    assert response.status_code == 400
    page = text(response)
    assert words in page
    assert 'class="row-error"' in page
    pending.refresh_from_db()
    assert pending.outcome == "pending" and pending.members_present is None


def test_a_stale_page_changes_nothing(
    client: Client, committee_staff: User, pending: MeetingResult
) -> None:
    stale = votes(pending)
    vote(committee_staff, pending, "failed", 9, 2, 7, 0)
    response = signed_in(client, committee_staff).post(result_url(pending), stale)
    assert response.status_code == 400
    assert "已在其他窗口或由他人更改" in text(response)
    pending.refresh_from_db()
    assert pending.outcome == "failed" and pending.votes_for == 2


def test_a_pending_application_can_be_taken_off_but_not_a_voted_one(
    client: Client, committee_staff: User, pending: MeetingResult, ready: Application
) -> None:
    signed_in(client, committee_staff)
    vote(committee_staff, pending)
    client.post(result_url(pending, "meeting_remove"))
    assert MeetingResult.objects.filter(pk=pending.pk).exists()
    assert "已录入评审结果的申请书不能移出会议" in text(client.get(meeting_url(pending.meeting)))

    MeetingResult.objects.filter(pk=pending.pk).update(
        outcome="pending",
        members_present=None,
        votes_for=None,
        votes_against=None,
        votes_abstain=None,
    )
    client.post(result_url(pending, "meeting_remove"))
    assert not MeetingResult.objects.exists()


def test_results_are_frozen_once_published(
    client: Client, committee_staff: User, publicity: Any, voted: MeetingResult
) -> None:
    response = signed_in(client, committee_staff).post(
        result_url(voted), votes(voted, outcome="failed", votes_for=2, votes_against=6)
    )
    assert response.status_code == 400
    assert "评审结果已公示，不能再更改" in text(response)
    voted.refresh_from_db()
    assert voted.outcome == "passed"
    page = text(client.get(meeting_url(voted.meeting)))
    assert (
        "不能再增加申请书或更改评审结果" in page
        and 'action="/results/meetings' not in page.split('id="result-list"')[1]
    )


# --- someone else's ids -------------------------------------------------------------------


def test_another_committees_meeting_is_404_everywhere(
    client: Client, other_staff: User, pending: MeetingResult
) -> None:
    meeting = pending.meeting
    signed_in(client, other_staff)
    for name in ("meeting", "meeting_add", "meeting_template"):
        assert client.get(meeting_url(meeting, name)).status_code == 404, name
    assert client.post(meeting_url(meeting, "meeting_add"), {"applications": []}).status_code == 404
    assert client.post(meeting_url(meeting, "meeting_import"), {}).status_code == 404
    assert client.post(result_url(pending), votes(pending)).status_code == 404
    assert client.post(result_url(pending, "meeting_remove")).status_code == 404
    assert f'id="meeting-{meeting.pk}"' not in text(client.get(MEETINGS))
    pending.refresh_from_db()
    assert pending.outcome == "pending" and MeetingResult.objects.count() == 1


@pytest.mark.parametrize("who", ["applicant", "outsider", "dept_reviewer"])
def test_other_roles_get_403(
    client: Client, request: pytest.FixtureRequest, pending: MeetingResult, who: str
) -> None:
    signed_in(client, request.getfixturevalue(who))
    assert client.get(MEETINGS).status_code == 403
    assert client.get(meeting_url(pending.meeting)).status_code == 403
    assert client.post(result_url(pending), votes(pending)).status_code == 403
    pending.refresh_from_db()
    assert pending.outcome == "pending"


def test_anonymous_is_sent_to_sign_in(client: Client, pending: MeetingResult) -> None:
    for url in (MEETINGS, meeting_url(pending.meeting), reverse("results:papers")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
