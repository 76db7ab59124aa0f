#!/usr/bin/env python
"""Benchmark of a 批文 issued end to end on real workers, run by hand on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench_batch .venv/bin/python scripts/bench_batch.py

1. Builds a committee (the reference data and the world of scripts/bench_review.py), a 批文
   naming BENCH_HOLDERS (5,000) holders with applications through formal review, and one
   gunicorn server (4 workers) reading from the same database.
2. Quiet: 8 signed-in clients read one holder's 我的申请书 for BENCH_SECONDS; p95.
3. Batch: BENCH_WORKERS (2) `manage.py db_worker` processes on every queue; the batch is
   started as `issue_approval` starts it (`certificates.tasks.start_batch`, enqueued on
   commit) and timed until every certificate is issued, every holder's PDF is kept and every
   notice is written. The 8 clients keep reading meanwhile; p95 during the batch.
4. Prints the figures, the machine's load average before and after, and the two lines

       RATIO batch_minutes <v> goal 10 ok|short
       RATIO p95_during_over_quiet <v> goal 2 ok|short

   (the whole batch — certificates, PDFs, notices — within 10 minutes; 我的申请书's p95
   during the batch within 2× of the quiet figure). On a machine shared with other work the
   load average says how far the figures are to be trusted.

Options (environment): BENCH_HOLDERS (5000), BENCH_WORKERS (2), BENCH_SECONDS (20, the quiet
reading), BENCH_TIMEOUT (1800), BENCH_PORT (8097; pick another when something else is
listening there).

It creates and drops its own databases (<name>, <name>_pgbench); never point it at real data.
"""

from __future__ import annotations

import os
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

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = Path(f"/tmp/zc-bench-batch-private-{os.getpid()}")
# The processes this script starts read their settings from the environment: a database
# task backend (workers are `db_worker`s), mail kept in memory, files under /tmp.
os.environ.setdefault("TASK_BACKEND", "database")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SMS_ALLOW_DEV_BACKEND", "1")
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(PRIVATE))
os.environ.setdefault("STORAGE", "local")
os.environ.setdefault("REDIS_URL", "")
# The server's request log would drown the figures; the workers keep theirs (task timings).
os.environ.setdefault("LOG_LEVEL", "WARNING")

sys.path.insert(0, str(ROOT / "scripts"))
import bench_review as br  # noqa: E402  (its helpers: databases, world, server, sessions)

