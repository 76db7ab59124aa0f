"""特殊人才认定: a 批文 issued directly after formal review — no meeting, no publicity —
unless the committee's settings ask for a meeting; certificates follow the 批文."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import User
from applications import actions as app_actions
from applications.models import Application
from applications.tests.pages import signed_in
from catalog.models import BusinessType, Specialty, Title
from certificates.models import Certificate
from lib.refusal import Refused
from orgs.models import BaseUnit, Region, ReviewCommittee
from payments.models import PaymentOrder
from results import actions, rules
from results.models import ApprovalDocument, MeetingResult, PaperReceipt
from testing.pages import text
from testing.results_world import Clock
from testing.worlds import to_passed

AUTHORITY = "新疆维吾尔自治区人力资源和社会保障厅"


def passed_app(
    business_type: str,
    title: Title,
    specialty: Specialty,
    unit: BaseUnit,
    applicant: User,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
) -> Application:
    app = app_actions.create_application(
        applicant, title=title, specialty=specialty, unit=unit, business_type=business_type
    )
    app_actions.save_section(applicant, app.pk, "basic", {"sex": "男"}, expected_version=None)
    app = app_actions.submit(applicant, app.pk, expected_version=None)
    return to_passed(app, unit_admin, dept_reviewer, committee_staff)


@pytest.fixture
def special(
    types_world: ReviewCommittee,  # noqa: F811
    senior_title: Title,  # noqa: F811
    specialty: Specialty,
    unit_a: BaseUnit,
    applicant: User,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
) -> Application:
    """张三's 特殊人才认定 (正高) application, through formal review."""
    return passed_app(
        BusinessType.SPECIAL,
        senior_title,
        specialty,
        unit_a,
        applicant,
        unit_admin,
        dept_reviewer,
        committee_staff,
    )


