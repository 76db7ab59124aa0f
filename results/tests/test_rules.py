"""The rules, each tested where it lives: the 2/3 vote rule, eligibility, publicity periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accounts.models import User
from applications.models import Application
from orgs.models import ReviewCommittee
from results import actions, rules
from results.models import Meeting
from results.tests.conftest import pay
from reviews import actions as review_actions
from testing.results_world import Clock, receive

# --- votes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "need"), [(1, 1), (2, 2), (3, 2), (4, 3), (9, 6), (10, 7), (15, 10), (25, 17)]
)
def test_passing_needs_two_thirds_of_those_present_rounded_up(present: int, need: int) -> None:
    assert rules.votes_needed(present) == need
    assert rules.passes(present, need)
    assert not rules.passes(present, need - 1)


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        ((9, 6, 2, 1), "passed"),  # exactly two thirds
        ((9, 5, 4, 0), "failed"),
        ((9, 0, 0, 0), "failed"),  # nobody voted for: a failure, not an error
        ((1, 1, 0, 0), "passed"),
        ((100, 67, 33, 0), "passed"),
    ],
)
def test_it_accepts_votes_that_give_the_result(
    votes: tuple[int, int, int, int], outcome: str
) -> None:
    assert rules.vote_errors(*votes, outcome) == {}


@pytest.mark.parametrize(
    ("votes", "outcome", "key", "words"),
    [
        ((0, 0, 0, 0), "failed", "members_present", "至少为 1 人"),
        ((101, 80, 0, 0), "passed", "members_present", "不能超过 100 人"),
        ((9, 7, 2, 1), "passed", "votes", "超过了出席委员人数"),
        ((9, 9, 1, 0), "passed", "votes", "超过了出席委员人数"),
        ((9, -1, 0, 0), "failed", "votes", "不能为负数"),
        ((9, 5, 4, 0), "passed", "outcome", "未达到出席委员（9 人）的三分之二（至少 6 票）"),
        ((10, 6, 4, 0), "passed", "outcome", "至少 7 票"),
        ((9, 6, 3, 0), "failed", "outcome", "结果应为“通过”"),
        ((9, 6, 3, 0), "maybe", "outcome", "应为“通过”或“不通过”"),
    ],
)
def test_it_refuses_silly_votes(
    votes: tuple[int, int, int, int], outcome: str, key: str, words: str
) -> None:
    errors = rules.vote_errors(*votes, outcome)
    assert key in errors
    assert words in errors[key]


# --- eligibility --------------------------------------------------------------------------


def _agree(app: Application, meeting: Meeting) -> str | None:
    """The reason from the Python rule, checked against the add page's query."""
    fetched = Application.objects.select_related(
        "committee", "paper_receipt", "payment", "meeting_result"
    ).get(pk=app.pk)
    reason = rules.ineligibility(fetched, meeting.committee_id, meeting.year)
    offered = rules.eligible(meeting.committee_id, meeting.year).filter(pk=app.pk).exists()
    assert offered == (reason is None), reason
    return reason


def test_eligibility_follows_papers_fees_and_meetings(
    passed: Application, committee_staff: User, meeting: Meeting, committee: ReviewCommittee
) -> None:
    assert _agree(passed, meeting) == "尚未收到纸质材料。"
    actions.mark_paper(committee_staff, passed.pk, received=False, note="缺少学历证书复印件")
    assert _agree(passed, meeting) == "纸质材料缺失。"
    receive(committee_staff, passed)
    assert _agree(passed, meeting) is None  # the committee charges nothing

    ReviewCommittee.objects.filter(pk=committee.pk).update(fee_mode="offline")
    assert _agree(passed, meeting) == "尚未缴纳评审费。"
    order = pay(passed, "unpaid")
    assert _agree(passed, meeting) == "尚未缴纳评审费。"
    order.status = "paid"
    order.save()
    assert _agree(passed, meeting) is None

    actions.add_to_meeting(committee_staff, meeting.pk, [passed.pk])
    assert _agree(passed, meeting) == "已列入评审会议，不能重复列入。"


def test_applications_not_passed_or_of_another_year_are_not_eligible(
    at_committee: Application, committee_staff: User, meeting: Meeting
) -> None:
    assert _agree(at_committee, meeting) == "尚未通过形式审核。"
    review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
    receive(committee_staff, at_committee)
    assert _agree(at_committee, meeting) is None
    other_year = Meeting.objects.create(
        committee=meeting.committee,
        year=meeting.year - 1,
        name="上年度会议",
        held_on=meeting.held_on,
        created_by=committee_staff,
    )
    assert "申请年度" in (_agree(at_committee, other_year) or "")


# --- periods ------------------------------------------------------------------------------


def test_a_publicity_runs_five_working_days_to_thirty_days_from_today(clock: Clock) -> None:
    # A Monday with no public holiday that week: Monday to Friday are five working days.
    clock.today = today = date(2026, 11, 2)
    assert rules.period_errors(today, today + timedelta(days=4)) == {}
    assert rules.period_errors(today, today + timedelta(days=29)) == {}
    assert "不少于 5 个工作日" in rules.period_errors(today, today + timedelta(days=3))["ends_on"]
    assert "不超过 30 天" in rules.period_errors(today, today + timedelta(days=30))["ends_on"]
    assert "不能早于开始日期" in rules.period_errors(today, today - timedelta(days=1))["ends_on"]
    assert (
        "不能早于今天"
        in rules.period_errors(today - timedelta(days=1), today + timedelta(5))["starts_on"]
    )


def test_the_period_counts_both_ends(clock: Clock) -> None:
    start, end = clock.today, clock.today + timedelta(days=6)
    assert not rules.in_period(start, end, start - timedelta(days=1))
    assert rules.in_period(start, end, start)
    assert rules.in_period(start, end, end)
    assert not rules.in_period(start, end, end + timedelta(days=1))
