#!/usr/bin/env python
"""Deadline-wave benchmark (issue 11): everything measured in one run, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench_h9 .venv/bin/python scripts/bench.py [--quick]

1. `pgbench -N` at 8 clients (reference for the database on this machine).
2. A minimal Django transition (one locked row update, one history insert;
   scripts/bench_minimal.py) directly and over HTTP, and the platform's moves (提交 →
   单位推荐意见 → unit 审核通过 → then, one cycle in two, department 退回, the other
   department 审核通过 → committee 退回; the moves are counted, not the recommendation)
   directly and over HTTP, 8 client processes each, under the same gunicorn (4 sync workers).
   Not a goal, printed beside them: the floor transition, the minimal one with only the rows
   every platform move also writes (a node visit closed and one opened, the notice task
   handed to the queue on commit): how near 0.5 a move could come if it cost nothing else.
3. With N applications waiting at the unit and N at the committee (2,000, or 200 with
   --quick): /ping/, an empty page in the platform's layout (not a goal: each page's rate
   is also printed against it), 我的申请书, 编辑申请书, a section page, 办理, the unit and committee
   queues, 申请书查询 and the public verification pages, then a section saved (POST), 8
   client processes each. Every gunicorn worker is warmed on every path first.
4. Prints, one client: the 评审表 laid out whole (the test form) and the official one stamped
   on its body laid out before (docs/adr/0041-stamped-review-form.md), 材料袋 and the
   certificate PDF.

Client processes are started and warmed before the timed window. The run ends with
`RATIO <name> <value> goal <goal> ok|short` lines and the machine's `uptime`. It creates and
drops its own databases (<name>, <name>_pgbench); never point it at real data.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent

_parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
_parser.add_argument("--quick", action="store_true", help="fewer rows and shorter runs (smoke)")
ARGS = _parser.parse_args()
SECONDS = 3.0 if ARGS.quick else 15.0
WARM = 2.0 if ARGS.quick else 3.0
ROWS = 200 if ARGS.quick else 2000
os.environ["BENCH_SECONDS"] = str(SECONDS)
os.environ["BENCH_UNIT_APPS"] = str(ROWS)
os.environ.setdefault("BENCH_PORT", "8119")
sys.path.insert(0, str(SCRIPTS))

import bench_review as base  # noqa: E402 - reads the settings above

CLIENTS = base.CLIENTS
PORT = base.PORT
CSRF = "b" * 32
PRINTS = 3 if ARGS.quick else 8


# --- the world ------------------------------------------------------------------------------


def applicants(world: dict[str, Any], count: int, offset: int, prefix: str) -> list[Any]:
    """Saved applicant accounts with valid, distinct ID numbers (see bench_review)."""
    from stdnum.cn import ric

    from accounts.models import Role, User

    users = []
    for i in range(count):
        n = offset + i
        day = n // 1000
        stem = f"65010219810{1 + day // 28}{day % 28 + 1:02d}{n % 1000:03d}"
        users.append(
            User(
                username=f"{prefix}{i}",
                role=Role.APPLICANT,
                real_name=f"基准{prefix}{i}",
                id_number=stem + ric.calc_check_digit(stem + "0"),
                password=world["password"],
            )
        )
    User.objects.bulk_create(users, batch_size=500)
    return list(User.objects.filter(username__startswith=prefix).order_by("id"))


def staff(world: dict[str, Any]) -> None:
    from accounts.models import Role, User

    world["committee_user"] = User.objects.create(
        username="bench_committee",
        role=Role.COMMITTEE_STAFF,
        committee=world["committee"],
        password=world["password"],
    )


def fill_committee(world: dict[str, Any]) -> None:
    """ROWS applications waiting at the committee (position 3), made in bulk."""
    from django.utils import timezone

    from applications import rules
    from applications.models import Application, Status
    from catalog.models import Specialty, Title
    from orgs import chains

    users = applicants(world, ROWS, 5000, "cq")
    scope = world["scope"]
    title = Title.objects.filter(series=scope.series, level=scope.level).first()
    specialty = Specialty.objects.filter(series=scope.series).first()
    template = rules.current_template(scope.series_id, "review", timezone.localdate().year)
    chain = chains.required_chain(world["committee"].pk, "review")
    now = timezone.now()
    Application.objects.bulk_create(
        [
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
                position=3,
                submission_count=1,
                chain=chain,
                nodes=rules.snapshot(chain),
                holder_committee=world["committee"],
                last_from="地厅级材料接收部门",
                last_to="评审机构",
                last_action_at=now,
            )
            for u in users
        ],
        batch_size=500,
    )
    for app in Application.objects.filter(number__isnull=True):
        app.number = f"RSSQ{app.pk:08d}"
        app.save(update_fields=["number"])


def passed_with_certificate(world: dict[str, Any]) -> tuple[Any, Any]:
    """One application taken through the whole chain, with its certificate issued."""
    from django.utils import timezone

    from applications import actions
    from certificates.actions import issue_certificates
    from results.models import ApprovalDocument, ApprovalEntry
    from reviews import actions as review_actions

    (user,) = applicants(world, 1, 7000, "passed")
    app = base.filled_application(world, user)
    actions.submit(user, app.pk, expected_version=None)
    review_actions.save_recommendation(
        world["unit_admin"], app.pk, person="基准", mobile="13900000000", opinion="同意推荐。" * 3
    )
    for reviewer in (world["unit_admin"], world["dept_user"], world["committee_user"]):
        review_actions.pass_application(reviewer, app.pk, expected_version=None)
    document = ApprovalDocument.objects.create(
        committee=world["committee"],
        number="新职改〔2026〕999号",
        issued_on=timezone.localdate(),
        authority="基准",
        created_by=world["committee_user"],
    )
    ApprovalEntry.objects.create(document=document, application=app)
    (certificate,) = issue_certificates(document)
    return user, certificate


# --- clients --------------------------------------------------------------------------------


def run_clients(job: Any, args: list[tuple[Any, ...]]) -> tuple[int, list[float]]:
    """One process per args tuple; each warms up, then runs `job(*args)` in a loop during the
    timed window. Returns (operations done in the window, latencies in ms)."""
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + WARM + 1.5
    procs = [ctx.Process(target=_client, args=(job, a, start_at, out)) for a in args]
    for p in procs:
        p.start()
    results = [out.get(timeout=SECONDS + WARM + 120) for _ in procs]
    for p in procs:
        p.join()
    errors = [err for _, _, err in results if err]
    if errors:
        raise RuntimeError(errors[0])
    return sum(n for n, _, _ in results), [ms for _, lat, _ in results for ms in lat]


def _client(job: Any, args: tuple[Any, ...], start_at: float, out: Any) -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's connection across fork
    done, latencies = 0, []
    try:
        state: dict[str, Any] = {}
        while time.time() < start_at - 0.5:  # warm: imports, connection, caches, gunicorn
            job(state, *args)
        while time.time() < start_at:
            time.sleep(0.001)
        stop = start_at + SECONDS
        while time.time() < stop:
            t0 = time.perf_counter()
            done += job(state, *args)
            latencies.append((time.perf_counter() - t0) * 1000)
        out.put((done, latencies, ""))
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        out.put((done, latencies, repr(exc)))


def request(method: str, path: str, cookie: str, body: dict[str, str] | None = None) -> Any:
    from urllib.parse import urlencode

    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    headers = {"Cookie": f"{cookie}; csrftoken={CSRF}"}
    data = None
    if method == "POST":
        headers |= {"X-CSRFToken": CSRF, "Content-Type": "application/x-www-form-urlencoded"}
        data = urlencode(body or {})
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def expect(response: Any, path: str, status: int = 200) -> None:
    location = response.getheader("Location") or ""
    if response.status != status or "/login/" in location:
        raise RuntimeError(f"{path}: {response.status} {location}")


def page_job(state: dict[str, Any], path: str, cookie: str, status: int) -> int:
    expect(request("GET", path, cookie), path, status)
    return 1


def minimal_direct_job(state: dict[str, Any], item_id: int, actor_id: int) -> int:
    import bench_minimal

    bench_minimal.transition(item_id, actor_id)
    return 1


def minimal_http_job(state: dict[str, Any], item_id: int, cookie: str) -> int:
    path = f"/bench/minimal/{item_id}/"
    expect(request("POST", path, cookie), path, 302)
    return 1


def floor_direct_job(
    state: dict[str, Any], item_id: int, actor_id: int, app_id: int, unit_id: int
) -> int:
    import bench_minimal

    bench_minimal.floor_transition(item_id, actor_id, app_id, unit_id)
    return 1


def floor_http_job(
    state: dict[str, Any], item_id: int, app_id: int, unit_id: int, cookie: str
) -> int:
    path = f"/bench/floor/{item_id}/{app_id}/{unit_id}/"
    expect(request("POST", path, cookie), path, 302)
    return 1


def cycle_direct_job(state: dict[str, Any], app_pk: int, pks: tuple[int, int, int, int]) -> int:
    """提交 → 单位推荐意见 → unit 审核通过 → then, one cycle in two, department 退回, the other
    department 审核通过 and committee 退回 (so the department both passes and returns)."""
    from accounts.models import User
    from applications import actions
    from reviews import actions as review_actions

    if not state:
        state["users"] = [User.objects.get(pk=pk) for pk in pks]
        state["n"] = 0
    user, unit_admin, dept, committee = state["users"]
    actions.submit(user, app_pk, expected_version=None)
    review_actions.save_recommendation(
        unit_admin,
        app_pk,
        person="基准",
        mobile="13900000000",
        opinion="基准测试推荐意见，同意推荐。",
    )
    review_actions.pass_application(unit_admin, app_pk, expected_version=None)
    state["n"] += 1
    if state["n"] % 2:
        review_actions.return_application(
            dept, app_pk, opinion="基准测试退回", expected_version=None
        )
        return 3
    review_actions.pass_application(dept, app_pk, expected_version=None)
    review_actions.return_application(
        committee, app_pk, opinion="基准测试退回", expected_version=None
    )
    return 4


def cycle_http_job(state: dict[str, Any], app_pk: int, cookies: tuple[str, str, str, str]) -> int:
    """The same cycles as POSTs of the pages' forms; the version is followed as the pages would."""
    from applications.models import Application

    applicant, unit, dept, committee = cookies
    if "version" not in state:
        state["version"] = Application.objects.get(pk=app_pk).version
        state["n"] = 0
    v = state["version"]
    steps = [
        (f"/applications/{app_pk}/submit/", applicant, {"version": str(v)}),
        (
            f"/reviews/{app_pk}/recommendation/",
            unit,
            {"person": "基准", "mobile": "13900000000", "opinion": "基准测试推荐意见，同意推荐。"},
        ),
        (f"/reviews/{app_pk}/pass/", unit, {"version": str(v + 1), "opinion": ""}),
    ]
    state["n"] += 1
    if state["n"] % 2:
        steps.append(
            (f"/reviews/{app_pk}/return/", dept, {"version": str(v + 2), "opinion": "基准测试退回"})
        )
    else:
        steps += [
            (f"/reviews/{app_pk}/pass/", dept, {"version": str(v + 2), "opinion": ""}),
            (
                f"/reviews/{app_pk}/return/",
                committee,
                {"version": str(v + 3), "opinion": "基准测试退回"},
            ),
        ]
    for path, cookie, body in steps:
        expect(request("POST", path, cookie, body), path, 302)
    moves = len(steps) - 1  # the recommendation is saved, not a move
    state["version"] = v + moves
    return moves


