#!/usr/bin/env python
"""Benchmark of the review chain and its busiest pages, run by hand on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench .venv/bin/python scripts/bench_review.py

1. Transitions: 8 concurrent clients (processes, one connection each) run
   submit → 单位推荐意见 → unit pass → department return cycles for 20 s; prints
   transitions per second beside `pgbench -N` TPS at 8 clients measured in the same run.
2. Pages: with 2,000 applications in one unit, 8 signed-in clients request the
   applicant's 我的申请书, the unit's 申请书审核 queue and a minimal signed-in page
   (/ping/) from one gunicorn server; prints requests per second and p95 for each.

It creates and drops its own databases (<name>, <name>_pgbench); never point it at real data.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
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
        "Set DATABASE_URL to a PostgreSQL database of its own, e.g. postgres://postgres@127.0.0.1:5432/zc_bench"
    )
DB = urlparse(URL)
DB_NAME = DB.path.lstrip("/")
CLIENTS = 8
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
UNIT_APPS = int(os.environ.get("BENCH_UNIT_APPS", "2000"))
PORT = int(os.environ.get("BENCH_PORT", "8097"))


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


def fresh_databases() -> None:
    for name in (DB_NAME, f"{DB_NAME}_pgbench"):
        psql_admin(f'DROP DATABASE IF EXISTS "{name}"')
        psql_admin(f'CREATE DATABASE "{name}"')


def pgbench_tps() -> float:
    base = [
        "-h",
        DB.hostname or "127.0.0.1",
        "-p",
        str(DB.port or 5432),
        "-U",
        DB.username or "postgres",
    ]
    name = f"{DB_NAME}_pgbench"
    subprocess.run(
        ["pgbench", *base, "-i", "-q", "-s", "10", name], check=True, capture_output=True
    )
    out = subprocess.run(
        ["pgbench", *base, "-N", "-c", str(CLIENTS), "-j", "2", "-T", str(int(SECONDS)), name],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"tps = ([0-9.]+)", out)
    if not match:
        raise RuntimeError(out)
    return float(match.group(1))


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)


def build_world() -> dict[str, Any]:
    """A unit with a recommender, a committee whose chain is unit → department → committee."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from stdnum.cn import uscc

    from accounts.models import Role, User
    from catalog.models import FormTemplate
    from orgs.models import (
        ApplicationWindow,
        BaseUnit,
        ChainNode,
        CommitteeScope,
        Department,
        ReviewChain,
        ReviewCommittee,
    )

    committee = ReviewCommittee.objects.filter(chains__is_current=True).first()
    assert committee is not None, "reference data has no committee with a chain"
    committee.submission_limit = 32_000  # the column is a smallint
    committee.save()
    scope = CommitteeScope.objects.filter(committee=committee).select_related("series").first()
    assert scope is not None
    year = timezone.localdate().year
    assert FormTemplate.objects.filter(series=scope.series, year=year).exists(), (
        "no template this year"
    )
    chain = ReviewChain.objects.create(
        committee=committee, business_type="review", version=999, is_current=False
    )
    dept = Department.objects.filter(region=committee.region).first() or Department.objects.first()
    assert dept is not None
    ReviewChain.objects.filter(committee=committee, business_type="review").update(is_current=False)
    chain.is_current = True
    chain.save()
    ChainNode.objects.create(chain=chain, position=1, label="基层工作单位", actor="base_unit")
    ChainNode.objects.create(
        chain=chain, position=2, label="地厅级材料接收部门", actor="department", department=dept
    )
    ChainNode.objects.create(chain=chain, position=3, label="评审机构", actor="committee")
    now = timezone.now()
    ApplicationWindow.objects.create(
        committee=committee,
        year=year,
        series=scope.series,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    unit = BaseUnit.objects.create(
        name="基准测试单位",
        uscc="91650100MA77BENC0" + uscc.calc_check_digit("91650100MA77BENC0"),
        region=committee.region.entry_region,
        nature="prefecture",
        contact_name="基准",
        contact_mobile="13900000000",
        address="基准路1号",
        legal_representative="基准",
        phone="0991-0000000",
        hr_person="基准",
        hr_mobile="13900000000",
        licence_scan="licences/bench.png",
    )
    password = make_password("Bench@2026")
    unit_admin = User.objects.create(
        username="bench_unit", role=Role.UNIT_ADMIN, unit=unit, password=password
    )
    dept_user = User.objects.create(
        username="bench_dept", role=Role.DEPT_REVIEWER, department=dept, password=password
    )
    return {
        "committee": committee,
        "scope": scope,
        "unit": unit,
        "unit_admin": unit_admin,
        "dept_user": dept_user,
        "password": password,
    }


def make_applicants(world: dict[str, Any], count: int, prefix: str) -> list[Any]:
    """Unsaved applicant accounts with valid, distinct ID numbers (born 1980-01-01, 天山区)."""
    from stdnum.cn import ric

    from accounts.models import Role, User

    offset = {"cycle": 0, "queue": 100}[prefix]
    users = []
    for i in range(count):
        # Sequence numbers 000–999 for each birth day from 1980-01-01 on.
        day = (offset + i) // 1000
        base = f"65010219800{1 + day // 28}{day % 28 + 1:02d}{(offset + i) % 1000:03d}"
        number = base + ric.calc_check_digit(base + "0")
        users.append(
            User(
                username=f"{prefix}{i}",
                role=Role.APPLICANT,
                real_name=f"基准{i}",
                id_number=number,
                password=world["password"],
            )
        )
    return users


def filled_application(world: dict[str, Any], user: Any) -> Any:
    from applications import actions
    from applications.models import SectionData
    from catalog.models import Specialty, TemplateSection, Title

    scope = world["scope"]
    title = Title.objects.filter(series=scope.series, level=scope.level).first()
    specialty = Specialty.objects.filter(series=scope.series).first()
    assert title is not None and specialty is not None
    app = actions.create_application(
        user, title=title, specialty=specialty, unit=world["unit"], committee=world["committee"]
    )
    # Mark every applicant section complete directly: the benchmark measures transitions, not forms.
    SectionData.objects.bulk_create(
        [
            SectionData(application=app, key=s.key, data={}, is_complete=True)
            for s in TemplateSection.objects.filter(template=app.template, filled_by_unit=False)
        ]
    )
    from catalog.models import AttachmentSlot

    slots = AttachmentSlot.objects.filter(
        section__template=app.template, required=True
    ).select_related("section")
    if slots:
        from lib.files import CheckedUpload
        from testing.files import make_png

        scan = actions.store_attachment(user, CheckedUpload(make_png(), "png", "scan.png"))
        for slot in slots:
            actions.place_attachment(user, app.pk, slot.section.key, slot.key, scan)
    return app


def _cycle_client(
    i: int, app_pk: int, user_pk: int, unit_admin_pk: int, dept_pk: int, start_at: float, out: Any
) -> None:
    """One client process: submit → 单位推荐意见 → unit pass → department return, until time is up."""
    from django.db import connections

    from accounts.models import User
    from applications import actions
    from reviews import actions as review_actions

    connections.close_all()  # never share the parent's connection across fork
    user, unit_admin, dept = (User.objects.get(pk=pk) for pk in (user_pk, unit_admin_pk, dept_pk))
    while time.time() < start_at:
        time.sleep(0.001)
    stop = start_at + SECONDS
    done = 0
    try:
        while time.time() < stop:
            actions.submit(user, app_pk, expected_version=None)
            review_actions.save_recommendation(
                unit_admin,
                app_pk,
                person="基准",
                mobile="13900000000",
                opinion="基准测试推荐意见，同意推荐。",
            )
            review_actions.pass_application(unit_admin, app_pk, expected_version=None)
            review_actions.return_application(
                dept, app_pk, opinion="基准测试退回", expected_version=None
            )
            done += 3
        out.put((i, done, ""))
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        out.put((i, done, repr(exc)))


def transitions_per_second(world: dict[str, Any]) -> float:
    """8 client processes (as 8 app processes would be), one application each."""
    import multiprocessing

    from django.db import connections

    from accounts.models import User

    users = make_applicants(world, CLIENTS, "cycle")
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith="cycle").order_by("id"))
    apps = [filled_application(world, u) for u in users]
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 2
    procs = [
        ctx.Process(
            target=_cycle_client,
            args=(
                i,
                apps[i].pk,
                users[i].pk,
                world["unit_admin"].pk,
                world["dept_user"].pk,
                start_at,
                out,
            ),
        )
        for i in range(CLIENTS)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=SECONDS + 60) for _ in procs]
    for p in procs:
        p.join()
    errors = [err for _, _, err in results if err]
    if errors:
        raise RuntimeError(errors[0])
    return sum(done for _, done, _ in results) / SECONDS


