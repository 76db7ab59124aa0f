"""A real `manage.py db_worker` killed (SIGKILL) in the middle of a chunk and started again:
every certificate of a 600-holder 批文 issued exactly once, numbered without gaps
(PostgreSQL; the worker is a separate process on the test database)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from pytest_django.fixtures import SettingsWrapper

from accounts.models import Role, User
from applications.models import Application, Status
from catalog.models import FormTemplate, Specialty, Title
from certificates import tasks
from certificates.models import Certificate, CertificateCounter, IssueBatch
from orgs.models import BaseUnit, ReviewCommittee
from results.models import ApprovalDocument
from testing.certificates_world import ISSUED_ON, make_approval

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL and a worker"),
]

HOLDERS = 600
CHUNK = 50
BASE_DIR = Path(django_settings.BASE_DIR)


def wait_for(what: str, check: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def db_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def raw_connection() -> psycopg.Connection[Any]:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s.get("PASSWORD") or None,
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
    )


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start `manage.py db_worker` on the bulk queue of the test database; stopped at the end."""
    started: list[subprocess.Popen[bytes]] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhicheng.settings",
        "DATABASE_URL": db_url(),
        "TASK_BACKEND": "database",
        "ALLOW_INSECURE_SECRET": "1",
        # A development worker: the production checks (SMS gateway, …) are not the point here.
        "DEBUG": "1",
        "SMS_ALLOW_DEV_BACKEND": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CERTIFICATE_BATCH_CHUNK": str(CHUNK),
        "CERTIFICATE_PDF_ON_WORKER": "0",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "REDIS_URL": "",
        "STORAGE": "local",
    }

    def start() -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker{len(started)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "bulk",
                "--interval",
                "0.1",
                "--no-reload",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(10)


@pytest.fixture
def document(
    committee: ReviewCommittee,
    unit_a: BaseUnit,
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
    committee_staff: User,
) -> ApprovalDocument:
    holders = User.objects.bulk_create(
        User(
            username=f"kill{n:04d}",
            role=Role.APPLICANT,
            password="!",
            real_name=f"持证人{n}",
            id_number=f"6501021990{n:08d}",
            email=f"kill{n:04d}@example.cn",
        )
        for n in range(HOLDERS)
    )
    apps = Application.objects.bulk_create(
        Application(
            year=ISSUED_ON.year,
            applicant=holder,
            series=title.series,
            level=title.level,
            title=title,
            specialty=specialty,
            unit=unit_a,
            committee=committee,
            template=template,
            status=Status.PASSED,
            submission_count=1,
        )
        for holder in holders
    )
    return make_approval(committee, apps, number="杀职改〔2026〕1号", created_by=committee_staff)


def serials() -> list[int]:
    return sorted(
        int(n.rsplit("-", 1)[1]) for n in Certificate.objects.values_list("number", flat=True)
    )


def waiting_insert() -> bool:
    """The worker's backend is blocked inside its chunk, on the certificate INSERT."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND query LIKE 'INSERT INTO \"certificates_certificate\"%%'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def test_a_worker_killed_mid_chunk_and_restarted_issues_every_certificate_once(
    document: ApprovalDocument,
    worker: Callable[[], subprocess.Popen[bytes]],
    settings: SettingsWrapper,
    unit_a: BaseUnit,
    committee: ReviewCommittee,
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": django_settings.TASK_QUEUES,
        }
    }
    settings.CERTIFICATE_BATCH_STALL_SECONDS = 1
    with transaction.atomic():
        batch = tasks.start_batch(document, total=HOLDERS)  # enqueued on commit

    first = worker()

    def chunks_done() -> bool:
        assert first.poll() is None, "the worker exited; see worker0.log"
        return IssueBatch.objects.get(pk=batch.pk).done >= 2 * CHUNK

    wait_for("a few chunks", chunks_done)

    # A spare application (not on the 批文) to own the blocking row below.
    spare = Application.objects.create(
        year=ISSUED_ON.year,
        applicant=User.objects.create(
            username="spare",
            role=Role.APPLICANT,
            password="!",
            real_name="备用",
            id_number="650102199100000001",
        ),
        series=title.series,
        level=title.level,
        title=title,
        specialty=specialty,
        unit=unit_a,
        committee=committee,
        template=template,
        status=Status.PASSED,
    )
    hold, block = raw_connection(), raw_connection()
    try:
        # Hold the counter so the worker stops at the start of its next chunk …
        row = hold.execute(
            "SELECT last FROM certificates_certificatecounter WHERE region_id = %s FOR UPDATE",
            [committee.region_id],
        ).fetchone()
        assert row is not None
        last = int(row[0])
        assert last < HOLDERS, "the batch finished before the worker could be stopped"
        # … and take a number inside that chunk (uncommitted), so the chunk's INSERT waits
        # after its serials were taken, while its rows are being written.
        block.execute(
            "INSERT INTO certificates_certificate (application_id, number, token, holder_name,"
            " id_number, qualification, specialty, unit_name, committee_name, approval_id,"
            " issued_on, status, revoked_reason, created_at, pdf, pdf_status) VALUES"
            " (%s, %s, 'blocker-token', '备用', '', '', '', '', '', %s, %s, 'valid', '',"
            " now(), '', '')",
            [spare.pk, f"XJ650100-2026-{last + 5:06d}", document.pk, ISSUED_ON],
        )
        hold.rollback()  # the worker takes the serials and starts writing
        wait_for("the worker blocked inside its chunk", waiting_insert)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        hold.rollback()
        block.rollback()
        hold.close()
        block.close()

    # Nothing of the killed chunk is left: no certificate, no serial.
    wait_for("the killed backend to end", lambda: not waiting_insert(), 30)
    time.sleep(0.5)
    assert Certificate.objects.count() == last
    assert CertificateCounter.objects.get(region=committee.region).last == last
    assert serials() == list(range(1, last + 1))
    stuck = IssueBatch.objects.get(pk=batch.pk)
    assert stuck.status == "running" and stuck.done == last

    # Started again: the stalled batch is enqueued again (what the scheduler does each minute).
    worker()
    time.sleep(1.2)
    assert tasks.resume_stalled_batches() == [batch.pk]
    wait_for(
        "the batch to finish",
        lambda: IssueBatch.objects.get(pk=batch.pk).status == "done",
        seconds=180,
    )
    done = IssueBatch.objects.get(pk=batch.pk)
    assert (done.done, done.total) == (HOLDERS, HOLDERS)
    assert Certificate.objects.count() == HOLDERS
    assert serials() == list(range(1, HOLDERS + 1))
    assert CertificateCounter.objects.get(region=committee.region).last == HOLDERS
    assert set(Certificate.objects.values_list("application_id", flat=True)) == set(
        document.entries.values_list("application_id", flat=True)
    )
