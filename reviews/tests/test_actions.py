"""reviews.actions changes made with the review pages: an incomplete unit may not review at
all, the recommendation's person and mobile are checked, CRLF counts as one character, and
a stale request says whether the application left the node or changed at it."""

from __future__ import annotations

import pytest

from accounts.models import User
from applications import actions, workflow
from applications.models import Application, HistoryEntry, Status
from applications.workflow import STALE
from lib.refusal import Refused, Stale
from orgs.models import BaseUnit
from reviews import actions as review_actions
from reviews.models import Recommendation, SectionComment
from testing.worlds import recommend

pytestmark = pytest.mark.django_db

OPINION = "该同志政治立场坚定，业绩突出，同意推荐。"


def test_an_incomplete_unit_may_not_comment_recommend_or_return(
    submitted: Application, unit_admin: User
) -> None:
    BaseUnit.objects.filter(pk=submitted.unit_id).update(phone="")
    with pytest.raises(Refused, match="单位信息未完善"):
        review_actions.save_comment(unit_admin, submitted.pk, "basic", "意见")
    with pytest.raises(Refused, match="单位信息未完善"):
        review_actions.save_recommendation(
            unit_admin, submitted.pk, person="张负责", mobile="13900000001", opinion=OPINION
        )
    with pytest.raises(Refused, match="单位信息未完善"):
        review_actions.return_application(
            unit_admin, submitted.pk, opinion="退回", expected_version=None
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW and submitted.position == 1
    assert not SectionComment.objects.exists() and not Recommendation.objects.exists()
    assert not HistoryEntry.objects.filter(action="return").exists()


def test_a_completed_unit_may_review_again(submitted: Application, unit_admin: User) -> None:
    BaseUnit.objects.filter(pk=submitted.unit_id).update(phone="")
    with pytest.raises(Refused):
        review_actions.save_comment(unit_admin, submitted.pk, "basic", "意见")
    BaseUnit.objects.filter(pk=submitted.unit_id).update(phone="0991-1234567")
    assert review_actions.save_comment(unit_admin, submitted.pk, "basic", "意见") is not None


def test_the_department_is_not_held_to_the_units_completeness(
    at_department: Application, dept_reviewer: User
) -> None:
    BaseUnit.objects.filter(pk=at_department.unit_id).update(phone="")
    app = review_actions.pass_application(dept_reviewer, at_department.pk, expected_version=None)
    assert app.current_label == "评审机构"


@pytest.mark.parametrize(
    ("person", "mobile", "message"),
    [
        ("", "13900000001", "职称工作负责人"),
        ("   ", "13900000001", "职称工作负责人"),
        ("张负责", "1390000000", "11 位手机号码"),
        ("张负责", "23900000001", "11 位手机号码"),
    ],
)
def test_the_recommendation_needs_a_person_and_a_mobile(
    submitted: Application, unit_admin: User, person: str, mobile: str, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        review_actions.save_recommendation(
            unit_admin, submitted.pk, person=person, mobile=mobile, opinion=OPINION
        )
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("opinion", ["九" * 9, "长" * 1001, " " * 10, "\u3000" * 10, "\r\n" * 10])
def test_the_recommendation_length_is_checked_by_the_action_too(
    submitted: Application, unit_admin: User, opinion: str
) -> None:
    with pytest.raises(Refused, match="10 到 1000 字"):
        review_actions.save_recommendation(
            unit_admin, submitted.pk, person="张负责", mobile="13900000001", opinion=opinion
        )
    assert not Recommendation.objects.exists()


def test_crlf_counts_as_one_character(submitted: Application, unit_admin: User) -> None:
    opinion = "好" * 500 + "\r\n" + "好" * 499
    rec = review_actions.save_recommendation(
        unit_admin, submitted.pk, person="张负责", mobile="13900000001", opinion=opinion
    )
    assert rec.opinion == "好" * 500 + "\n" + "好" * 499
    review_actions.save_comment(unit_admin, submitted.pk, "basic", "意" * 999 + "\r\n")
    app = review_actions.return_application(
        unit_admin, submitted.pk, opinion="退" * 998 + "\r\n" + "回", expected_version=None
    )
    assert app.history.get(action="return").opinion == "退" * 998 + "\n回"


def test_a_pass_opinion_over_1000_is_refused(
    at_department: Application, dept_reviewer: User
) -> None:
    with pytest.raises(Refused, match="审核意见不能超过 1000 字"):
        review_actions.pass_application(
            dept_reviewer, at_department.pk, opinion="长" * 1001, expected_version=None
        )
    at_department.refresh_from_db()
    assert at_department.current_label == "地厅级材料接收部门"


def test_stale_at_the_node_says_it_changed(submitted: Application, unit_admin: User) -> None:
    old = submitted.version
    actions.recall(submitted.applicant, submitted.pk, expected_version=None)
    actions.submit(submitted.applicant, submitted.pk, expected_version=None)
    with pytest.raises(Stale) as caught:
        review_actions.return_application(
            unit_admin, submitted.pk, opinion="退回", expected_version=old
        )
    assert caught.value.message == str(STALE)


def test_stale_after_it_moved_on_says_it_left(submitted: Application, unit_admin: User) -> None:
    old = submitted.version
    recommend(submitted, unit_admin)
    review_actions.pass_application(unit_admin, submitted.pk, expected_version=old)
    with pytest.raises(Stale) as caught:
        review_actions.pass_application(unit_admin, submitted.pk, expected_version=old)
    assert caught.value.message == str(workflow.NOT_YOURS)


def test_holds_names_only_the_current_node(
    at_department: Application,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    other_unit_admin: User,
) -> None:
    assert workflow.holds(dept_reviewer, at_department)
    assert not workflow.holds(unit_admin, at_department)
    assert not workflow.holds(committee_staff, at_department)
    assert not workflow.holds(other_unit_admin, at_department)