def fill_unit(world: dict[str, Any]) -> Any:
    """2,000 submitted applications waiting in the unit's queue (rows made in bulk)."""
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, HistoryEntry, Status
    from catalog.models import Specialty, Title

    users = make_applicants(world, UNIT_APPS, "queue")
    User.objects.bulk_create(users, batch_size=500)
    users = list(User.objects.filter(username__startswith="queue").order_by("id"))
    scope = world["scope"]
    title = Title.objects.filter(series=scope.series, level=scope.level).first()
    specialty = Specialty.objects.filter(series=scope.series).first()
    from applications import rules
    from orgs import chains

    template = rules.current_template(scope.series_id, "review", timezone.localdate().year)
    chain = chains.required_chain(world["committee"].pk, "review")
    nodes = rules.snapshot(chain)
    now = timezone.now()
    apps = [
        Application(
            year=now.year,
            applicant=u,
            series_id=scope.series_id,
            level=scope.level,
            title=title,
            specialty=specialty,
            unit=world["unit"],
            committee=world["committee"],
            template=template,
            status=Status.IN_REVIEW,
            position=1,
            submission_count=1,
            chain=chain,
            nodes=nodes,
            holder_unit=world["unit"],
            last_from="申请人",
            last_to="基层工作单位",
            last_action_at=now,
        )
        for u in users
    ]
    Application.objects.bulk_create(apps, batch_size=500)
    for app in Application.objects.filter(unit=world["unit"], number__isnull=True):
        app.number = f"RSSQ{app.pk:08d}"
        app.save(update_fields=["number"])
    HistoryEntry.objects.bulk_create(
        [
            HistoryEntry(
                application=a,
                action="submit",
                actor=a.applicant,
                actor_role="applicant",
                from_label="申请人",
                to_label="基层工作单位",
                submission_no=1,
            )
            for a in Application.objects.filter(unit=world["unit"]).select_related("applicant")
        ],
        batch_size=500,
    )
    return users[0]


