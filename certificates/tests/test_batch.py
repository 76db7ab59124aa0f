"""A 批文's certificates issued on a worker in chunks: consecutive numbers, a failed chunk that
leaves nothing behind, duplicate deliveries, stalled batches, the kept PDFs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from pytest_django.fixtures import SettingsWrapper

from accounts.models import User
from applications.models import Application
from catalog.models import FormTemplate, Specialty, Title
from certificates import actions, notices, tasks
from certificates.models import Certificate, CertificateCounter, IssueBatch
from lib.refusal import Refused
from notifications.models import Message
from orgs.models import BaseUnit, ReviewCommittee
from results.models import ApprovalDocument
from testing.certificates_world import make_approval, make_holder, make_passed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_chunks(settings: SettingsWrapper) -> None:
    settings.CERTIFICATE_BATCH_CHUNK = 3
    settings.CERTIFICATE_PDF_ON_WORKER = False


@pytest.fixture
def document(
    committee: ReviewCommittee,
    unit_a: BaseUnit,
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
    committee_staff: User,
) -> ApprovalDocument:
    """A 批文 naming eight holders (three chunks of three, three and two)."""
    apps = [
        make_passed(
            make_holder(n),
            committee=committee,
            unit=unit_a,
            title=title,
            specialty=specialty,
            template=template,
        )
        for n in range(1, 9)
    ]
    return make_approval(committee, apps, number="批职改〔2026〕1号", created_by=committee_staff)


def start(document: ApprovalDocument) -> IssueBatch:
    """What issue_approval does at its end, committed; the worker runs on the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return tasks.start_batch(document, total=document.entries.count())


def serials(document: ApprovalDocument) -> list[int]:
    rows = document.certificates.order_by("application__approval__id")
    return [int(number.rsplit("-", 1)[1]) for number in rows.values_list("number", flat=True)]