HOLDERS = int(os.environ.get("BENCH_HOLDERS", "5000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "1800"))
CLIENTS = br.CLIENTS
GOAL_MINUTES = 10.0
GOAL_P95_RATIO = 2.0


def load() -> str:
    """The load average over 1, 5 and 15 minutes (how busy the shared machine was)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a live process has used, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pdf_sizes() -> tuple[int, float]:
    """How many kept PDFs, and their mean size in KB."""
    files = [path.stat().st_size for path in PRIVATE.rglob("*.pdf")]
    return len(files), (sum(files) / len(files) / 1024 if files else 0.0)


def make_holders(world: dict[str, Any]) -> tuple[Any, Any]:
    """HOLDERS applicants with passed applications, and a 批文 naming them all."""
    from django.utils import timezone
    from stdnum.cn import ric

    from accounts.models import Role, User
    from applications import rules
    from applications.models import Application, Status
    from catalog.models import Specialty, Title
    from results.models import ApprovalDocument, ApprovalEntry

    users = []
    for i in range(HOLDERS):
        day = i // 1000  # sequence numbers 000–999 for each birth day from 1985-01-01 on
        base = f"65010219850{1 + day // 28}{day % 28 + 1:02d}{i % 1000:03d}"
        users.append(
            User(
                username=f"holder{i}",
                role=Role.APPLICANT,
                real_name=f"持证人{i}",
                id_number=base + ric.calc_check_digit(base + "0"),
                email=f"holder{i}@example.cn",
                password=world["password"],
            )
        )
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(username__startswith="holder").order_by("id"))
    scope = world["scope"]
    title = Title.objects.filter(series=scope.series, level=scope.level).first()
    specialty = Specialty.objects.filter(series=scope.series).first()
    today = timezone.localdate()
    template = rules.current_template(scope.series_id, "review", today.year)
    apps = Application.objects.bulk_create(
        [
            Application(
                year=today.year,
                applicant=u,
                series_id=scope.series_id,
                level=scope.level,
                title=title,
                specialty=specialty,
                unit=world["unit"],
                committee=world["committee"],
                template=template,
                status=Status.PASSED,
                submission_count=1,
                number=f"RSSQ9{n:07d}",
            )
            for n, u in enumerate(users)
        ],
        batch_size=1000,
    )
    staff = User.objects.create(
        username="bench_committee",
        role=Role.COMMITTEE_STAFF,
        committee=world["committee"],
        password=world["password"],
    )
    document = ApprovalDocument.objects.create(
        committee=world["committee"],
        publicity=None,
        number="基准职改〔2026〕1号",
        issued_on=today,
        authority="基准测试发文机关",
        created_by=staff,
    )
    ApprovalEntry.objects.bulk_create(
        [ApprovalEntry(document=document, application=a) for a in apps], batch_size=1000
    )
    return document, users[0]


def start_workers() -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "DEBUG": "0", "LOG_LEVEL": "INFO"}
    return [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-reload",
                "--worker-id",
                f"bench{i}",
            ],
            cwd=ROOT,
            env=env,
            stdout=(Path(f"/tmp/zc-bench-batch-worker{i}-{os.getpid()}.log")).open("wb"),
            stderr=subprocess.STDOUT,
        )
        for i in range(WORKERS)
    ]


class Readers:
    """8 clients reading one page until stopped; every latency kept."""

    def __init__(self, path: str, cookie: str) -> None:
        self.path, self.cookie = path, cookie
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.client) for _ in range(CLIENTS)]

    def client(self) -> None:
        mine = []
        while not self.stop.is_set():
            request = urllib.request.Request(
                f"http://127.0.0.1:{br.PORT}{self.path}", headers={"Cookie": self.cookie}
            )
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    if response.status != 200 or response.geturl().endswith("/login/"):
                        self.failures.append(f"{response.status} {response.geturl()}")
            except OSError as error:
                self.failures.append(repr(error))
            mine.append((time.perf_counter() - t0) * 1000)
        with self.lock:
            self.latencies.extend(mine)

    def __enter__(self) -> Readers:
        self.started = time.monotonic()
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()
        self.elapsed = time.monotonic() - self.started

    def p95(self) -> float:
        data = self.latencies
        return statistics.quantiles(data, n=20)[18] if len(data) >= 20 else max(data)


def counts(document: Any) -> tuple[str, int, int, int]:
    from certificates.models import Certificate, IssueBatch
    from notifications.models import Message

    batch = IssueBatch.objects.get(document=document)
    pdfs = Certificate.objects.filter(approval=document).exclude(pdf_status="").count()
    notices = Message.objects.filter(recipient__username__startswith="holder").count()
    return batch.status, batch.done, pdfs, notices


def main() -> None:
    br.fresh_databases()
    shutil.rmtree(PRIVATE, ignore_errors=True)
    PRIVATE.mkdir(parents=True)
    br.setup_django()
    from django.db import connections, transaction
    from django.urls import reverse

    from certificates import tasks

    world = br.build_world()
    document, reader = make_holders(world)
    cookie = br.session_cookie(reader)
    path = reverse("applications:list")
    connections.close_all()
    print(
        f"Holders: {HOLDERS}, task workers: {WORKERS}, clients: {CLIENTS}, {os.cpu_count()} cores, "
        f"load average {load()}"
    )

    server = br.start_server()
    workers: list[subprocess.Popen[bytes]] = []
    try:
        br.drive(path, cookie, 2)  # warm up
        with Readers(path, cookie) as quiet:
            time.sleep(SECONDS)
        quiet_p95 = quiet.p95()
        print(
            f"我的申请书 quiet   : {len(quiet.latencies) / quiet.elapsed:7.1f} req/s   p95 {quiet_p95:7.1f} ms"
        )

        workers = start_workers()
        time.sleep(2)
        marks: dict[str, float] = {}
        with Readers(path, cookie) as during:
            started = time.monotonic()
            with transaction.atomic():
                tasks.start_batch(document, total=HOLDERS)  # enqueued on commit
            last_print = 0.0
            while time.monotonic() - started < TIMEOUT:
                status, done, pdfs, notices = counts(document)
                now = time.monotonic() - started
                if status == "done" and "certificates" not in marks:
                    marks["certificates"] = now
                if pdfs >= HOLDERS and "pdfs" not in marks:
                    marks["pdfs"] = now
                if notices >= HOLDERS and "notices" not in marks:
                    marks["notices"] = now
                if len(marks) == 3:
                    break
                if now - last_print >= 15:
                    print(
                        f"  {now:6.0f} s: certificates {done}/{HOLDERS}, PDFs {pdfs}, notices {notices}",
                        flush=True,
                    )
                    last_print = now
                time.sleep(1)
            total = time.monotonic() - started
        during_p95 = during.p95()
        status, done, pdfs, notices = counts(document)
        if during.failures or quiet.failures:
            print(f"client failures: {(quiet.failures + during.failures)[:3]}")
        finished = len(marks) == 3
        print(
            f"batch of {HOLDERS}: certificates {marks.get('certificates', float('nan')):.1f} s, "
            f"PDFs {marks.get('pdfs', float('nan')):.1f} s, notices {marks.get('notices', float('nan')):.1f} s"
            + (
                ""
                if finished
                else f" — stopped after {TIMEOUT:.0f} s: {done} certificates, {pdfs} PDFs, {notices} notices"
            )
        )
        print(
            f"我的申请书 during  : {len(during.latencies) / during.elapsed:7.1f} req/s   p95 {during_p95:7.1f} ms"
        )
        end_to_end = max(marks.values()) if finished else total
        worker_cpu = sum(cpu_seconds(worker.pid) for worker in workers)
        print(
            f"task workers' CPU: {worker_cpu:.0f} s in all ({worker_cpu / max(len(workers), 1):.0f} s "
            f"each) — what the batch costs whatever else the machine runs"
        )
        kept, kb = pdf_sizes()
        print(f"kept PDFs: {kept}, {kb:.0f} KB each on average; load average after: {load()}")
        minutes = end_to_end / 60
        ratio = during_p95 / quiet_p95
        met = finished and minutes < GOAL_MINUTES
        print(
            f"RATIO batch_minutes {minutes:.2f} goal {GOAL_MINUTES:.0f} {'ok' if met else 'short'}"
            + ("" if finished else " (unfinished)")
        )
        print(
            f"RATIO p95_during_over_quiet {ratio:.2f} goal {GOAL_P95_RATIO:.0f} "
            f"{'ok' if ratio <= GOAL_P95_RATIO else 'short'}"
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        connections.close_all()
        for name in (br.DB_NAME, f"{br.DB_NAME}_pgbench"):
            br.psql_admin(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(PRIVATE, ignore_errors=True)


if __name__ == "__main__":
    main()
