"""Issuing a 批文's certificates on a worker: the batch, its chunks, their PDFs.

The committee's request only creates the 批文 and an `IssueBatch` row and enqueues
`issue_batch` on commit (queue "bulk"). The worker then issues chunk after chunk; each
chunk is one transaction that locks the batch row, takes the next applications without a
certificate (`actions.issue_certificates(..., limit=…)`, which locks the 批文 and the
serial counter), counts them on the batch and commits. A worker killed inside a chunk
leaves nothing of it behind: PostgreSQL rolls the transaction back, serials included.

A batch left behind — its worker killed, the task lost, or a chunk that failed — has a
heartbeat older than `CERTIFICATE_BATCH_STALL_SECONDS`; `resume_stalled_batches` (run
by the scheduler every minute, and by `manage.py resume_batches`) enqueues it again.
The same task delivered twice, or two deliveries at once, issue nothing twice: the
chunks wait for each other on the batch row and skip what already holds a certificate.
After `CERTIFICATE_BATCH_MAX_FAILURES` failed runs the batch stops as 颁发出错 and the
committee's progress page offers 继续颁发 (`resume_batch`). See docs/adr/0017-certificate-batches.md.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task, task_backends

from accounts.models import User
from certificates import actions
from certificates.models import Certificate, IssueBatch
from certificates.pdf import store_pdfs
from lib.refusal import Refused
from results.models import ApprovalDocument

log = logging.getLogger(__name__)

# PDFs are rendered in groups of this many per task, so several workers share a batch's;
# below the default priority where the backend orders by it, so notices go first.
PDF_GROUP = 25
PDF_PRIORITY = -10


def chunk_size() -> int:
    return max(1, int(settings.CERTIFICATE_BATCH_CHUNK))


def start_batch(document: ApprovalDocument, total: int) -> IssueBatch:
    """Called inside the transaction that creates the 批文 and its entries: the batch row,
    and the task that issues it, enqueued once that transaction commits."""
    batch = IssueBatch.objects.create(document=document, total=total, heartbeat_at=timezone.now())
    batch_id = batch.pk
    transaction.on_commit(lambda: issue_batch.enqueue(batch_id))
    return batch


def issue_chunk(batch_id: int) -> int | None:
    """Issue the batch's next chunk in one transaction; how many, or None when finished.

    Skips a batch that is finished (a duplicate delivery). The done count is read back
    from the certificates, so it is right however many deliveries took part.
    """
    size = chunk_size()
    with transaction.atomic():
        batch = (
            IssueBatch.objects.select_for_update()
            .select_related("document")
            .filter(pk=batch_id)
            .first()
        )
        if batch is None or batch.status == IssueBatch.Status.DONE:
            return None
        issued = actions.issue_certificates(batch.document, limit=size)
        batch.done = Certificate.objects.filter(approval_id=batch.document_id).count()
        batch.heartbeat_at = timezone.now()
        finished = len(issued) < size
        if finished:
            batch.status = IssueBatch.Status.DONE
            batch.finished_at = batch.heartbeat_at
        batch.save(update_fields=["done", "heartbeat_at", "status", "finished_at"])
        if issued and settings.CERTIFICATE_PDF_ON_WORKER:
            ids = [certificate.pk for certificate in issued]
            transaction.on_commit(lambda: enqueue_pdfs(ids))
    return None if finished and not issued else len(issued)


def enqueue_pdfs(certificate_ids: list[int]) -> int:
    """Once a chunk commits: render tasks for its certificates, PDF_GROUP to a task.

    Enqueued per chunk, so a second worker draws PDFs while the first issues the next
    chunk; on a backend that orders by priority (the database one) the chunks' notices and
    other work still go first. A PDF the worker never draws is drawn on its first print.
    """
    renderer = render_pdfs
    if task_backends[renderer.backend].supports_priority:
        renderer = renderer.using(priority=PDF_PRIORITY)
    ids = sorted(certificate_ids)
    for start in range(0, len(ids), PDF_GROUP):
        renderer.enqueue(ids[start : start + PDF_GROUP])
    return len(ids)


def _record_failure(batch_id: int, error: BaseException) -> None:
    """Count a failed run and say so on the progress page; the heartbeat is left alone, so
    the batch is resumed after the stall delay (a back-off), until too many failures."""
    with transaction.atomic():
        batch = IssueBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status == IssueBatch.Status.DONE:
            return
        batch.failures += 1
        at = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        batch.last_error = _(
            "%(at)s 颁发出错（%(kind)s），本批次中出错的部分未颁发，将自动重试。"
        ) % {
            "at": at,
            "kind": type(error).__name__,
        }
        if batch.failures >= settings.CERTIFICATE_BATCH_MAX_FAILURES:
            batch.status = IssueBatch.Status.FAILED
            batch.last_error = _(
                "%(at)s 颁发出错（%(kind)s），已连续出错 %(n)s 次，请点击“继续颁发”重试。"
            ) % {"at": at, "kind": type(error).__name__, "n": batch.failures}
        batch.save(update_fields=["failures", "last_error", "status"])


@task(queue_name="bulk")
def issue_batch(batch_id: int) -> int:
    """The worker's part of a 批文: every remaining chunk, committed one by one."""
    IssueBatch.objects.filter(pk=batch_id).update(runs=F("runs") + 1)
    issued = 0
    while True:
        try:
            count = issue_chunk(batch_id)
        except Exception as error:
            log.exception("certificate batch %s: chunk failed", batch_id)
            _record_failure(batch_id, error)
            raise
        if count is None:
            return issued
        issued += count
        if count < chunk_size():
            return issued


