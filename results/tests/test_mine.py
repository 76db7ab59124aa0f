"""评审结果查询: each applicant sees their own applications after formal review, step by step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from orgs.models import ReviewCommittee
from results import actions
from results.models import MeetingResult, Publicity
from results.tests.conftest import pay
from testing.pages import signed_in, text
from testing.results_world import Clock

pytestmark = pytest.mark.django_db

MINE = reverse("results:mine")


@pytest.fixture(autouse=True)
def no_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The certificates themselves have their own tests; here only the 批文 matters."""
    import certificates.actions

    monkeypatch.setattr(certificates.actions, "issue_certificates", lambda document: [])


def card(page: str, app: Application) -> str:
    start = page.index(f'id="result-{app.pk}"')
    return page[start : page.find("</article>", start)]


def test_before_formal_review_there_is_nothing_to_show(
    client: Client, applicant: User, at_committee: Application
) -> None:
    page = text(signed_in(client, applicant).get(MINE))
    assert "您还没有通过形式审核的申请书" in page
    assert f'id="result-{at_committee.pk}"' not in page


def test_after_formal_review_the_applicant_follows_every_step(
    client: Client,
    applicant: User,
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    voted: MeetingResult,
) -> None:
    app = voted.application
    signed_in(client, applicant)
    mine = card(text(client.get(MINE)), app)
    assert (app.number or "?") in mine and app.qualification_label in mine
    assert "本评审委员会不收取评审费" in mine
    assert "已收到" in mine
    assert "通过" in mine and "出席委员 9 人：赞成 7 票，反对 1 票，弃权 1 票" in mine
    assert publicity.title in mine and "公示中" in mine
    assert publicity.starts_on.isoformat() in mine and publicity.ends_on.isoformat() in mine
    assert "尚未发文" in mine

    clock.shift(7)
    actions.issue_approval(
        committee_staff,
        publicity.pk,
        number="乌职改〔2026〕12号",
        issued_on=clock.today,
        authority="乌鲁木齐市职改办",
    )
    mine = card(text(client.get(MINE)), app)
    assert "公示期满" in mine
    assert f"乌鲁木齐市职改办 乌职改〔2026〕12号（{clock.today.isoformat()}）" in mine


def test_a_failed_result_and_a_removal_are_shown(
    client: Client,
    applicant: User,
    committee_staff: User,
    clock: Clock,
    meeting: Any,
    ready: Application,
) -> None:
    (result,) = actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    signed_in(client, applicant)
    assert "待评审" in card(text(client.get(MINE)), ready)
    actions.record_result(
        committee_staff,
        result.pk,
        members_present=9,
        votes_for=5,
        votes_against=4,
        votes_abstain=0,
        outcome="failed",
        expected_version=None,
    )
    mine = card(text(client.get(MINE)), ready)
    assert "不通过" in mine and "赞成 5 票，反对 4 票" in mine and "尚未公示" in mine


def test_an_upheld_objection_shows_on_the_applicants_page(
    client: Client, applicant: User, committee_staff: User, publicity: Publicity, ready: Application
) -> None:
    objection = actions.lodge_objection(
        publicity.pk,
        entry_id=publicity.entries.get().pk,
        name="王举报",
        contact="13912345678",
        text="该同志申报的论文存在抄袭情况，请核实。",
    )
    actions.decide_objection(committee_staff, objection.pk, uphold=True, note="属实")
    mine = card(text(signed_in(client, applicant).get(MINE)), ready)
    assert "已撤出公示名单" in mine
    assert "王举报" not in mine and "13912345678" not in mine  # the objector stays private


def test_the_payment_status_shows_where_the_committee_charges(
    client: Client, applicant: User, committee: ReviewCommittee, passed: Application
) -> None:
    ReviewCommittee.objects.filter(pk=committee.pk).update(fee_mode="online")
    signed_in(client, applicant)
    assert "待生成缴费单" in card(text(client.get(MINE)), passed)
    order = pay(passed, "unpaid")
    assert "未缴费" in card(text(client.get(MINE)), passed)
    order.status = "paid"
    order.save()
    assert "已缴费" in card(text(client.get(MINE)), passed)


def test_an_applicant_sees_only_their_own(
    client: Client, outsider: User, applicant: User, voted: MeetingResult, passed_many: Any
) -> None:
    (theirs,) = passed_many(1)
    page = text(signed_in(client, outsider).get(MINE))
    assert f'id="result-{voted.application_id}"' not in page
    assert f'id="result-{theirs.pk}"' not in page
    assert "张三" not in page
    page = text(signed_in(client, applicant).get(MINE))
    assert f'id="result-{voted.application_id}"' in page
    assert f'id="result-{theirs.pk}"' not in page


@pytest.mark.parametrize("who", ["committee_staff", "unit_admin", "hr_admin"])
def test_other_roles_get_403(client: Client, request: pytest.FixtureRequest, who: str) -> None:
    signed_in(client, request.getfixturevalue(who))
    assert client.get(MINE).status_code == 403


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(MINE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_ended_period_is_marked(
    client: Client, applicant: User, clock: Clock, publicity: Publicity, ready: Application
) -> None:
    clock.shift(-1)  # the day before it starts (as if it had been set for tomorrow)
    assert "未开始" in card(text(signed_in(client, applicant).get(MINE)), ready)
    clock.shift(timedelta(days=9).days)
    assert "公示期满" in card(text(client.get(MINE)), ready)