def section_post(draft: Any, section: Any) -> dict[str, str]:
    """Valid values for every field of a (non-repeatable) section, by field type."""
    from applications.sections import YES
    from catalog.models import TemplateField

    t = TemplateField.Type
    sample = {
        t.TEXT: "基准",
        t.TEXTAREA: "基准测试填写的内容。",
        t.INTEGER: "5",
        t.DECIMAL: "5.5",
        t.DATE: "2015-09-01",
        t.MONTH: "2015-09",
        t.BOOLEAN: YES,
        t.PHONE: "13900000000",
    }
    data: dict[str, str] = {}
    for f in section.fields.all():
        if f.type == t.AUTO:
            continue
        if f.type in (t.CHOICE, t.MULTICHOICE):
            data[f.key] = f.choices[0]
        else:
            value = sample[f.type]
            if f.type == t.INTEGER and f.min_value is not None:
                value = str(int(f.min_value))
            data[f.key] = value
    return data


def section_save_job(
    state: dict[str, Any], path: str, cookie: str, data: dict[str, str], app_pk: int, key: str
) -> int:
    """Save one section as its page's form would, the section's version followed."""
    from applications.models import SectionData

    if "version" not in state:
        row = SectionData.objects.filter(application_id=app_pk, key=key).first()
        state["version"] = row.version if row else 0
    body = {**data, "section_version": str(state["version"])}
    expect(request("POST", path, cookie, body), path, 302)
    state["version"] += 1
    return 1


