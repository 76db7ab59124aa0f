"""issue_certificates: one certificate per approved application, numbered per region and year."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import TestCase

from accounts.models import User
from applications.models import Application, Status
from certificates import actions
from certificates.models import Certificate, CertificateCounter
from conftest import APPLICANT_ID
from orgs.models import ReviewCommittee
from results.models import ApprovalDocument
from testing.certificates_world import ISSUED_ON, make_approval, make_holder, make_passed

pytestmark = pytest.mark.django_db


def test_it_issues_a_certificate_with_what_the_application_says(
    certificate: Certificate, passed: Application, approval: ApprovalDocument
) -> None:
    assert passed.status == Status.PASSED
    certificate.refresh_from_db()
    assert certificate.application == passed
    assert certificate.number == "XJ650100-2026-000001"
    assert certificate.holder_name == "张三"
    assert certificate.id_number == APPLICANT_ID
    assert certificate.qualification == "[乌鲁木齐市][中级]社会科学研究/助理研究员"
    assert certificate.specialty == "经济学"
    assert certificate.unit_name == "新疆财经大学"
    assert certificate.committee_name == "乌鲁木齐市评审委员会"
    assert certificate.approval == approval
    assert certificate.issued_on == ISSUED_ON
    assert certificate.status == Certificate.Status.VALID
    assert certificate.revoked_at is None and certificate.revoked_by is None


def test_the_token_is_long_random_and_url_safe(holders: Any) -> None:
    certificates = holders(5)
    tokens = {c.token for c in certificates}
    assert len(tokens) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)


def test_it_numbers_consecutively_in_the_order_of_the_document(holders: Any) -> None:
    first = holders(3)
    second = holders(2)
    assert [c.number for c in first + second] == [f"XJ650100-2026-{n:06d}" for n in range(1, 6)]
    assert [c.holder_name for c in first] == ["持证人1", "持证人2", "持证人3"]
    counter = CertificateCounter.objects.get()
    assert (counter.region.code, counter.year, counter.last) == ("650100", 2026, 5)


def test_it_is_idempotent(approval: ApprovalDocument, certificate: Certificate) -> None:
    assert actions.issue_certificates(approval) == []
    assert Certificate.objects.count() == 1
    assert CertificateCounter.objects.get().last == 1


def test_a_second_call_issues_only_the_missing_ones(
    holders: Any, committee: ReviewCommittee, committee_staff: User, unit_a: Any, template: Any
) -> None:
    (early,) = holders(1)
    document = early.approval
    late = make_passed(
        make_holder(99),
        committee=committee,
        unit=unit_a,
        title=early.application.title,
        specialty=early.application.specialty,
        template=template,
    )
    document.entries.create(application=late)
    issued = actions.issue_certificates(document)
    assert [(c.application, c.number) for c in issued] == [(late, "XJ650100-2026-000002")]
    assert Certificate.objects.count() == 2


def test_regions_and_years_count_separately(
    holders: Any,
    other_committee: ReviewCommittee,
    kashgar_unit: Any,
    committee: ReviewCommittee,
    committee_staff: User,
    unit_a: Any,
    template: Any,
) -> None:
    (urumqi,) = holders(1)
    kashgar = holders(2, on=other_committee, unit=kashgar_unit)
    assert urumqi.number == "XJ650100-2026-000001"
    assert [c.number for c in kashgar] == ["XJ653100-2026-000001", "XJ653100-2026-000002"]
    next_year = make_passed(
        make_holder(50),
        committee=committee,
        unit=unit_a,
        title=urumqi.application.title,
        specialty=urumqi.application.specialty,
        template=template,
    )
    document = make_approval(
        committee,
        [next_year],
        number="乌职改〔2027〕1号",
        issued_on=date(2027, 1, 5),
        created_by=committee_staff,
    )
    (later,) = actions.issue_certificates(document)
    assert later.number == "XJ650100-2027-000001"
    assert later.issued_on == date(2027, 1, 5)


def test_an_autonomous_region_committee_numbers_with_650000(
    regions: Any, committee_staff: User, unit_a: Any, title: Any, specialty: Any, template: Any
) -> None:
    xj = ReviewCommittee.objects.create(name="自治区评审委员会", region=regions["xj"])
    app = make_passed(
        make_holder(7),
        committee=xj,
        unit=unit_a,
        title=title,
        specialty=specialty,
        template=template,
    )
    document = make_approval(xj, [app], number="新职改〔2026〕3号", created_by=committee_staff)
    (cert,) = actions.issue_certificates(document)
    assert cert.number == "XJ650000-2026-000001"
    assert cert.qualification == "[自治区][中级]社会科学研究/助理研究员"


def test_an_empty_document_issues_nothing_and_takes_no_number(
    committee: ReviewCommittee, committee_staff: User
) -> None:
    document = make_approval(committee, [], number="乌职改〔2026〕99号", created_by=committee_staff)
    assert actions.issue_certificates(document) == []
    assert not CertificateCounter.objects.exists()


def test_the_certificate_keeps_what_it_said_when_the_account_changes(
    certificate: Certificate, applicant: User
) -> None:
    applicant.real_name = "张三丰"
    applicant.save()
    certificate.refresh_from_db()
    assert certificate.holder_name == "张三"


def test_the_number_format_is_documented() -> None:
    assert actions.format_number("650100", 2026, 1) == "XJ650100-2026-000001"
    assert actions.format_number("653100", 2026, 1234567) == "XJ653100-2026-1234567"


def test_issuing_an_approval_issues_its_certificates(
    passed: Application, committee: ReviewCommittee, committee_staff: User
) -> None:
    """The real hand-over: results.actions.issue_approval starts the batch that issues them."""
    from datetime import timedelta

    from django.utils import timezone

    from results import actions as results_actions
    from results.models import Meeting, Publicity, PublicityEntry

    today = timezone.localdate()
    meeting = Meeting.objects.create(
        committee=committee,
        year=today.year,
        name="评审会议",
        held_on=today - timedelta(days=20),
        created_by=committee_staff,
    )
    publicity = Publicity.objects.create(
        committee=committee,
        meeting=meeting,
        year=today.year,
        title="评审结果公示",
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=3),
        created_by=committee_staff,
    )
    PublicityEntry.objects.create(publicity=publicity, application=passed)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the batch runs after the commit
        document = results_actions.issue_approval(
            committee_staff,
            publicity.pk,
            number="乌职改〔2026〕7号",
            issued_on=today - timedelta(days=1),
            authority="乌鲁木齐市职称改革工作领导小组办公室",
        )
    certificate = Certificate.objects.get(application=passed)
    assert certificate.approval == document
    assert certificate.issued_on == today - timedelta(days=1)
    assert certificate.number == f"XJ650100-{certificate.issued_on.year}-000001"
