"""The expert-review world: a pool of experts, a meeting with 张三's application, a panel."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import Role, User
from applications.models import Application
from catalog.models import Series, Specialty, Title
from experts import panels
from experts.models import Expert, Panel, Seat
from orgs.models import BaseUnit, Region, ReviewCommittee
from results import actions as results_actions
from results.models import Meeting
from testing.people import make_user
from testing.results_world import receive
from testing.worlds import submit_many, to_passed

MakeExpert = Callable[..., Expert]


@pytest.fixture
def make_expert(
    committee: ReviewCommittee, series: Series, regions: dict[str, Region], committee_staff: User
) -> MakeExpert:
    made: list[Expert] = []

    def make(
        name: str = "",
        *,
        specialty: Specialty | None = None,
        unit: BaseUnit | None = None,
        unit_name: str = "新疆大学",
    ) -> Expert:
        n = len(made) + 1
        user = make_user(f"expert{n}", Role.EXPERT, real_name=name or f"专家{n}")
        expert = Expert.objects.create(
            committee=committee,
            series=series,
            specialty=specialty or Specialty.objects.get(series=series, name="经济学"),
            user=user,
            name=name or f"专家{n}",
            title="研究员",
            unit_name=unit.name if unit else unit_name,
            unit=unit,
            region=regions["urumqi"],
            created_by=committee_staff,
        )
        made.append(expert)
        return expert

    return make


@pytest.fixture
def pool(make_expert: MakeExpert) -> list[Expert]:
    """Nine experts of 经济学, none from 张三's unit."""
    return [make_expert() for _ in range(9)]


@pytest.fixture
def in_meeting(meeting: Meeting, ready: Application, committee_staff: User) -> Meeting:
    results_actions.add_to_meeting(committee_staff, meeting.pk, [ready.pk])
    return meeting


@pytest.fixture
def panel(in_meeting: Meeting, pool: list[Expert], committee_staff: User) -> Panel:
    """Five experts drawn with a fixed seed."""
    return panels.draw_panel(committee_staff, in_meeting.pk, 5, {}, seed="abc123")


def seats(panel: Panel) -> list[Seat]:
    return list(
        Seat.objects.filter(panel=panel, status=Seat.Status.DRAWN)
        .select_related("expert__user")
        .order_by("order")
    )


def vote_all(panel: Panel, app_id: int, choices: list[str]) -> None:
    for seat, choice in zip(seats(panel), choices, strict=False):
        panels.cast_vote(seat.expert.user, panel.meeting_id, app_id, choice=choice)


@pytest.fixture
def passed_many(
    chain_world: ReviewCommittee,
    title: Title,
    specialty: Specialty,
    unit_a: BaseUnit,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
) -> Callable[[int], list[Application]]:
    """A factory: passed_many(n) walks n more applications to 通过形式审核, papers received."""
    made: list[Application] = []

    def make(n: int) -> list[Application]:
        apps = submit_many(n, qualification=title, field=specialty, unit=unit_a, start=len(made))
        done = [to_passed(a, unit_admin, dept_reviewer, committee_staff) for a in apps]
        receive(committee_staff, *done)
        made.extend(done)
        return done

    return make