@pytest.fixture
def notify_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The holders of each notify() call the certificates make (the real notify still runs)."""
    calls: list[list[int]] = []
    real = notices.notify

    def spy(users: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(sorted(u.pk for u in users))
        real(users, *args, **kwargs)

    monkeypatch.setattr(notices, "notify", spy)
    return calls


def test_the_chunks_issue_every_certificate_with_consecutive_numbers(
    document: ApprovalDocument, notify_calls: list[list[int]]
) -> None:
    batch = start(document)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.runs) == ("done", 8, 8, 1)
    assert batch.finished_at is not None and batch.last_error == ""
    assert serials(document) == list(range(1, 9))  # in the order of the 批文's entries
    assert CertificateCounter.objects.get().last == 8
    # One notice per chunk, each to the holders that chunk issued.
    assert [len(c) for c in notify_calls] == [3, 3, 2]
    assert Message.objects.count() == 8
    assert set(Message.objects.values_list("subject", flat=True)) == {
        "职称电子证书已颁发：批职改〔2026〕1号"
    }


def test_a_chunk_failing_midway_leaves_nothing_of_it_and_the_rerun_has_no_gaps(
    document: ApprovalDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = notices.certificates_issued
    calls = {"n": 0}

    def fails_in_the_second_chunk(doc: ApprovalDocument, app_ids: list[int]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # after the serials were taken and the rows written
            raise RuntimeError("mail queue down")
        real(doc, app_ids)

    monkeypatch.setattr(notices, "certificates_issued", fails_in_the_second_chunk)
    batch = start(document)
    batch.refresh_from_db()
    assert Certificate.objects.count() == 3  # the first chunk only
    assert CertificateCounter.objects.get().last == 3  # the failed chunk's serials came back
    assert batch.status == "running" and batch.done == 3 and batch.failures == 1
    assert "颁发出错（RuntimeError）" in batch.last_error

    # Not stalled yet: the resume step leaves it alone until the delay has passed.
    assert tasks.resume_stalled_batches() == []
    IssueBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=10)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert tasks.resume_stalled_batches() == [batch.pk]
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("done", 8)
    assert serials(document) == list(range(1, 9))
    assert CertificateCounter.objects.get().last == 8


def test_too_many_failures_stop_the_batch_until_the_committee_continues(
    document: ApprovalDocument, settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CERTIFICATE_BATCH_MAX_FAILURES = 1

    def broken(doc: ApprovalDocument, app_ids: list[int]) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(notices, "certificates_issued", broken)
    batch = start(document)
    batch.refresh_from_db()
    assert batch.status == "failed" and "请点击“继续颁发”重试" in batch.last_error
    assert not Certificate.objects.exists() and not CertificateCounter.objects.filter(last__gt=0)
    monkeypatch.undo()
    settings.CERTIFICATE_BATCH_CHUNK = 3
    settings.CERTIFICATE_PDF_ON_WORKER = False
    staff = document.created_by
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.resume_batch(staff, batch.pk, document.committee_id)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failures) == ("done", 8, 0)
    assert serials(document) == list(range(1, 9))


def test_the_task_delivered_twice_issues_nothing_twice(
    document: ApprovalDocument, notify_calls: list[list[int]]
) -> None:
    batch = start(document)
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.issue_batch.enqueue(batch.pk)  # the same message again
        tasks.issue_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.runs) == ("done", 8, 3)
    assert Certificate.objects.count() == 8 and serials(document) == list(range(1, 9))
    assert len(notify_calls) == 3  # the duplicates told nobody


def test_a_duplicate_in_the_middle_continues_where_the_other_stopped(
    document: ApprovalDocument,
) -> None:
    with transaction.atomic():
        batch = tasks.start_batch(document, total=8)
    assert tasks.issue_chunk(batch.pk) == 3  # one delivery did a chunk, then died
    assert tasks.issue_batch.call(batch.pk) == 5  # another delivery does the rest
    assert tasks.issue_batch.call(batch.pk) == 0
    assert serials(document) == list(range(1, 9))


def test_a_running_batch_with_a_live_worker_is_not_resumed(document: ApprovalDocument) -> None:
    with transaction.atomic():
        batch = tasks.start_batch(document, total=8)
    assert tasks.resume_stalled_batches() == []
    with pytest.raises(Refused, match="证书正在颁发中"):
        tasks.resume_batch(document.created_by, batch.pk, document.committee_id)
    IssueBatch.objects.filter(pk=batch.pk).update(
        status=IssueBatch.Status.DONE, done=8, finished_at=timezone.now()
    )
    with pytest.raises(Refused, match="已全部颁发"):
        tasks.resume_batch(document.created_by, batch.pk, document.committee_id)


def test_another_committee_cannot_resume_a_batch(
    document: ApprovalDocument, other_staff: User
) -> None:
    with transaction.atomic():
        batch = tasks.start_batch(document, total=8)
    from django.http import Http404

    with pytest.raises(Http404):
        tasks.resume_batch(other_staff, batch.pk, other_staff.committee_id or 0)


# --- the kept PDFs ------------------------------------------------------------------------


def test_the_worker_keeps_each_holders_pdf_and_a_revocation_drops_it(
    settings: SettingsWrapper,
    committee: ReviewCommittee,
    unit_a: BaseUnit,
    title: Title,
    specialty: Specialty,
    template: FormTemplate,
    committee_staff: User,
    holders_client: Callable[[User], Any],
) -> None:
    settings.CERTIFICATE_PDF_ON_WORKER = True
    holder = make_holder(50)
    app = make_passed(
        holder,
        committee=committee,
        unit=unit_a,
        title=title,
        specialty=specialty,
        template=template,
    )
    document = make_approval(
        committee, [app], number="批职改〔2026〕2号", created_by=committee_staff
    )
    start(document)
    certificate = Certificate.objects.get()
    # Named for the certificate and its status; the storage adds a suffix when a test run on
    # SQLite (which reuses ids after a rollback) already left a file of that name.
    assert re.search(rf"/{certificate.pk}-valid(_[A-Za-z0-9]+)?\.pdf$", certificate.pdf.name)
    assert certificate.pdf_status == "valid"
    with certificate.pdf.open("rb") as handle:
        kept = handle.read()
    assert kept.startswith(b"%PDF-")
    served = holders_client(holder).get(f"/certificates/{certificate.pk}/pdf/")
    assert served.status_code == 200 and served.content == kept  # no rendering on request

    old = certificate.pdf.name
    storage = certificate.pdf.storage
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.revoke_certificate(committee_staff, certificate.pk, "材料造假，予以撤销")
    certificate.refresh_from_db()
    assert certificate.pdf.name == "" and not storage.exists(old)
    again = holders_client(holder).get(f"/certificates/{certificate.pk}/pdf/")
    assert again.status_code == 200 and again.content != kept
    certificate.refresh_from_db()
    assert certificate.pdf_status == "revoked"  # the revoked copy is kept on its first print


def test_the_download_renders_and_keeps_a_pdf_the_worker_has_not_drawn_yet(
    certificate: Certificate, applicant: User, holders_client: Callable[[User], Any]
) -> None:
    assert certificate.pdf.name == ""
    response = holders_client(applicant).get(f"/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    certificate.refresh_from_db()
    assert certificate.pdf_status == "valid" and certificate.pdf.name
    assert tasks.render_pdfs.call([certificate.pk]) == 0  # a late worker finds it kept


@pytest.fixture
def holders_client(client: Any) -> Callable[[User], Any]:
    def signed_in(user: User) -> Any:
        client.force_login(user)
        return client

    return signed_in


def test_the_applications_of_a_batch_in_progress_are_not_double_counted(
    document: ApprovalDocument,
) -> None:
    """done is read back from the certificates, so it stays exact whatever ran before."""
    first = list(Application.objects.filter(approval__document=document).order_by("pk")[:2])
    assert first
    actions.issue_certificates(document, limit=2)  # e.g. an earlier, interrupted path
    batch = start(document)
    batch.refresh_from_db()
    assert (batch.done, batch.status) == (8, "done")
    assert serials(document) == list(range(1, 9))
