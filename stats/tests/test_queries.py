"""The page and its exports run the same number of queries for 10 or 1,000 applications."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from catalog.models import Series
from orgs.models import BaseUnit, Department, ReviewCommittee
from stats.tests import world

BJ = ZoneInfo("Asia/Shanghai")


def grow(
    n: int,
    prefix: str,
    orgs: list[world.Org],
    cats: list[world.Catalogue],
    staff: User,
) -> None:
    now = timezone.now()
    world.random_world(
        n,
        orgs,
        cats,
        year=now.year,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        now=now,
        prefix=prefix,
        staff=staff,
        seed=len(prefix) + n,
    )


def count_queries(client: Client, url: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_applications(
    client: Client,
    series: Series,
    unit_a: BaseUnit,
    unit_b: BaseUnit,
    committee: ReviewCommittee,
    department: Department,
    hr_admin: User,
) -> None:
    kashgar = ReviewCommittee.objects.create(name="喀什地区评审委员会", region=unit_b.region)
    kashgar_dept = Department.objects.create(
        name="喀什地区人社局", kind="hrss", level="prefecture", region=unit_b.region
    )
    orgs = [
        world.Org(unit_a, committee, department),
        world.Org(unit_b, kashgar, kashgar_dept, unit_days=6),
    ]
    cats = [world.catalogue(series, timezone.localdate().year)]
    client.force_login(hr_admin)
    urls = [
        (reverse("stats:index"), {}),
        (reverse("stats:index"), {"group": "level", "region": str(unit_b.region_id)}),
        *[(reverse("stats:export", args=[key]), {}) for key in ("counts", "waits", "daily")],
    ]
    grow(10, "few", orgs, cats, hr_admin)
    for url, params in urls:  # warm caches (entry regions) before counting
        count_queries(client, url, params)
    few = [count_queries(client, url, params) for url, params in urls]
    grow(990, "many", orgs, cats, hr_admin)
    assert Application.objects.count() == 1000
    many = [count_queries(client, url, params) for url, params in urls]
    assert few == many
    # The page: session, user, second factor, messages… plus regions/series and one query
    # per figure (two for the daily one): well under the number of figures × 3.
    assert few[0] <= 20
    page = client.get(reverse("stats:index")).content.decode()
    assert '<tfoot><tr><th scope="row">合计</th><td class="num">' in page
    assert ">1000</td></tr></tfoot>" in page


def test_the_random_world_has_a_deadline_wave(
    series: Series,
    unit_a: BaseUnit,
    committee: ReviewCommittee,
    department: Department,
    hr_admin: User,
) -> None:
    """The sample data the browser test and the benchmark use crowds towards the close."""
    now = datetime(2026, 6, 30, 12, tzinfo=BJ)
    close = now - timedelta(days=10)
    world.random_world(
        400,
        [world.Org(unit_a, committee, department)],
        [world.catalogue(series, 2026)],
        year=2026,
        opens_at=close - timedelta(days=30),
        closes_at=close,
        now=now,
        prefix="wave",
    )
    from stats.tests.conftest import draw

    figure = draw(hr_admin, "daily", year=2026)
    last_week = sum(r[1] for r in figure.rows[-7:])
    first_week = sum(r[1] for r in figure.rows[:7])
    assert last_week > 2 * first_week