@task(queue_name="bulk")
def render_pdfs(certificate_ids: list[int]) -> int:
    """Draw and keep the holders' PDFs of freshly issued certificates (skips kept ones)."""
    return store_pdfs(certificate_ids)


def resume_stalled_batches() -> list[int]:
    """Enqueue again every running batch whose heartbeat is older than the stall delay.

    Rows locked by a chunk in progress are skipped (that worker is alive). The heartbeat
    is moved on, so a batch that still waits in a long queue is enqueued at most once
    per delay; an extra delivery finds nothing to do.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.CERTIFICATE_BATCH_STALL_SECONDS)
    with transaction.atomic():
        stalled = list(
            IssueBatch.objects.select_for_update(skip_locked=True)
            .filter(status=IssueBatch.Status.RUNNING, heartbeat_at__lt=cutoff)
            .order_by("pk")
        )
        now = timezone.now()
        for batch in stalled:
            batch.heartbeat_at = now
            batch.save(update_fields=["heartbeat_at"])
            log.warning(
                "certificate batch %s stalled at %s/%s; enqueued again",
                batch.pk,
                batch.done,
                batch.total,
            )
            transaction.on_commit(partial(issue_batch.enqueue, batch.pk))
    return [b.pk for b in stalled]


@task(queue_name="default")
def resume_stalled_batches_task() -> list[int]:
    """The scheduled form of `resume_stalled_batches` (every minute)."""
    return resume_stalled_batches()


def is_stalled(batch: IssueBatch) -> bool:
    """Running, but no chunk committed within the stall delay: its worker is gone."""
    if batch.status != IssueBatch.Status.RUNNING or batch.heartbeat_at is None:
        return False
    delay = timedelta(seconds=settings.CERTIFICATE_BATCH_STALL_SECONDS)
    return batch.heartbeat_at < timezone.now() - delay


def resume_batch(staff: User, batch_id: int, committee_id: int) -> IssueBatch:
    """继续颁发: the committee starts a failed or stalled batch of its own again.

    Another committee's batch is a 404; a batch that is finished, or running with a live
    worker, is refused with a message and nothing changes.
    """
    with transaction.atomic():
        batch = (
            IssueBatch.objects.select_for_update()
            .filter(document__committee_id=committee_id, pk=batch_id)
            .first()
        )
        if batch is None:
            raise Http404
        if batch.status == IssueBatch.Status.DONE:
            raise Refused(_("本批证书已全部颁发，无需继续。"))
        if batch.status == IssueBatch.Status.RUNNING and not is_stalled(batch):
            raise Refused(_("证书正在颁发中，请稍候。"))
        batch.status = IssueBatch.Status.RUNNING
        batch.failures = 0
        batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["status", "failures", "heartbeat_at"])
        log.info("certificate batch %s resumed by user %s", batch.pk, staff.pk)
        transaction.on_commit(lambda: issue_batch.enqueue(batch_id))
    return batch
