"""Each workflow step tells exactly the right people, after its commit — and a refused
or rolled-back step tells nobody."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from applications import actions as app_actions
from applications.models import Application
from certificates.actions import issue_certificates
from certificates.models import Certificate
from lib.refusal import Refused
from notifications.models import Message
from orgs.models import ReviewCommittee
from results import actions as result_actions
from results.models import Meeting, MeetingResult, Publicity
from results.tests.conftest import xlsx
from reviews import actions as review_actions
from testing.certificates_world import make_approval
from testing.results_world import vote
from testing.worlds import recommend

pytestmark = pytest.mark.django_db


def received() -> list[tuple[str, str]]:
    """(username, subject) of every message, in a stable order."""
    return sorted(Message.objects.values_list("recipient__username", "subject"))


def mailed() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def nothing_sent() -> None:
    assert not Message.objects.exists()
    assert mail.outbox == []


# --- 提交 ---------------------------------------------------------------------------------


def test_submit_tells_the_applicant_and_the_units_admins(
    filled: Application,
    unit_admin: User,
    other_unit_admin: User,
    dept_reviewer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        app = app_actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert received() == [
        ("unit_a_admin", f"有新的申请书待审核：{app.number}"),
        ("zhangsan", f"申请书已提交：{app.number}"),
    ]
    assert mailed() == ["unit_a_admin@example.cn", "zhangsan@example.cn"]
    to_admin = Message.objects.get(recipient=unit_admin)
    assert to_admin.link == reverse("reviews:handle", args=[app.pk])
    assert to_admin.application_id == app.pk
    assert "张三" in to_admin.body and "基层工作单位" in to_admin.body
    to_applicant = Message.objects.get(recipient=filled.applicant)
    assert to_applicant.link == reverse("applications:detail", args=[app.pk])


def test_a_refused_submit_tells_nobody(
    submitted: Application, unit_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        app_actions.submit(submitted.applicant, submitted.pk, expected_version=None)
    nothing_sent()


def test_a_rolled_back_submit_tells_nobody(
    filled: Application, unit_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            app_actions.submit(filled.applicant, filled.pk, expected_version=None)
            raise RuntimeError("a later step failed")
    nothing_sent()
    filled.refresh_from_db()
    assert filled.submission_count == 0


# --- 退回 ---------------------------------------------------------------------------------


def test_return_tells_the_applicant_with_the_opinion(
    submitted: Application, unit_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review_actions.return_application(
            unit_admin, submitted.pk, opinion="请补充学历证明", expected_version=None
        )
    assert received() == [("zhangsan", f"申请书被退回修改：{submitted.number}")]
    assert mailed() == ["zhangsan@example.cn"]
    message = Message.objects.get()
    assert "请补充学历证明" in message.body and "新疆财经大学" in message.body
    assert message.link == reverse("applications:opinions", args=[submitted.pk])


@pytest.mark.parametrize("who", ["unit_admin", "other_unit_admin"])
def test_a_refused_return_tells_nobody(
    submitted: Application,
    who: str,
    request: pytest.FixtureRequest,
    django_capture_on_commit_callbacks: Any,
) -> None:
    reviewer = request.getfixturevalue(who)
    opinion = "" if who == "unit_admin" else "请修改"  # no opinion; not their application
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        review_actions.return_application(
            reviewer, submitted.pk, opinion=opinion, expected_version=None
        )
    nothing_sent()


# --- 审核通过 -----------------------------------------------------------------------------


def test_passing_on_tells_the_applicant_and_the_department(
    submitted: Application,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    recommend(submitted, unit_admin)
    with django_capture_on_commit_callbacks(execute=True):
        review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    number = submitted.number
    assert received() == [
        ("dept_reviewer", f"有新的申请书待审核：{number}"),
        ("zhangsan", f"申请书已审核通过并转至地厅级材料接收部门：{number}"),
    ]
    assert mailed() == ["dept_reviewer@example.cn", "zhangsan@example.cn"]


def test_passing_to_the_committee_tells_its_staff(
    at_department: Application,
    dept_reviewer: User,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review_actions.pass_application(dept_reviewer, at_department.pk, expected_version=None)
    number = at_department.number
    assert received() == [
        ("committee_staff", f"有新的申请书待审核：{number}"),
        ("zhangsan", f"申请书已审核通过并转至评审机构：{number}"),
    ]
    assert Message.objects.get(recipient=committee_staff).link == reverse(
        "reviews:handle", args=[at_department.pk]
    )


def test_the_last_pass_tells_the_applicant_of_formal_review(
    at_committee: Application, committee_staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
    assert received() == [("zhangsan", f"申请书已通过形式审核：{at_committee.number}")]
    assert Message.objects.get().link == reverse("results:mine")
    assert mailed() == ["zhangsan@example.cn"]


def test_a_refused_pass_tells_nobody(
    submitted: Application, unit_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    # The unit's recommendation is missing.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        review_actions.pass_application(unit_admin, submitted.pk, expected_version=None)
    nothing_sent()


def test_a_rolled_back_pass_tells_nobody(
    at_committee: Application, committee_staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            review_actions.pass_application(committee_staff, at_committee.pk, expected_version=None)
            raise RuntimeError
    nothing_sent()


# --- 会议评审结果 -------------------------------------------------------------------------


def test_recording_a_result_tells_the_applicant(
    meeting: Meeting,
    ready: Application,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    (result,) = result_actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    with django_capture_on_commit_callbacks(execute=True):
        vote(committee_staff, result, outcome="failed", votes_for=2, against=6, abstain=1)
    assert received() == [("zhangsan", f"评审结果已录入：{ready.number}")]
    message = Message.objects.get()
    assert "评审未通过" in message.body and meeting.name in message.body
    assert mailed() == ["zhangsan@example.cn"]


def test_a_refused_result_tells_nobody(
    meeting: Meeting,
    ready: Application,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    (result,) = result_actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        vote(committee_staff, result, outcome="passed", votes_for=2, against=6, abstain=1)
    nothing_sent()


def test_importing_results_tells_each_applicant(
    meeting: Meeting,
    ready: Application,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import io

    result_actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    sheet = xlsx([[ready.number, 9, 7, 1, 1, "通过"]])
    with django_capture_on_commit_callbacks(execute=True):
        result_actions.import_results(committee_staff, meeting.pk, io.BytesIO(sheet))
    assert received() == [("zhangsan", f"评审结果已录入：{ready.number}")]
    assert "评审通过" in Message.objects.get().body
    assert MeetingResult.objects.get().outcome == "passed"


# --- 证书 ---------------------------------------------------------------------------------


def test_issuing_certificates_tells_each_holder_once(
    ready: Application,
    committee: ReviewCommittee,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = make_approval(
        committee, [ready], number="乌职改〔2026〕99号", created_by=committee_staff
    )
    with django_capture_on_commit_callbacks(execute=True):
        (certificate,) = issue_certificates(document)
    # One notice per issuing call (a batch's chunk), naming the 批文; the link is the list.
    assert received() == [("zhangsan", "职称电子证书已颁发：乌职改〔2026〕99号")]
    assert Message.objects.get().link == reverse("certificates:mine")
    assert mailed() == ["zhangsan@example.cn"]
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_certificates(document) == []  # a retry issues nothing, tells nobody
    assert Message.objects.count() == 1 and len(mail.outbox) == 1


def test_a_rolled_back_issue_tells_nobody(
    ready: Application,
    committee: ReviewCommittee,
    committee_staff: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = make_approval(
        committee,
        [ready],
        number="乌职改〔2026〕98号",
        created_by=committee_staff,
        issued_on=date(2026, 11, 20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            issue_certificates(document)
            raise RuntimeError
    nothing_sent()
    assert not Certificate.objects.exists()


def test_the_approval_document_tells_its_holders(
    publicity: Publicity, committee_staff: User, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    clock.shift(7)  # the publicity period is over
    with django_capture_on_commit_callbacks(execute=True):
        result_actions.issue_approval(
            committee_staff,
            publicity.pk,
            number="乌职改〔2026〕7号",
            issued_on=clock.today,
            authority="乌鲁木齐市职称改革工作领导小组办公室",
        )
    assert Certificate.objects.count() == 1
    assert received() == [("zhangsan", "职称电子证书已颁发：乌职改〔2026〕7号")]


def test_a_refused_approval_document_tells_nobody(
    publicity: Publicity, committee_staff: User, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Still inside the publicity period.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        result_actions.issue_approval(
            committee_staff,
            publicity.pk,
            number="乌职改〔2026〕7号",
            issued_on=clock.today,
            authority="乌鲁木齐市职称改革工作领导小组办公室",
        )
    nothing_sent()
