"""Certificates start from an approval document (批文) (registered by the root conftest.py).
The documents and their entries are made directly with the ORM; the first holder's
application really walks the chain to 通过形式审核 (`passed`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import pytest

from accounts.models import Role, User
from applications.models import Application, Status
from catalog.models import FormTemplate, Specialty, Title
from certificates import actions
from certificates.models import Certificate
from orgs.models import BaseUnit, ReviewCommittee
from results.models import ApprovalDocument, ApprovalEntry, Meeting, Publicity
from testing.people import make_user

ISSUED_ON = date(2026, 11, 20)


def make_holder(n: int) -> User:
    return make_user(
        f"holder{n:03d}",
        Role.APPLICANT,
        real_name=f"持证人{n}",
        id_number=f"650102199001{n:06d}",
    )


def make_passed(
    holder: User,
    *,
    committee: ReviewCommittee,
    unit: BaseUnit,
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
) -> Application:
    """An application already through formal review, made directly (the chain has its tests)."""
    return Application.objects.create(
        year=ISSUED_ON.year,
        applicant=holder,
        series=title.series,
        level=title.level,
        title=title,
        specialty=specialty,
        unit=unit,
        committee=committee,
        template=template,
        status=Status.PASSED,
        submission_count=1,
    )


def make_approval(
    committee: ReviewCommittee,
    apps: Iterable[Application],
    *,
    number: str,
    issued_on: date = ISSUED_ON,
    created_by: User,
) -> ApprovalDocument:
    meeting = Meeting.objects.create(
        committee=committee,
        year=issued_on.year,
        name=f"{committee.name}{issued_on.year}年评审会议",
        held_on=date(issued_on.year, 1, 1),
        created_by=created_by,
    )
    publicity = Publicity.objects.create(
        committee=committee,
        meeting=meeting,
        year=issued_on.year,
        title=f"{committee.name}{issued_on.year}年评审结果公示",
        starts_on=date(issued_on.year, 1, 1),
        ends_on=date(issued_on.year, 1, 10),
        created_by=created_by,
    )
    document = ApprovalDocument.objects.create(
        committee=committee,
        publicity=publicity,
        number=number,
        issued_on=issued_on,
        authority="乌鲁木齐市职称改革工作领导小组办公室",
        created_by=created_by,
    )
    for app in apps:
        ApprovalEntry.objects.create(document=document, application=app)
    return document


@pytest.fixture
def approval(
    passed: Application, committee: ReviewCommittee, committee_staff: User
) -> ApprovalDocument:
    return make_approval(
        committee, [passed], number="乌职改〔2026〕12号", created_by=committee_staff
    )


@pytest.fixture
def certificate(approval: ApprovalDocument) -> Certificate:
    """张三's certificate, issued from the approval document."""
    (issued,) = actions.issue_certificates(approval)
    return issued


@pytest.fixture
def holders(
    committee: ReviewCommittee,
    unit_a: BaseUnit,
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
    committee_staff: User,
) -> Callable[..., list[Certificate]]:
    """A factory: holders(n) issues n more certificates of `committee` on one document."""
    made: list[Certificate] = []

    def issue(
        n: int, *, on: ReviewCommittee | None = None, unit: BaseUnit | None = None
    ) -> list[Certificate]:
        on = on or committee
        apps = [
            make_passed(
                make_holder(len(made) + i + 1),
                committee=on,
                unit=unit or unit_a,
                title=title,
                specialty=specialty,
                template=template,
            )
            for i in range(n)
        ]
        document = make_approval(
            on, apps, number=f"测职改〔2026〕{len(made) + 1}号", created_by=committee_staff
        )
        issued = actions.issue_certificates(document)
        made.extend(issued)
        return issued

    return issue
