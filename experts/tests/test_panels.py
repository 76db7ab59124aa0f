"""Drawing a panel, declining, 回避, voting and closing: each rule and its bad input."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from conftest import APPLICANT_ID
from experts import panels
from experts.models import Expert, Interest, Panel, PanelEvent, Seat, Vote
from experts.tests.conftest import MakeExpert, seats, vote_all
from lib.refusal import Refused
from orgs.models import BaseUnit
from results.models import Meeting, MeetingResult
from testing.pages import signed_in, text


def test_it_draws_the_size_with_a_seed_that_reproduces_it(panel: Panel) -> None:
    drawn = [s.expert_id for s in seats(panel)]
    assert len(drawn) == 5
    assert panel.seed == "abc123"
    assert panels.redraw(panel) == drawn
    event = PanelEvent.objects.get(panel=panel, kind="drawn")
    assert event.detail["chosen"] == drawn and event.detail["seed"] == "abc123"


def test_the_same_seed_on_the_same_pool_gives_the_same_panel(
    in_meeting: Meeting, pool: list[Expert], committee_staff: User
) -> None:
    from experts import draw

    candidates = [draw.Candidate(e.pk, e.specialty_id) for e in pool]
    assert draw.draw(candidates, {}, 5, "s1") == draw.draw(candidates, {}, 5, "s1")
    assert draw.draw(candidates, {}, 5, "s1") != draw.draw(candidates, {}, 5, "s2")


def test_it_leaves_out_the_applicants_colleague(
    in_meeting: Meeting, make_expert: MakeExpert, unit_a: BaseUnit, committee_staff: User
) -> None:
    colleague = make_expert("同事专家", unit=unit_a)
    others = [make_expert() for _ in range(3)]
    panel = panels.draw_panel(committee_staff, in_meeting.pk, 3, {}, seed="x")
    drawn = {s.expert_id for s in seats(panel)}
    assert colleague.pk not in drawn
    assert drawn == {e.pk for e in others}
    assert panel.excluded == [colleague.pk]


def test_a_panel_cannot_include_the_colleague_even_when_the_pool_is_short(
    in_meeting: Meeting, make_expert: MakeExpert, unit_a: BaseUnit, committee_staff: User
) -> None:
    make_expert("同事专家", unit=unit_a)
    make_expert()
    make_expert()
    with pytest.raises(
        Refused, match="可抽取的专家不足：需要 3 人，可抽取 2 人（已排除回避的 1 人）"
    ):
        panels.draw_panel(committee_staff, in_meeting.pk, 3, {}, seed="x")
    assert not Panel.objects.exists()


def test_it_leaves_out_a_declared_relation(
    in_meeting: Meeting, pool: list[Expert], committee_staff: User
) -> None:
    from experts import pool as pool_actions

    pool_actions.declare_relation(
        committee_staff, pool[0].pk, id_number=APPLICANT_ID, name="张三", kind="配偶"
    )
    panel = panels.draw_panel(committee_staff, in_meeting.pk, 8, {}, seed="x")
    assert pool[0].pk not in {s.expert_id for s in seats(panel)}


def test_composition_rules_by_specialty(
    in_meeting: Meeting, pool: list[Expert], make_expert: MakeExpert, committee_staff: User
) -> None:
    from catalog.models import Specialty

    other = Specialty.objects.create(series=pool[0].series, name="管理学")
    managers = [make_expert(specialty=other) for _ in range(3)]
    panel = panels.draw_panel(committee_staff, in_meeting.pk, 5, {other.pk: 2}, seed="k")
    drawn = {s.expert_id for s in seats(panel)}
    assert len(drawn & {e.pk for e in managers}) >= 2
    with pytest.raises(Refused, match="超过了评审专家人数"):
        panels.clean_rules(3, {other.pk: 4})


def test_a_second_draw_is_refused(panel: Panel, committee_staff: User) -> None:
    with pytest.raises(Refused, match="不能重复抽取"):
        panels.draw_panel(committee_staff, panel.meeting_id, 5, {})


def test_decline_draws_a_replacement_reproducibly(panel: Panel) -> None:
    first = seats(panel)[0]
    new = panels.decline(first.expert.user, panel.meeting_id, reason="出差")
    assert new is not None and new.replaces_id == first.pk
    first.refresh_from_db()
    assert first.status == Seat.Status.DECLINED and first.decline_reason == "出差"
    assert len(seats(panel)) == 5
    kinds = list(PanelEvent.objects.filter(panel=panel).values_list("kind", flat=True))
    assert kinds == ["drawn", "declined", "replaced"]
    # A declined expert no longer reaches the meeting.
    with pytest.raises(Http404):
        panels.cast_vote(first.expert.user, panel.meeting_id, 1, choice="for")


def test_a_vote_by_an_expert_not_drawn_is_404(
    panel: Panel, pool: list[Expert], ready: Application
) -> None:
    drawn = {s.expert_id for s in seats(panel)}
    outsider = next(e for e in pool if e.pk not in drawn)
    with pytest.raises(Http404):
        panels.cast_vote(outsider.user, panel.meeting_id, ready.pk, choice="for")
    assert not Vote.objects.exists()


def test_a_vote_cannot_be_changed(panel: Panel, ready: Application) -> None:
    user = seats(panel)[0].expert.user
    panels.cast_vote(user, panel.meeting_id, ready.pk, choice="for", opinion="材料扎实")
    with pytest.raises(Refused, match="投票后不能更改"):
        panels.cast_vote(user, panel.meeting_id, ready.pk, choice="against")
    assert Vote.objects.get().choice == "for"
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(seat=seats(panel)[0], application=ready, choice="against")


def test_a_bad_choice_is_refused(panel: Panel, ready: Application) -> None:
    with pytest.raises(Refused, match="请选择同意、不同意或弃权"):
        panels.cast_vote(seats(panel)[0].expert.user, panel.meeting_id, ready.pk, choice="maybe")


def test_the_history_does_not_tell_how_someone_voted(panel: Panel, ready: Application) -> None:
    panels.cast_vote(seats(panel)[0].expert.user, panel.meeting_id, ready.pk, choice="against")
    event = PanelEvent.objects.get(kind="voted")
    assert "against" not in str(event.detail)


def test_it_closes_and_writes_the_result_through_results(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    vote_all(panel, ready.pk, ["for", "for", "for", "for", "against"])
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])
    result = MeetingResult.objects.get(application=ready)
    assert (result.members_present, result.votes_for, result.votes_against) == (5, 4, 1)
    assert result.outcome == "passed" and result.recorded_by == committee_staff
    panel.refresh_from_db()
    assert panel.status == "closed"
    assert PanelEvent.objects.filter(panel=panel, kind="closed").exists()


def test_three_of_five_is_not_two_thirds(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    vote_all(panel, ready.pk, ["for", "for", "for", "against", "abstain"])
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])
    assert MeetingResult.objects.get(application=ready).outcome == "failed"


def test_a_meeting_below_quorum_does_not_close(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    present = seats(panel)[:3]  # 3 of 5 < 2/3
    for seat in present:
        panels.cast_vote(seat.expert.user, panel.meeting_id, ready.pk, choice="for")
    with pytest.raises(
        Refused, match="出席专家 3 人，不足评审专家 5 人的三分之二（至少 4 人），会议无效"
    ):
        panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in present])
    assert MeetingResult.objects.get(application=ready).outcome == "pending"
    panel.refresh_from_db()
    assert panel.status == "open"


def test_it_refuses_to_close_with_votes_missing(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    vote_all(panel, ready.pk, ["for", "for", "for"])
    with pytest.raises(Refused, match="还有 2 张票未投"):
        panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])


def test_an_expert_who_stepped_aside_is_not_counted(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    aside, *rest = seats(panel)
    panels.declare_interest(aside.expert.user, panel.meeting_id, ready.pk, reason="曾指导其论文")
    with pytest.raises(Refused, match="已声明回避"):
        panels.cast_vote(aside.expert.user, panel.meeting_id, ready.pk, choice="for")
    for seat, choice in zip(rest, ["for", "for", "for", "against"], strict=True):
        panels.cast_vote(seat.expert.user, panel.meeting_id, ready.pk, choice=choice)
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])
    result = MeetingResult.objects.get(application=ready)
    assert (result.members_present, result.votes_for, result.outcome) == (4, 3, "passed")
    assert Interest.objects.get().reason == "曾指导其论文"


def test_a_vote_after_close_is_refused(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    vote_all(panel, ready.pk, ["for"] * 4)
    present = seats(panel)[:4]
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in present])
    late = seats(panel)[4]
    with pytest.raises(Refused, match="评审已结束，不能再投票"):
        panels.cast_vote(late.expert.user, panel.meeting_id, ready.pk, choice="for")
    with pytest.raises(Refused, match="评审已结束"):
        panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in present])
    assert Seat.objects.get(pk=late.pk).attended is False


def test_attendance_only_from_the_panel(
    panel: Panel, pool: list[Expert], committee_staff: User
) -> None:
    with pytest.raises(Refused, match="只能从本次抽取的专家中选择"):
        panels.close_meeting(committee_staff, panel.meeting_id, [999999])


def test_other_committee_staff_get_404(panel: Panel, other_staff: User) -> None:
    with pytest.raises(Http404):
        panels.close_meeting(other_staff, panel.meeting_id, [])


def test_a_relation_declared_after_the_draw_still_steps_the_expert_aside(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    from experts import pool as pool_actions

    related, *rest = seats(panel)
    pool_actions.declare_relation(
        committee_staff, related.expert_id, id_number=APPLICANT_ID, name="张三", kind="配偶"
    )
    with pytest.raises(Refused, match="应当回避，不能投票"):
        panels.cast_vote(related.expert.user, panel.meeting_id, ready.pk, choice="for")
    for seat in rest:
        panels.cast_vote(seat.expert.user, panel.meeting_id, ready.pk, choice="for")
    panels.close_meeting(committee_staff, panel.meeting_id, [s.pk for s in seats(panel)])
    result = MeetingResult.objects.get(application=ready)
    assert (result.members_present, result.votes_for, result.outcome) == (4, 4, "passed")


def test_typed_results_are_refused_for_a_meeting_with_a_panel(
    panel: Panel, ready: Application, committee_staff: User
) -> None:
    from results import actions as results_actions

    result = MeetingResult.objects.get(application=ready)
    with pytest.raises(Refused, match="由评审专家在线表决"):
        results_actions.record_result(
            committee_staff,
            result.pk,
            members_present=9,
            votes_for=9,
            votes_against=0,
            votes_abstain=0,
            outcome="passed",
            expected_version=None,
        )
    result.refresh_from_db()
    assert result.outcome == "pending"


def test_the_meeting_page_hides_the_typed_forms_once_a_panel_exists(
    client: Client, panel: Panel, ready: Application, committee_staff: User
) -> None:
    page = text(
        signed_in(client, committee_staff).get(reverse("results:meeting", args=[panel.meeting_id]))
    )
    assert "由评审专家在线表决" in page
    assert 'id="import"' not in page and "从 Excel 导入评审结果" not in page
    assert 'name="members_present"' not in page