def moved(app_pks: list[int], since: Any) -> int:
    from applications.models import HistoryEntry

    return HistoryEntry.objects.filter(application_id__in=app_pks, created_at__gte=since).count()


# --- the run --------------------------------------------------------------------------------


def start_server() -> subprocess.Popen[bytes]:
    """The platform with the minimal transition's URL (scripts/bench_wsgi.py)."""
    return base.start_server(
        "bench_wsgi",
        name="zc-bench-h9",
        pythonpath=f"{SCRIPTS},{ROOT}",
        env={"RATE_LIMIT_CERTIFICATE_VERIFY": "1000000/m"},
        tries=150,
    )


def warm_server(gets: list[tuple[str, str]], posts: list[tuple[str, str]]) -> None:
    """Every gunicorn worker loads the URLconf, templates, translations and fonts on its first
    requests (seconds under load): send each path several times from 8 threads before any
    timed window, so no figure includes a worker's cold start."""
    import threading

    def run() -> None:
        for _ in range(4):
            for path, cookie in gets:
                request("GET", path, cookie)
            for path, cookie in posts:
                request("POST", path, cookie)

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def line(label: str, rate: float, latencies: list[float], unit: str = "/s") -> None:
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
    print(f"{label:44s} {rate:9.1f} {unit:6s} p95 {p95:8.1f} ms", flush=True)


