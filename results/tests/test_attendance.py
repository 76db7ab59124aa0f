"""A typed or imported result needs attendance of ⌈2/3⌉ of the meeting's 委员人数 (issue 14)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from conftest import upload
from lib.refusal import Refused
from results import actions, excel, rules
from results.models import Meeting, MeetingResult
from results.tests.conftest import xlsx
from testing.pages import signed_in, text

pytestmark = pytest.mark.django_db


def test_quorum_is_two_thirds_rounded_up() -> None:
    assert [rules.quorum(n) for n in (3, 9, 10, 15, 16)] == [2, 6, 7, 10, 11]
    assert rules.attendance_error(6, 9) is None
    assert rules.attendance_error(4, None) is None  # a meeting without a recorded membership
    assert "会议无效" in (rules.attendance_error(5, 9) or "")
    assert "超过了本次会议的委员人数" in (rules.attendance_error(10, 9) or "")


@pytest.fixture
def nine(meeting: Meeting, ready: Application, committee_staff: User) -> MeetingResult:
    """张三's application before a meeting of a committee of 9 members."""
    Meeting.objects.filter(pk=meeting.pk).update(members=9)
    (result,) = actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    return result


def test_a_typed_result_below_two_thirds_is_refused(
    nine: MeetingResult, committee_staff: User
) -> None:
    with pytest.raises(Refused, match="不足委员人数（9 人）的三分之二（至少 6 人）") as refused:
        actions.record_result(
            committee_staff,
            nine.pk,
            members_present=5,
            votes_for=5,
            votes_against=0,
            votes_abstain=0,
            outcome="passed",
            expected_version=nine.version,
        )
    assert refused.value.field == "members_present"
    nine.refresh_from_db()
    assert nine.outcome == "pending" and nine.members_present is None
    done = actions.record_result(
        committee_staff,
        nine.pk,
        members_present=6,
        votes_for=4,
        votes_against=2,
        votes_abstain=0,
        outcome="passed",
        expected_version=nine.version,
    )
    assert done.outcome == "passed"


def test_an_imported_row_below_two_thirds_is_refused_with_the_row(
    client: Client, nine: MeetingResult, committee_staff: User
) -> None:
    url = reverse("results:meeting_import", args=[nine.meeting_id])
    content = xlsx([[nine.application.number, 5, 5, 0, 0, "通过"]])
    response = signed_in(client, committee_staff).post(
        url, {"file": upload("结果.xlsx", content, excel.XLSX_CONTENT_TYPE)}
    )
    assert response.status_code == 400
    page = text(response)
    assert "未导入任何结果" in page
    assert "出席委员 5 人，不足委员人数（9 人）的三分之二（至少 6 人），会议无效" in page
    nine.refresh_from_db()
    assert nine.outcome == "pending"


def test_a_revote_moves_only_a_failed_result(
    voted: MeetingResult, committee_staff: User, clock: object
) -> None:
    """`record_revote` (the experts app's upheld 复查) refuses a result that did not fail."""
    second = actions.create_meeting(
        committee_staff, year=voted.meeting.year, name="复查会议", held_on=voted.meeting.held_on
    )
    with pytest.raises(Refused, match="只有评审未通过的申请书"):
        actions.record_revote(
            committee_staff,
            voted.application_id,
            second.pk,
            members_present=3,
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
            outcome="passed",
        )
    voted.refresh_from_db()
    assert voted.meeting_id != second.pk and voted.outcome == "passed"
