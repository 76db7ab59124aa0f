"""纸质材料: the committee's requirements shown, staff mark received or missing, filters."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from orgs.models import ReviewCommittee
from results import actions
from results.models import Meeting, PaperReceipt
from testing.pages import signed_in, text
from testing.results_world import receive

pytestmark = pytest.mark.django_db

PAPERS = reverse("results:papers")


def mark_url(app: Application) -> str:
    return reverse("results:paper_mark", args=[app.pk])


@pytest.fixture
def requirements(committee: ReviewCommittee) -> ReviewCommittee:
    committee.paper_deadline = date(2026, 12, 15)
    committee.paper_contents = "评审表一式三份；学历证书复印件"
    committee.paper_binding = "A4 纸左侧装订，按目录顺序"
    committee.save()
    return committee


def test_staff_see_the_requirements_and_the_passed_applications(
    client: Client, committee_staff: User, passed: Application, requirements: ReviewCommittee
) -> None:
    page = text(signed_in(client, committee_staff).get(PAPERS))
    assert "2026-12-15" in page and "评审表一式三份" in page and "A4 纸左侧装订" in page
    assert f'id="paper-{passed.pk}"' in page
    assert "张三" in page and (passed.number or "?") in page and "尚未登记" in page


def test_marking_received_records_who_and_when(
    client: Client, committee_staff: User, passed: Application
) -> None:
    response = signed_in(client, committee_staff).post(
        mark_url(passed), {"status": "received", "note": ""}
    )
    assert response.status_code == 302
    receipt = PaperReceipt.objects.get(application=passed)
    assert receipt.status == "received" and receipt.marked_by == committee_staff
    assert receipt.marked_at is not None
    page = text(client.get(PAPERS))
    assert "已收到" in page and "评委会工作人员" in page
    assert "已登记 张三" in page  # the success message


def test_missing_needs_a_note_and_keeps_what_was_typed(
    client: Client, committee_staff: User, passed: Application
) -> None:
    response = signed_in(client, committee_staff).post(
        mark_url(passed), {"status": "missing", "note": "   "}
    )
    assert response.status_code == 400
    assert "请填写缺失说明" in text(response)
    assert not PaperReceipt.objects.filter(application=passed).exists()

    client.post(mark_url(passed), {"status": "missing", "note": "缺少学历证书复印件"})
    receipt = PaperReceipt.objects.get(application=passed)
    assert receipt.status == "missing" and receipt.note == "缺少学历证书复印件"


@pytest.mark.parametrize(
    ("note", "words"), [("缺\u202e页", "控制字符"), ("缺" * 301, "不能超过 300 字")]
)
def test_a_bad_note_is_refused(
    client: Client, committee_staff: User, passed: Application, note: str, words: str
) -> None:
    response = signed_in(client, committee_staff).post(
        mark_url(passed), {"status": "missing", "note": note}
    )
    assert response.status_code == 400 and words in text(response)
    assert not PaperReceipt.objects.exists()


def test_the_filter_shows_received_missing_and_not_yet(
    client: Client, committee_staff: User, passed_many: object
) -> None:
    a, b, c = passed_many(3)  # type: ignore[operator]
    receive(committee_staff, a)
    actions.mark_paper(committee_staff, b.pk, received=False, note="缺评审表")
    signed_in(client, committee_staff)

    def shown(paper: str) -> set[int]:
        page = text(client.get(PAPERS, {"paper": paper}))
        return {app.pk for app in (a, b, c) if f'id="paper-{app.pk}"' in page}

    assert shown("") == {a.pk, b.pk, c.pk}
    assert shown("received") == {a.pk}
    assert shown("missing") == {b.pk}
    assert shown("none") == {c.pk}
    assert shown("bogus") == {a.pk, b.pk, c.pk}  # a hand-edited value filters nothing


def test_papers_cannot_change_once_in_a_meeting(
    client: Client, committee_staff: User, ready: Application, meeting: Meeting
) -> None:
    actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    response = signed_in(client, committee_staff).post(
        mark_url(ready), {"status": "missing", "note": "补录"}
    )
    assert response.status_code == 400
    assert "已列入评审会议，不能再更改纸质材料状态" in text(response)
    assert PaperReceipt.objects.get(application=ready).status == "received"


def test_applications_not_passed_or_of_another_committee_are_404(
    client: Client,
    committee_staff: User,
    other_staff: User,
    at_committee: Application,
    passed_many: object,
) -> None:
    signed_in(client, committee_staff)
    assert client.post(mark_url(at_committee), {"status": "received"}).status_code == 404
    (mine,) = passed_many(1)  # type: ignore[operator]
    signed_in(client, other_staff)
    assert client.post(mark_url(mine), {"status": "received"}).status_code == 404
    assert f'id="paper-{mine.pk}"' not in text(client.get(PAPERS))
    assert not PaperReceipt.objects.exists()


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "hr_admin"])
def test_other_roles_get_403(
    client: Client, request: pytest.FixtureRequest, passed: Application, who: str
) -> None:
    signed_in(client, request.getfixturevalue(who))
    assert client.get(PAPERS).status_code == 403
    assert client.post(mark_url(passed), {"status": "received"}).status_code == 403
    assert not PaperReceipt.objects.exists()


def test_the_applicant_sees_the_requirements_and_their_paper_status(
    client: Client,
    applicant: User,
    committee_staff: User,
    passed: Application,
    requirements: ReviewCommittee,
) -> None:
    page = text(signed_in(client, applicant).get(reverse("results:mine")))
    assert "纸质材料报送要求" in page and "2026-12-15" in page and "A4 纸左侧装订" in page
    assert "评审委员会尚未登记收到" in page
    actions.mark_paper(committee_staff, passed.pk, received=False, note="缺少继续教育证明")
    page = text(client.get(reverse("results:mine")))
    assert "材料缺失" in page and "缺少继续教育证明" in page


def test_the_requirements_include_says_when_nothing_is_published(
    committee: ReviewCommittee,
) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("results/_paper_requirements.html", {"committee": committee})
    assert "尚未公布纸质材料报送要求" in html