def main() -> None:
    print(f"uptime before: {os.popen('uptime').read().strip()}", flush=True)
    base.fresh_databases()
    base.setup_django()
    import bench_minimal
    from django.utils import timezone

    from applications.models import Application

    bench_minimal.create_tables()
    world = base.build_world()
    staff(world)
    mode = "quick" if ARGS.quick else "full"
    print(
        f"mode {mode}: {CLIENTS} clients, {SECONDS:.0f} s timed after {WARM:.0f} s warm-up, "
        f"{ROWS} waiting, {os.cpu_count()} cores",
        flush=True,
    )
    ratios: list[tuple[str, float, str, bool]] = []

    pg = base.pgbench_tps()
    print(f"{'pgbench -N':44s} {pg:9.1f} TPS", flush=True)

    # Transitions, directly.
    items = [bench_minimal.BenchItem.objects.create() for _ in range(CLIENTS)]
    actor = world["unit_admin"].pk
    n, lat = run_clients(minimal_direct_job, [(it.pk, actor) for it in items])
    minimal_direct = n / SECONDS
    line("minimal transition, direct", minimal_direct, lat)
    # Not a goal: the minimal transition with the node visits and the notice task every move
    # also writes, each client on its own application (bench_minimal.floor_transition).
    floor_users = applicants(world, CLIENTS, 9700, "floor")
    floor_apps = [base.filled_application(world, u) for u in floor_users]
    floor_args = [(it.pk, a.pk, a.unit_id) for it, a in zip(items, floor_apps, strict=True)]
    n, lat = run_clients(floor_direct_job, [(i, actor, a, u) for i, a, u in floor_args])
    floor_direct = n / SECONDS
    line("floor transition, direct", floor_direct, lat)
    cycle_users = applicants(world, CLIENTS, 9000, "cycle")
    apps = [base.filled_application(world, u) for u in cycle_users]
    app_pks = [a.pk for a in apps]
    staff_pks = (world["unit_admin"].pk, world["dept_user"].pk, world["committee_user"].pk)
    since = timezone.now()
    n, lat = run_clients(
        cycle_direct_job,
        [(a.pk, (u.pk, *staff_pks)) for a, u in zip(apps, cycle_users, strict=True)],
    )
    platform_direct = n / SECONDS
    assert moved(app_pks, since) >= n, "fewer history rows than moves counted"
    line("platform moves, direct", platform_direct, lat, "/s (3 or 4 moves a cycle)")

    base.fill_unit(world)
    fill_committee(world)
    page_user = applicants(world, 1, 8000, "pageuser")[0]
    draft = base.filled_application(world, page_user)
    passed_user, certificate = passed_with_certificate(world)
    savers = applicants(world, CLIENTS, 9500, "saver")
    save_drafts = [base.filled_application(world, u) for u in savers]
    # The rows were just made in bulk: vacuum and analyse as autovacuum would have on a running
    # system (statistics for the planner, the visibility map for index-only counts).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    server = start_server()
    try:
        unit_cookie = base.session_cookie(world["unit_admin"])
        dept_cookie = base.session_cookie(world["dept_user"])
        # The pages measured below (with N applications waiting).
        from django.urls import reverse

        queued = Application.objects.filter(holder_unit=world["unit"]).order_by("id").first()
        assert queued is not None
        section = draft.template.sections.filter(filled_by_unit=False).first()
        applicant_cookie = base.session_cookie(page_user)
        committee_cookie = base.session_cookie(world["committee_user"])
        pages = [
            ("ping", reverse("portal:ping"), unit_cookie, 200),
            ("layout", "/bench/layout/", unit_cookie, 200),
            ("my_applications", reverse("applications:list"), applicant_cookie, 200),
            (
                "edit_application",
                reverse("applications:edit", args=[draft.pk]),
                applicant_cookie,
                200,
            ),
            (
                "section_page",
                reverse("applications:section", args=[draft.pk, section.key]),
                applicant_cookie,
                200,
            ),
            ("handle", reverse("reviews:handle", args=[queued.pk]), unit_cookie, 200),
            ("unit_queue", reverse("reviews:queue"), unit_cookie, 200),
            ("committee_queue", reverse("reviews:queue"), committee_cookie, 200),
            ("search", reverse("reviews:search"), unit_cookie, 200),
            ("verify_form", reverse("certificates:verify"), "", 200),
            (
                "verify_token",
                reverse("certificates:verify_token", args=[certificate.token]),
                "",
                200,
            ),
        ]
        spare = bench_minimal.BenchItem.objects.create()
        warm_server(
            [(path, cookie) for _, path, cookie, _ in pages],
            [
                (f"/bench/minimal/{spare.pk}/", unit_cookie),
                (
                    f"/bench/floor/{spare.pk}/{floor_apps[0].pk}/{floor_apps[0].unit_id}/",
                    unit_cookie,
                ),
            ],
        )
        # Transitions over HTTP.
        n, lat = run_clients(
            minimal_http_job, [(it.pk, base.session_cookie(world["unit_admin"])) for it in items]
        )
        minimal_http = n / SECONDS
        line("minimal transition, HTTP", minimal_http, lat)
        n, lat = run_clients(
            floor_http_job,
            [(i, a, u, base.session_cookie(world["unit_admin"])) for i, a, u in floor_args],
        )
        floor_http = n / SECONDS
        line("floor transition, HTTP", floor_http, lat)
        since = timezone.now()
        n, lat = run_clients(
            cycle_http_job,
            [
                (a.pk, (base.session_cookie(u), unit_cookie, dept_cookie, committee_cookie))
                for a, u in zip(apps, cycle_users, strict=True)
            ],
        )
        platform_http = n / SECONDS
        assert moved(app_pks, since) >= n, "fewer history rows than moves counted"
        line("platform moves, HTTP", platform_http, lat, "/s (3 or 4 moves a cycle)")
        # Not a goal: how near the goal's 0.5 a move could come if it cost nothing but its rows.
        for how, floor, minimal in (
            ("direct", floor_direct, minimal_direct),
            ("HTTP", floor_http, minimal_http),
        ):
            print(f"{'floor transition vs minimal, ' + how:44s} {floor / minimal:9.3f}", flush=True)
        ratios.append(("transitions_direct", platform_direct / minimal_direct, "0.5", True))
        ratios.append(("transitions_http", platform_http / minimal_http, "0.5", True))

        ping = layout = 0.0
        floors: list[tuple[str, float]] = []
        for name, path, cookie, status in pages:
            n, lat = run_clients(page_job, [(path, cookie, status)] * CLIENTS)
            rate = n / SECONDS
            line(f"page {name}", rate, lat)
            if name == "ping":
                ping = rate
            elif name == "layout":
                layout = rate
            else:
                ratios.append((f"page_{name}", rate / ping, "0.5", True))
                floors.append((name, rate / layout))
        # Not a goal: where the pages stand against an empty page in the same layout.
        print(f"layout page vs /ping/: {layout / ping:.3f}", flush=True)
        for name, value in floors:
            print(f"{'  ' + name + ' vs layout page':44s} {value:9.3f}", flush=True)
        # A section saved (POST, redirect), each client on its own draft.
        data = section_post(draft, section)
        n, lat = run_clients(
            section_save_job,
            [
                (
                    reverse("applications:section", args=[d.pk, section.key]),
                    base.session_cookie(u),
                    data,
                    d.pk,
                    section.key,
                )
                for d, u in zip(save_drafts, savers, strict=True)
            ],
        )
        rate = n / SECONDS
        line("section save", rate, lat)
        ratios.append(("page_section_save", rate / ping, "0.5", True))

        # Prints, one client, one after another.
        from django.db import connections

        connections.close_all()
        passed_app = Application.objects.get(applicant=passed_user)
        # The official 评审表 is its body, laid out once on a worker when the application passes
        # (run here as the worker would), with each print's marking stamped on it (ADR 0041).
        # The test form is laid out whole every time (its stamp is the whole point): it is the
        # "full render" the official print is compared with.
        from documents.tasks import lay_out_review_form

        lay_out_review_form.call(passed_app.pk)
        prints = [
            (
                "review_form_full",
                reverse("documents:review_form_test", args=[passed_app.pk]),
                committee_cookie,
            ),
            (
                "review_form_official",
                reverse("documents:review_form", args=[passed_app.pk]),
                committee_cookie,
            ),
            ("envelope", reverse("documents:envelope", args=[passed_app.pk]), committee_cookie),
            (
                "certificate_pdf",
                reverse("certificates:pdf", args=[certificate.pk]),
                base.session_cookie(passed_user),
            ),
        ]
        timing: dict[str, float] = {}
        for name, path, cookie in prints:
            for _ in range(PRINTS):  # warm every worker (fonts, templates)
                expect(request("GET", path, cookie), path)
            samples = []
            for _ in range(PRINTS):
                t0 = time.perf_counter()
                expect(request("GET", path, cookie), path)
                samples.append((time.perf_counter() - t0) * 1000)
            timing[name] = statistics.median(samples)
            print(
                f"{'print ' + name:44s} {timing[name]:9.1f} ms (median of {len(samples)})",
                flush=True,
            )
        ratios.append(
            (
                "review_form_stamped",
                timing["review_form_official"] / timing["review_form_full"],
                "0.25",
                False,
            )
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"uptime after: {os.popen('uptime').read().strip()}", flush=True)
    for name, value, goal, at_least in ratios:
        ok = value >= float(goal) if at_least else value <= float(goal)
        print(f"RATIO {name} {value:.3f} goal {goal} {'ok' if ok else 'short'}")


if __name__ == "__main__":
    main()