def issue(
    staff: User, apps: list[Application], number: str = "新职改〔2026〕8号"
) -> ApprovalDocument:
    """Issue, then run what waits for the commit: the batch that issues the certificates."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.issue_special_approval(
            staff,
            [a.pk for a in apps],
            number=number,
            issued_on=rules.today(),
            authority=AUTHORITY,
        )


def test_a_direct_approval_without_a_meeting_issues_the_certificate(
    special: Application, committee_staff: User
) -> None:
    assert not special.committee.special_needs_meeting
    assert list(actions.special_issuable(special.committee)) == [special]
    document = issue(committee_staff, [special])
    assert document.publicity is None
    assert list(document.entries.values_list("application_id", flat=True)) == [special.pk]
    certificate = Certificate.objects.get(application=special)
    assert certificate.approval == document
    assert certificate.qualification == special.qualification_label
    assert "[正高]" in certificate.qualification
    assert not MeetingResult.objects.filter(application=special).exists()
    assert list(actions.special_issuable(special.committee)) == []


def test_a_second_direct_approval_of_the_same_application_is_refused(
    special: Application, committee_staff: User
) -> None:
    issue(committee_staff, [special])
    with pytest.raises(Refused, match="已发文"):
        issue(committee_staff, [special], number="新职改〔2026〕9号")
    assert ApprovalDocument.objects.count() == 1
    assert Certificate.objects.count() == 1


def test_when_the_committee_needs_a_meeting_direct_approval_is_refused(
    special: Application, committee_staff: User, clock: Clock
) -> None:
    ReviewCommittee.objects.filter(pk=special.committee_id).update(special_needs_meeting=True)
    with pytest.raises(Refused, match="须经会议评审"):
        issue(committee_staff, [special])
    assert not ApprovalDocument.objects.exists()
    assert not Certificate.objects.exists()
    committee = ReviewCommittee.objects.get(pk=special.committee_id)
    assert list(actions.special_issuable(committee)) == []
    # The normal path: papers received, then a meeting takes it.
    actions.mark_paper(committee_staff, special.pk, received=True)
    assert (
        rules.ineligibility(Application.objects.get(pk=special.pk), committee.pk, special.year)
        is None
    )
    meeting = actions.create_meeting(
        committee_staff, year=special.year, name="特殊人才认定评审会", held_on=clock.today
    )
    actions.add_to_meeting(committee_staff, meeting.pk, [special.pk])


def test_an_application_in_a_meeting_is_not_issued_directly(
    special: Application, committee_staff: User, clock: Clock
) -> None:
    actions.mark_paper(committee_staff, special.pk, received=True)
    meeting = actions.create_meeting(
        committee_staff, year=special.year, name="评审会", held_on=clock.today
    )
    actions.add_to_meeting(committee_staff, meeting.pk, [special.pk])
    with pytest.raises(Refused, match="已列入评审会议"):
        issue(committee_staff, [special])


def test_a_review_application_is_never_issued_directly(
    passed: Application, committee_staff: User
) -> None:
    with pytest.raises(Refused, match="不是特殊人才认定申请书"):
        issue(committee_staff, [passed])
    assert not Certificate.objects.exists()


def test_unpaid_where_the_committee_charges_is_refused_until_paid(
    special: Application, committee_staff: User
) -> None:
    ReviewCommittee.objects.filter(pk=special.committee_id).update(
        fee_mode=ReviewCommittee.FeeMode.OFFLINE
    )
    order = PaymentOrder.objects.create(
        application=special,
        committee_id=special.committee_id,
        out_trade_no="T2026000001",
        amount=Decimal("400.00"),
    )
    with pytest.raises(Refused, match="尚未缴纳评审费"):
        issue(committee_staff, [special])
    PaymentOrder.objects.filter(pk=order.pk).update(status=PaymentOrder.Status.PAID)
    issue(committee_staff, [special])
    assert Certificate.objects.filter(application=special).exists()


def test_bad_details_and_future_dates_are_refused(
    special: Application, committee_staff: User
) -> None:
    for number, issued_on, field in (
        ("", rules.today(), "number"),
        ("新职改〔2026〕8号", rules.today() + timedelta(days=1), "issued_on"),
    ):
        with pytest.raises(Refused) as caught:
            actions.issue_special_approval(
                committee_staff,
                [special.pk],
                number=number,
                issued_on=issued_on,
                authority=AUTHORITY,
            )
        assert caught.value.field == field
    with pytest.raises(Refused, match="请选择"):
        actions.issue_special_approval(
            committee_staff,
            [],
            number="新职改〔2026〕8号",
            issued_on=rules.today(),
            authority=AUTHORITY,
        )
    assert not ApprovalDocument.objects.exists()


def test_another_committees_application_is_a_404(
    special: Application, committee_staff: User, regions: dict[str, Region]
) -> None:
    from django.http import Http404

    from conftest import make_user

    other = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])
    stranger = make_user("other_staff", "committee_staff", committee=other)
    with pytest.raises(Http404):
        issue(stranger, [special])


def test_the_staff_page_lists_and_issues(
    client: Client, special: Application, committee_staff: User
) -> None:
    page = signed_in(client, committee_staff)
    url = reverse("results:special_approvals")
    html = text(page.get(url))
    assert f'id="special-{special.pk}"' in html
    assert str(special.number) in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = page.post(
            url,
            {
                "applications": [special.pk],
                "number": "新职改〔2026〕8号",
                "issued_on": rules.today().isoformat(),
                "authority": AUTHORITY,
            },
        )
    document = ApprovalDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("results:approval", args=[document.pk])
    detail = text(page.get(response["Location"]))
    assert "特殊人才认定直接发文" in detail and str(special.number) in detail
    listing = text(page.get(reverse("results:approvals")))
    assert "新职改〔2026〕8号" in listing and "特殊人才认定直接发文" in listing
    assert Certificate.objects.filter(application=special).exists()


def test_the_staff_page_says_when_a_meeting_is_needed(
    client: Client, special: Application, committee_staff: User
) -> None:
    ReviewCommittee.objects.filter(pk=special.committee_id).update(special_needs_meeting=True)
    page = signed_in(client, committee_staff)
    html = text(page.get(reverse("results:special_approvals")))
    assert 'id="needs-meeting"' in html
    assert f'id="special-{special.pk}"' not in html
    response = page.post(
        reverse("results:special_approvals"),
        {
            "applications": [special.pk],
            "number": "新职改〔2026〕8号",
            "issued_on": rules.today().isoformat(),
            "authority": AUTHORITY,
        },
    )
    assert response.status_code == 400
    assert not ApprovalDocument.objects.exists()


def test_the_staff_page_shows_why_one_waits(
    client: Client, special: Application, committee_staff: User
) -> None:
    ReviewCommittee.objects.filter(pk=special.committee_id).update(
        fee_mode=ReviewCommittee.FeeMode.ONLINE
    )
    html = text(signed_in(client, committee_staff).get(reverse("results:special_approvals")))
    assert f'id="waiting-{special.pk}"' in html and "尚未缴纳评审费" in html


def test_the_applicant_sees_the_certificate_of_a_direct_approval(
    client: Client, special: Application, committee_staff: User
) -> None:
    issue(committee_staff, [special])
    page = signed_in(client, special.applicant)
    html = text(page.get(reverse("certificates:mine")))
    certificate = Certificate.objects.get(application=special)
    assert certificate.number in html
    assert page.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 200
    mine = text(page.get(reverse("results:mine")))
    assert "新职改〔2026〕8号" in mine


def test_the_paper_receipt_is_not_needed_for_a_direct_approval(
    special: Application, committee_staff: User
) -> None:
    assert not PaperReceipt.objects.filter(application=special).exists()
    issue(committee_staff, [special])
