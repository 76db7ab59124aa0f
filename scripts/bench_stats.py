#!/usr/bin/env python
"""Benchmark of the 统计 figures on 100,000 applications, run by hand on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench_stats .venv/bin/python scripts/bench_stats.py

Seeds BENCH_STATS_APPS (default 100,000) applications of this year over every prefecture's
units, with their node visits, submissions (crowding towards the window's close) and
meeting results (bulk inserts, stats/tests/world.py), then times each figure for the
自治区 hr_admin (everything), a prefecture hr_admin and one committee's staff: the first
run and the best of three, and the number of queries. The goal is under a second each.

It creates and drops its own database (<name>); never point it at real data.
BENCH_STATS_KEEP=1 leaves the database behind; BENCH_STATS_REUSE=1 times it again without
seeding (drop it by hand afterwards).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
os.environ.setdefault("ALLOW_INSECURE_SECRET", "1")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)

URL = os.environ.get("DATABASE_URL", "")
if not URL.startswith("postgres"):
    sys.exit(
        "Set DATABASE_URL to a PostgreSQL database of its own, e.g. postgres://postgres@127.0.0.1:5432/zc_bench_stats"
    )
DB = urlparse(URL)
DB_NAME = DB.path.lstrip("/")
APPS = int(os.environ.get("BENCH_STATS_APPS", "100000"))
CHUNK = 10_000
KEEP = os.environ.get("BENCH_STATS_KEEP") == "1"  # leave the database for a look afterwards
REUSE = os.environ.get("BENCH_STATS_REUSE") == "1"  # time a database a KEEP run left behind


def psql_admin(sql: str) -> None:
    subprocess.run(
        [
            "psql",
            "-h",
            DB.hostname or "127.0.0.1",
            "-p",
            str(DB.port or 5432),
            "-U",
            DB.username or "postgres",
            "-d",
            "postgres",
            "-q",
            "-c",
            sql,
        ],
        check=True,
    )


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)


def seed() -> dict[str, Any]:
    """Twenty units in each entry region, each region's committee (or the 自治区's) and a
    department; every series; APPS applications in chunks (memory stays flat)."""
    from datetime import timedelta

    from django.utils import timezone
    from stdnum.cn import uscc

    from accounts.models import Role, User
    from catalog.models import Series
    from orgs.models import BaseUnit, Department, Region, ReviewCommittee
    from stats.tests import world

    now = timezone.now()
    year = timezone.localdate().year
    hr = User.objects.create(username="bench_hr", role=Role.HR_ADMIN, admin_region=None)
    regions = list(Region.objects.filter(is_entry=True).order_by("sort_order"))
    autonomous = next(r for r in regions if r.level == Region.Level.AUTONOMOUS)
    fallback = ReviewCommittee.objects.filter(region=autonomous).first()
    assert fallback is not None, "reference data has no 自治区 committee"
    orgs: list[world.Org] = []
    n = 0
    for r_index, region in enumerate(regions):
        committee = ReviewCommittee.objects.filter(region=region).first() or fallback
        department = Department.objects.filter(region=region).first()
        if department is None:
            department = Department.objects.create(
                name=f"{region.name}基准部门", kind="receiving", level="prefecture", region=region
            )
        for i in range(20):
            n += 1
            base = f"91650{r_index:02d}00MA7{n:05d}"
            unit = BaseUnit.objects.create(
                name=f"{region.name}基准单位{i + 1}",
                uscc=base + uscc.calc_check_digit(base),
                region=region,
                nature="county",
                contact_name="基准",
                contact_mobile="13900000000",
                licence_scan="licences/bench.png",
            )
            # A few slow units and departments, so the top 10 has something to say.
            orgs.append(
                world.Org(
                    unit,
                    committee,
                    department,
                    unit_days=12.0 if i == 0 else 1.0 + (n % 5),
                    department_days=2.0 + (r_index % 6),
                )
            )
    cats = [world.catalogue(s, year) for s in Series.objects.order_by("sort_order")]
    close = now - timedelta(days=20)
    totals: dict[str, int] = {}
    started = time.perf_counter()
    for chunk in range(0, APPS, CHUNK):
        size = min(CHUNK, APPS - chunk)
        made = world.random_world(
            size,
            orgs,
            cats,
            year=year,
            opens_at=close - timedelta(days=45),
            closes_at=close,
            now=now,
            seed=chunk,
            prefix=f"b{chunk // CHUNK}x",
            staff=hr,
        )
        for key, value in made.items():
            totals[key] = totals.get(key, 0) + value
        print(f"  seeded {chunk + size:>7,} applications ({time.perf_counter() - started:.0f} s)")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    prefecture = next(r for r in regions if r.level == Region.Level.PREFECTURE)
    busiest = max({o.committee.pk: o.committee for o in orgs}.values(), key=lambda c: c.pk)
    return {
        "year": year,
        "totals": totals,
        "hr": hr,
        "prefecture_hr": User.objects.create(
            username="bench_pref_hr", role=Role.HR_ADMIN, admin_region=prefecture
        ),
        "committee_staff": User.objects.create(
            username="bench_committee", role=Role.COMMITTEE_STAFF, committee=busiest
        ),
    }


def time_figures(user: Any, year: int) -> list[tuple[str, float, float, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from catalog.models import Series
    from orgs.regions import entry_regions
    from stats.figures import FIGURES
    from stats.scope import Lookups, Scope, apply_filters
    from stats.scoping import applications_for, own_committee_id

    scope = Scope(
        applications=apply_filters(applications_for(user), {"year": year}),
        group="region",
        lookups=Lookups.build(entry_regions(), Series.objects.order_by("sort_order")),
        filters={"year": year},
        now=timezone.now(),
        committee_id=own_committee_id(user),
    )
    out = []
    for key, build in FIGURES.items():
        runs = []
        queries = 0
        for _ in range(4):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                build(scope)
                runs.append(time.perf_counter() - t0)
            queries = len(ctx.captured_queries)
        out.append((key, runs[0] * 1000, min(runs[1:]) * 1000, queries))
    return out


def reuse() -> dict[str, Any]:
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, HistoryEntry, NodeVisit
    from results.models import MeetingResult

    return {
        "year": timezone.localdate().year,
        "totals": {
            "applications": Application.objects.count(),
            "visits": NodeVisit.objects.count(),
            "history": HistoryEntry.objects.count(),
            "results": MeetingResult.objects.count(),
        },
        **{
            key: User.objects.get(username=name)
            for key, name in (
                ("hr", "bench_hr"),
                ("prefecture_hr", "bench_pref_hr"),
                ("committee_staff", "bench_committee"),
            )
        },
    }


def main() -> None:
    if not REUSE:
        psql_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        psql_admin(f'CREATE DATABASE "{DB_NAME}"')
    try:
        if REUSE:
            world = reuse()
        else:
            setup_django()
            print(f"Seeding {APPS:,} applications …")
            world = seed()
        t = world["totals"]
        print(
            f"rows: {t['applications']:,} applications, {t['visits']:,} node visits, "
            f"{t['history']:,} submissions, {t['results']:,} meeting results"
        )
        print(f"\n{'who':<28}{'figure':<13}{'first ms':>10}{'best ms':>10}{'queries':>9}")
        worst = 0.0
        for label, user in (
            ("自治区 hr_admin (all)", world["hr"]),
            ("prefecture hr_admin", world["prefecture_hr"]),
            ("committee staff", world["committee_staff"]),
        ):
            for key, first, best, queries in time_figures(user, world["year"]):
                worst = max(worst, best)
                print(f"{label:<28}{key:<13}{first:>10.0f}{best:>10.0f}{queries:>9}")
        print(f"\nslowest figure (best of three): {worst:.0f} ms  (goal < 1000 ms)")
    finally:
        from django.db import connections

        connections.close_all()
        if not (KEEP or REUSE):
            psql_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


if __name__ == "__main__":
    main()
