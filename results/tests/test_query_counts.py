"""Every list page costs the same number of queries for 1 row as for 30 (nothing per row)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from applications.models import Application, Status
from catalog.models import Level, Title
from results import actions
from results.models import (
    ApprovalDocument,
    ApprovalEntry,
    Meeting,
    MeetingResult,
    Objection,
    PaperReceipt,
    Publicity,
    PublicityEntry,
)
from results.tests.conftest import pay
from testing.results_world import Clock, receive, vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    import certificates.actions

    monkeypatch.setattr(certificates.actions, "issue_certificates", lambda document: [])


def queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session settles it; measure the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def build(
    staff: User, clock: Clock, apps: list[Application], name: str
) -> tuple[Meeting, Publicity]:
    """A meeting of these applications, mostly passed, published, with objections on it."""
    receive(staff, *apps)
    meeting = actions.create_meeting(staff, year=clock.today.year, name=name, held_on=clock.today)
    results = actions.add_to_meeting(staff, meeting.pk, [a.pk for a in apps])
    for i, result in enumerate(results):
        if i % 4 == 3:
            vote(staff, result, "failed", 9, 3, 5, 1)
        else:
            vote(staff, result)
    item = actions.create_publicity(
        staff,
        meeting.pk,
        title=f"{name}结果公示",
        starts_on=clock.today,
        ends_on=clock.today + timedelta(days=6),
    )
    for i, entry in enumerate(item.entries.all()):
        objection = actions.lodge_objection(
            item.pk,
            entry_id=entry.pk,
            name=f"异议人{i}",
            contact="13912345678",
            text="该同志申报材料有不实之处，请核实。",
        )
        if i % 3 == 1:
            actions.decide_objection(staff, objection.pk, uphold=i % 2 == 0, note="已核实")
    return meeting, item


def staff_urls(meeting: Meeting, item: Publicity) -> list[str]:
    return [
        reverse("results:papers"),
        reverse("results:papers") + "?paper=received&q=申请人",
        reverse("results:meetings"),
        reverse("results:meeting", args=[meeting.pk]),
        reverse("results:meeting_add", args=[meeting.pk]),
        reverse("results:publicities"),
        reverse("results:publicity", args=[item.pk]),
        reverse("results:objections") + "?status=all",
        reverse("results:objections"),
    ]


def public_urls(item: Publicity) -> list[str]:
    return [reverse("results:public_list"), reverse("results:public_detail", args=[item.pk])]


def padding(staff: User, clock: Clock, n: int) -> list[Publicity]:
    """n more meetings with publicities (empty ones), so the lists have 30 rows."""
    made = []
    for i in range(n):
        meeting = Meeting.objects.create(
            committee_id=actions.committee_of(staff),
            year=clock.today.year,
            name=f"补充会议{i}",
            held_on=clock.today,
            created_by=staff,
        )
        made.append(
            Publicity.objects.create(
                committee_id=actions.committee_of(staff),
                meeting=meeting,
                year=clock.today.year,
                title=f"补充公示{i}",
                starts_on=clock.today,
                ends_on=clock.today + timedelta(days=6),
                created_by=staff,
            )
        )
    return made


def test_staff_and_public_pages_cost_the_same_at_1_and_30(
    client: Client,
    committee_staff: User,
    clock: Clock,
    passed_many: Callable[[int], list[Application]],
) -> None:
    one_meeting, one_item = build(committee_staff, clock, passed_many(1), "一号会议")
    client.force_login(committee_staff)
    at_one = [queries(client, url) for url in staff_urls(one_meeting, one_item)]
    client.logout()
    public_at_one = [queries(client, url) for url in public_urls(one_item)]

    many_meeting, many_item = build(committee_staff, clock, passed_many(30), "三十号会议")
    padding(committee_staff, clock, 28)
    (extra,) = passed_many(1)  # one more passed application, not before any meeting
    client.force_login(committee_staff)
    at_thirty = [queries(client, url) for url in staff_urls(many_meeting, many_item)]
    client.logout()
    public_at_thirty = [queries(client, url) for url in public_urls(many_item)]

    assert at_thirty == at_one
    assert public_at_thirty == public_at_one
    page = client.get(reverse("results:public_detail", args=[many_item.pk])).content.decode()
    assert page.count('<tr id="entry-') == many_item.entries.filter(removed=False).count() > 10
    client.force_login(committee_staff)
    papers = client.get(reverse("results:papers")).content.decode()
    assert papers.count('<tr id="paper-') == 32
    assert (extra.number or "?") in papers


def test_approval_pages_cost_the_same_at_1_and_30(
    client: Client,
    committee_staff: User,
    clock: Clock,
    passed_many: Callable[[int], list[Application]],
) -> None:
    _m1, one = build(committee_staff, clock, passed_many(1), "一号会议")
    _m2, many = build(committee_staff, clock, passed_many(40), "四十号会议")
    clock.shift(7)
    for objection in Objection.objects.filter(status="open"):
        actions.decide_objection(committee_staff, objection.pk, uphold=False, note="不属实")

    def approve(item: Publicity, number: str) -> ApprovalDocument:
        return actions.issue_approval(
            committee_staff, item.pk, number=number, issued_on=clock.today, authority="职改办"
        )

    first = approve(one, "职改〔2026〕1号")
    client.force_login(committee_staff)
    urls = [reverse("results:approvals"), reverse("results:approval", args=[first.pk])]
    at_one = [queries(client, url) for url in urls]

    big = approve(many, "职改〔2026〕2号")
    for i, item in enumerate(padding(committee_staff, clock, 28)):
        ApprovalDocument.objects.create(
            committee_id=actions.committee_of(committee_staff),
            publicity=item,
            number=f"职改〔2026〕{i + 3}号",
            issued_on=clock.today,
            authority="职改办",
            created_by=committee_staff,
        )
    # Like `many` before, one publicity stays ready for a 批文, so the form is drawn both times.
    (spare,) = padding(committee_staff, clock, 1)
    Publicity.objects.filter(pk=spare.pk).update(
        starts_on=clock.today - timedelta(days=10), ends_on=clock.today - timedelta(days=4)
    )
    urls = [reverse("results:approvals"), reverse("results:approval", args=[big.pk])]
    assert [queries(client, url) for url in urls] == at_one
    assert big.entries.count() >= 25
    page = client.get(reverse("results:approvals")).content.decode()
    assert page.count('<tr id="approval-') == 30


def test_the_applicants_page_costs_the_same_at_1_and_30(
    client: Client,
    applicant: User,
    committee_staff: User,
    clock: Clock,
    passed: Application,
) -> None:
    client.force_login(applicant)
    url = reverse("results:mine")
    at_one = queries(client, url)

    # 29 more of the applicant's applications in every later state, made directly.
    meeting = actions.create_meeting(
        committee_staff, year=passed.year, name="会议", held_on=clock.today
    )
    item = Publicity.objects.create(
        committee_id=passed.committee_id,
        meeting=meeting,
        year=passed.year,
        title="公示",
        starts_on=clock.today,
        ends_on=clock.today + timedelta(days=6),
        created_by=committee_staff,
    )
    document = ApprovalDocument.objects.create(
        committee_id=passed.committee_id,
        publicity=item,
        number="职改〔2026〕9号",
        issued_on=clock.today,
        authority="职改办",
        created_by=committee_staff,
    )
    for i in range(29):
        title = Title.objects.create(
            series=passed.series, level=Level.INTERMEDIATE, name=f"资格{i}"
        )
        app = Application.objects.create(
            number=f"RSSQX{i:05d}",
            year=passed.year,
            applicant=applicant,
            series=passed.series,
            level=title.level,
            title=title,
            specialty=passed.specialty,
            unit=passed.unit,
            committee=passed.committee,
            template=passed.template,
            status=Status.PASSED,
            position=4,
            submission_count=1,
        )
        PaperReceipt.objects.create(application=app, status="received", marked_by=committee_staff)
        if i % 2:
            pay(app)
        outcome = "passed" if i % 3 else "pending"
        votes = (9, 7, 1, 1) if i % 3 else (None,) * 4
        MeetingResult.objects.create(
            meeting=meeting,
            application=app,
            outcome=outcome,
            **dict(
                zip(
                    ("members_present", "votes_for", "votes_against", "votes_abstain"),
                    votes,
                    strict=True,
                )
            ),
        )
        if i % 3:
            PublicityEntry.objects.create(publicity=item, application=app, removed=i % 5 == 0)
        if i % 3 == 1:
            ApprovalEntry.objects.create(document=document, application=app)
    assert queries(client, url) == at_one
    page = client.get(url).content.decode()
    assert page.count('class="result-card"') == 30 and "职改〔2026〕9号" in page
