"""Worlds for the statistics: a few rows built by hand (exact figures), or many in bulk.

The figures read applications, node visits, history rows and meeting results the review
actions wrote. Building thousands through the actions would take minutes, so rows are
written directly here, with the timestamps a real history would have had (`auto_now_add`
is paused while they are written). Used by stats/tests, e2e/test_stats.py and
scripts/bench_stats.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Action, Application, HistoryEntry, NodeVisit, Status
from catalog.models import FormTemplate, Level, Series, Specialty, Title
from orgs.models import ApplicationWindow, BaseUnit, Department, ReviewCommittee
from results.models import Meeting, MeetingResult

NODES = ("基层工作单位", "地厅级材料接收部门", "评审机构")


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let rows be written with their own arrived_at / created_at (test and bench data only)."""
    fields = [
        NodeVisit._meta.get_field("arrived_at"),
        HistoryEntry._meta.get_field("created_at"),
        Application._meta.get_field("created_at"),
    ]
    saved = [(f, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


_applicant_seq = [0]


def applicants(count: int, prefix: str = "stat") -> list[User]:
    """`count` applicant accounts (unusable passwords, distinct placeholder ID numbers)."""
    start = _applicant_seq[0]
    _applicant_seq[0] += count
    password = make_password(None)
    users = [
        User(
            username=f"{prefix}{start + i}",
            role=Role.APPLICANT,
            real_name=f"申请人{start + i}",
            id_number=f"S{prefix[:4]}{start + i:013d}"[:18],
            password=password,
        )
        for i in range(count)
    ]
    # PostgreSQL and SQLite (3.35+) both hand the new ids back from bulk_create.
    return User.objects.bulk_create(users, batch_size=2000)


@dataclass
class Catalogue:
    """A series with a title per level and a template, enough to hang applications on."""

    series: Series
    specialty: Specialty
    template: FormTemplate
    titles: dict[int, Title] = field(default_factory=dict)


def catalogue(series: Series, year: int) -> Catalogue:
    specialty = Specialty.objects.filter(series=series).first() or Specialty.objects.create(
        series=series, name=f"{series.name}专业"
    )
    template = FormTemplate.objects.filter(series=series).first() or FormTemplate.objects.create(
        series=series, year=year, name=f"{series.name}申请书"
    )
    titles = {}
    for level in Level.values:
        title = Title.objects.filter(series=series, level=level).first()
        if title is None:
            title = Title.objects.create(
                series=series, level=level, name=f"{series.name}{Level(level).label}"
            )
        titles[int(level)] = title
    return Catalogue(series, specialty, template, titles)


def application(
    cat: Catalogue,
    applicant: User,
    unit: BaseUnit,
    committee: ReviewCommittee,
    *,
    year: int,
    status: str,
    submissions: int,
    level: int = Level.INTERMEDIATE,
    business_type: str = "review",
    at: datetime | None = None,
) -> Application:
    """One application in a state, as the actions would have left it (no visits yet)."""
    position = {"draft": 0, "returned": 0, "in_review": 1}.get(str(status), 4)
    return Application(
        year=year,
        business_type=business_type,
        applicant=applicant,
        series=cat.series,
        level=level,
        title=cat.titles[level],
        specialty=cat.specialty,
        unit=unit,
        committee=committee,
        template=cat.template,
        status=status,
        position=position,
        submission_count=submissions,
        created_at=at or timezone.now(),
    )


def visit(
    app: Application,
    position: int,
    arrived: datetime,
    left: datetime | None,
    *,
    unit: BaseUnit | None = None,
    department: Department | None = None,
    committee: ReviewCommittee | None = None,
    submission_no: int = 1,
) -> NodeVisit:
    return NodeVisit(
        application=app,
        submission_no=submission_no,
        position=position,
        label=NODES[position - 1],
        unit=unit,
        department=department,
        committee=committee,
        arrived_at=arrived,
        left_at=left,
    )


def submitted(app: Application, at: datetime, submission_no: int = 1) -> HistoryEntry:
    return HistoryEntry(
        application=app,
        action=Action.SUBMIT,
        actor_id=app.applicant_id,
        actor_role="applicant",
        from_label="申请人",
        to_label=NODES[0],
        submission_no=submission_no,
        created_at=at or timezone.now(),
    )


def save_all(
    apps: list[Application],
    visits: list[NodeVisit] | None = None,
    history: list[HistoryEntry] | None = None,
    batch: int = 2000,
) -> None:
    """Write applications, then the rows pointing at them (ids known after the first insert)."""
    with explicit_timestamps():
        Application.objects.bulk_create(apps, batch_size=batch)
        for v in visits or []:
            v.application_id = v.application.pk
        NodeVisit.objects.bulk_create(visits or [], batch_size=batch)
        for h in history or []:
            h.application_id = h.application.pk
        HistoryEntry.objects.bulk_create(history or [], batch_size=batch)


def meeting_for(committee: ReviewCommittee, year: int, by: User, held_on: Any) -> Meeting:
    return Meeting.objects.create(
        committee=committee,
        year=year,
        name=f"{committee.name}{year}年评审会",
        held_on=held_on,
        created_by=by,
    )


def result(meeting: Meeting, app: Application, outcome: str) -> MeetingResult:
    votes: dict[str, Any] = {}
    if outcome != MeetingResult.Outcome.PENDING:
        passed = outcome == MeetingResult.Outcome.PASSED
        votes = {
            "members_present": 9,
            "votes_for": 8 if passed else 3,
            "votes_against": 1 if passed else 6,
            "votes_abstain": 0,
        }
    return MeetingResult(meeting=meeting, application=app, outcome=outcome, **votes)


@dataclass
class Org:
    """A base unit and the committee and department its applications travel through."""

    unit: BaseUnit
    committee: ReviewCommittee
    department: Department
    # Mean days an application waits at this unit (some units are slow on purpose).
    unit_days: float = 2.0
    department_days: float = 3.0


def random_world(
    n: int,
    orgs: list[Org],
    cats: list[Catalogue],
    *,
    year: int,
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
    seed: int = 13,
    prefix: str = "stat",
    staff: User | None = None,
) -> dict[str, int]:
    """`n` applications spread over `orgs` and `cats`, with visits, submissions and meeting
    results shaped like a season: submissions crowd towards the close (the deadline wave),
    each unit and department waits its own typical time, most pass formal review."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    people = applicants(n, prefix)
    window_days = max((closes_at - opens_at).total_seconds() / 86400, 1)
    apps: list[Application] = []
    visits: list[NodeVisit] = []
    history: list[HistoryEntry] = []
    passed: list[Application] = []
    for committee in {o.committee.pk: o.committee for o in orgs}.values():
        for cat in cats:
            ApplicationWindow.objects.get_or_create(
                committee=committee,
                year=year,
                series=cat.series,
                business_type="review",
                specialty=None,
                defaults={"opens_at": opens_at, "closes_at": closes_at},
            )
    for i in range(n):
        org = orgs[rng.randrange(len(orgs))]
        cat = cats[rng.randrange(len(cats))]
        roll = rng.random()
        status = (
            Status.DRAFT
            if roll < 0.10
            else Status.RETURNED
            if roll < 0.18
            else Status.IN_REVIEW
            if roll < 0.55
            else Status.PASSED
        )
        submissions = (
            0 if status == Status.DRAFT and rng.random() < 0.7 else 1 + (rng.random() < 0.2)
        )
        # The wave: most submissions in the last days before the close.
        first_at = opens_at + timedelta(days=window_days * (rng.random() ** 0.35))
        app = application(
            cat,
            people[i],
            org.unit,
            org.committee,
            year=year,
            status=status,
            submissions=submissions,
            level=rng.choice(Level.values),
            business_type="review" if rng.random() < 0.9 else "initial",
            at=first_at - timedelta(days=3),
        )
        apps.append(app)
        if submissions == 0:
            continue
        at = first_at
        for no in range(1, submissions + 1):
            history.append(submitted(app, min(at, closes_at - timedelta(minutes=1)), no))
            last_round = no == submissions
            reach = 1
            if last_round and status != Status.DRAFT:
                reach = 3 if status == Status.PASSED else rng.randint(1, 3)
            t = at
            for pos in range(1, reach + 1):
                mean = (org.unit_days, org.department_days, 1.5)[pos - 1]
                stay = timedelta(days=rng.expovariate(1 / mean))
                still_here = last_round and status == Status.IN_REVIEW and pos == reach
                left = None if still_here else min(t + stay, now)
                visits.append(
                    visit(
                        app,
                        pos,
                        t,
                        left,
                        unit=org.unit if pos == 1 else None,
                        department=org.department if pos == 2 else None,
                        committee=org.committee if pos == 3 else None,
                        submission_no=no,
                    )
                )
                if left is None:
                    break
                t = left
            at = t + timedelta(days=rng.uniform(0.5, 3))
            if last_round and status == Status.IN_REVIEW:
                app.position = reach
        if status == Status.PASSED:
            passed.append(app)
    save_all(apps, visits, history)
    results = 0
    if staff is not None and passed:
        meetings: dict[int, Meeting] = {}
        rows = []
        for app in passed:
            if rng.random() < 0.3:
                continue
            meeting = meetings.get(app.committee_id)
            if meeting is None:
                meeting = meetings[app.committee_id] = meeting_for(
                    app.committee, year, staff, closes_at.date() + timedelta(days=40)
                )
            roll = rng.random()
            outcome = "passed" if roll < 0.75 else "failed" if roll < 0.95 else "pending"
            rows.append(result(meeting, app, outcome))
        MeetingResult.objects.bulk_create(rows, batch_size=2000)
        results = len(rows)
    return {
        "applications": len(apps),
        "visits": len(visits),
        "history": len(history),
        "results": results,
    }
