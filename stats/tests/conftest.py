"""A small known world for the 统计 figures: every number in the tests is counted by hand here.

Year 2026, now = 2026-06-30 12:00 (Beijing).

乌鲁木齐市 (unit A, 乌鲁木齐市评审委员会, window 06-01 → 06-10 18:00):
  a1 通过形式审核, submitted once        meeting: 评审通过
  a2 通过形式审核, submitted twice       meeting: 评审未通过
  a3 退回修改                            a4 收回 (draft, submitted once)
  a5 审核中 (at the department)          a6 never submitted
喀什地区 (unit B, 喀什地区评审委员会, window 06-03 → 06-12 18:00):
  b1 通过形式审核 (副高)                 meeting: 待评审
  b2 审核中 (at the unit)                b3 never submitted
Other years: a0 (2025, 乌鲁木齐市, passed); c1 (2024, unit A judged by the 喀什 committee, draft).

Node waits (hours): unit A 2,4,10,20,30,40; unit B 50, 60 (still waiting);
乌鲁木齐 department 12,24,48,72,100 (still waiting); 喀什 department 5;
committees 6, 18 (乌鲁木齐) and 7 (喀什).
Submissions (Beijing days): 06-05 ×2, 06-08, 06-09 (00:30, still 06-08 in UTC), 06-10 ×2, 06-12 ×2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role, User
from applications.models import Application, HistoryEntry, NodeVisit, Status
from catalog.models import Level, Series
from orgs.models import ApplicationWindow, BaseUnit, Department, Region, ReviewCommittee
from orgs.regions import entry_regions
from results.models import MeetingResult
from stats.figures import FIGURES
from stats.scope import Figure, Lookups, Scope, apply_filters
from stats.scoping import applications_for, own_committee_id
from stats.tests import world
from testing.people import make_user

BJ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=BJ)
D0 = datetime(2026, 6, 5, 9, 0, tzinfo=BJ)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


@dataclass
class Known:
    regions: dict[str, Region]
    series: Series
    unit_a: BaseUnit
    unit_b: BaseUnit
    committee: ReviewCommittee
    kashgar_committee: ReviewCommittee
    department: Department
    kashgar_department: Department
    apps: dict[str, Application]


@pytest.fixture
def kashgar_committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])


@pytest.fixture
def kashgar_department(regions: dict[str, Region]) -> Department:
    return Department.objects.create(
        name="喀什地区人社局", kind="hrss", level="prefecture", region=regions["kashgar"]
    )


@pytest.fixture
def urumqi_hr(regions: dict[str, Region]) -> User:
    return make_user(
        "urumqi_hr", Role.HR_ADMIN, real_name="乌鲁木齐人社管理员", admin_region=regions["urumqi"]
    )


@pytest.fixture
def known(
    regions: dict[str, Region],
    series: Series,
    unit_a: BaseUnit,
    unit_b: BaseUnit,
    committee: ReviewCommittee,
    kashgar_committee: ReviewCommittee,
    department: Department,
    kashgar_department: Department,
    hr_admin: User,
) -> Known:
    cat = world.catalogue(series, 2026)
    people = world.applicants(12, "known")
    it = iter(people)

    def app(
        unit: BaseUnit, com: ReviewCommittee, status: str, subs: int, **kw: object
    ) -> Application:
        return world.application(
            cat,
            next(it),
            unit,
            com,
            status=status,
            submissions=subs,
            **{"year": 2026, **kw},  # type: ignore[arg-type]
        )

    a = {
        "a1": app(unit_a, committee, Status.PASSED, 1),
        "a2": app(unit_a, committee, Status.PASSED, 2),
        "a3": app(unit_a, committee, Status.RETURNED, 1),
        "a4": app(unit_a, committee, Status.DRAFT, 1),
        "a5": app(unit_a, committee, Status.IN_REVIEW, 1),
        "a6": app(unit_a, committee, Status.DRAFT, 0),
        "b1": app(unit_b, kashgar_committee, Status.PASSED, 1, level=Level.ASSOCIATE_SENIOR),
        "b2": app(unit_b, kashgar_committee, Status.IN_REVIEW, 1),
        "b3": app(unit_b, kashgar_committee, Status.DRAFT, 0),
        "a0": app(unit_a, committee, Status.PASSED, 1, year=2025),
        "c1": app(unit_a, kashgar_committee, Status.DRAFT, 0, year=2024),
    }
    a["a5"].position = 2

    def v(key: str, pos: int, start_h: float, stay_h: float | None, no: int = 1) -> NodeVisit:
        target = a[key]
        local = target.unit_id == unit_a.pk
        arrived = D0 + hours(start_h) if stay_h is not None else NOW - hours(start_h)
        return world.visit(
            target,
            pos,
            arrived,
            None if stay_h is None else arrived + hours(stay_h),
            unit=target.unit if pos == 1 else None,
            department=(department if local else kashgar_department) if pos == 2 else None,
            committee=target.committee if pos == 3 else None,
            submission_no=no,
        )

    visits = [
        v("a1", 1, 0, 10),
        v("a1", 2, 10, 24),
        v("a1", 3, 34, 6),
        v("a2", 1, 1, 20),
        v("a2", 2, 21, 48),
        v("a2", 1, 80, 30, no=2),
        v("a2", 2, 110, 12, no=2),
        v("a2", 3, 122, 18, no=2),
        v("a3", 1, 2, 40),
        v("a3", 2, 42, 72),
        v("a4", 1, 3, 2),
        v("a5", 1, 4, 4),
        v("a5", 2, 100, None),  # still waiting, arrived 100 h before now
        v("b1", 1, 5, 50),
        v("b1", 2, 55, 5),
        v("b1", 3, 60, 7),
        v("b2", 1, 60, None),  # still waiting, arrived 60 h before now
    ]
    day = lambda d, h, m=0: datetime(2026, 6, d, h, m, tzinfo=BJ)  # noqa: E731
    history = [
        world.submitted(a["a1"], day(5, 9)),
        world.submitted(a["a2"], day(5, 10)),
        world.submitted(a["a2"], day(8, 9), 2),
        world.submitted(a["a3"], day(9, 0, 30)),
        world.submitted(a["a4"], day(10, 9)),
        world.submitted(a["a5"], day(10, 10)),
        world.submitted(a["b1"], day(12, 9)),
        world.submitted(a["b2"], day(12, 11)),
        world.submitted(a["a0"], datetime(2025, 6, 5, 9, tzinfo=BJ)),
    ]
    world.save_all(list(a.values()), visits, history)
    ApplicationWindow.objects.create(
        committee=committee,
        year=2026,
        series=series,
        opens_at=datetime(2026, 6, 1, 0, 0, tzinfo=BJ),
        closes_at=datetime(2026, 6, 10, 18, 0, tzinfo=BJ),
    )
    ApplicationWindow.objects.create(
        committee=kashgar_committee,
        year=2026,
        series=series,
        opens_at=datetime(2026, 6, 3, 0, 0, tzinfo=BJ),
        closes_at=datetime(2026, 6, 12, 18, 0, tzinfo=BJ),
    )
    urumqi_meeting = world.meeting_for(committee, 2026, hr_admin, date(2026, 7, 20))
    kashgar_meeting = world.meeting_for(kashgar_committee, 2026, hr_admin, date(2026, 7, 21))
    MeetingResult.objects.bulk_create(
        [
            world.result(urumqi_meeting, a["a1"], "passed"),
            world.result(urumqi_meeting, a["a2"], "failed"),
            world.result(kashgar_meeting, a["b1"], "pending"),
        ]
    )
    assert HistoryEntry.objects.count() == 9
    return Known(
        regions,
        series,
        unit_a,
        unit_b,
        committee,
        kashgar_committee,
        department,
        kashgar_department,
        a,
    )


def draw(user: User, key: str, *, group: str = "region", **filters: object) -> Figure:
    """One figure for `user`, drawn at NOW with these (already valid) filters."""
    scope = Scope(
        applications=apply_filters(applications_for(user), dict(filters)),
        group=group,
        lookups=Lookups.build(entry_regions(), Series.objects.order_by("sort_order")),
        filters=dict(filters),
        now=NOW,
        committee_id=own_committee_id(user),
    )
    return FIGURES[key](scope)