def session_cookie(user: Any) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.LoginNameBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    from accounts.two_factor import required_for

    if required_for(user):
        # Staff roles must pass the second factor: give the bench account a real TOTP device
        # and mark the session verified by it, as the second sign-in step does.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_server(
    app: str = "zhicheng.wsgi",
    *,
    name: str = "zc-bench",
    pythonpath: str = "",
    env: dict[str, str] | None = None,
    tries: int = 100,
) -> subprocess.Popen[bytes]:
    """Static files collected, then gunicorn (4 sync workers) serving `app` on PORT; returns
    once it answers (asked every 0.2 s, `tries` times). `name` names the static directory and
    the logs under /tmp."""
    static = Path(f"/tmp/{name}-static")
    shutil.rmtree(static, ignore_errors=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static),
        **(env or {}),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = open(f"/tmp/{name}-server.log", "ab")  # noqa: SIM115 - the server's, for the run
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            app,
            *(["--pythonpath", pythonpath] if pythonpath else []),
            "-b",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            f"/tmp/{name}-gunicorn.log",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    for _ in range(tries):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start; see /tmp/{name}-gunicorn.log")


def drive(path: str, cookie: str, seconds: float) -> tuple[float, float]:
    """8 clients hammer one page; returns (requests per second, p95 milliseconds)."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    failures: list[str] = []

    def client() -> None:
        mine = []
        while time.monotonic() < stop:
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie}
            )
            t0 = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                if response.status != 200 or response.geturl().endswith("/login/"):
                    failures.append(f"{path}: {response.status} {response.geturl()}")
                    return
            mine.append((time.perf_counter() - t0) * 1000)
            del body
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(failures[0])
    elapsed = time.monotonic() - started
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
    return len(latencies) / elapsed, p95


def main() -> None:
    fresh_databases()
    setup_django()
    from django.urls import reverse

    world = build_world()
    print(f"Clients: {CLIENTS}, {SECONDS:.0f} s each, on {os.cpu_count()} cores")
    tps = transitions_per_second(world)
    pg = pgbench_tps()
    print(f"review transitions: {tps:8.1f} /s")
    print(f"pgbench -N        : {pg:8.1f} TPS")
    print(f"ratio             : {tps / pg:8.3f}  (goal ≥ 0.25)")

    applicant = fill_unit(world)
    server = start_server()
    try:
        pages = [
            (
                "minimal signed-in page /ping/",
                reverse("portal:ping"),
                session_cookie(world["unit_admin"]),
            ),
            ("applicant 我的申请书", reverse("applications:list"), session_cookie(applicant)),
            (
                f"unit 申请书审核 ({UNIT_APPS} waiting)",
                reverse("reviews:queue"),
                session_cookie(world["unit_admin"]),
            ),
        ]
        for label, path, cookie in pages:
            drive(path, cookie, 2)  # warm up
            rps, p95 = drive(path, cookie, SECONDS / 2)
            print(f"{label:38s} {rps:8.1f} req/s   p95 {p95:7.1f} ms")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)


if __name__ == "__main__":
    main()
