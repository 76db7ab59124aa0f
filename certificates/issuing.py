"""The certificates' side of the port `results.issuing`: a 批文's batch started, shown, resumed.

Installed by `certificates.apps` when Django starts, so results (below) never imports
certificates: it writes the 批文 and asks the port; the batch and its worker live here.
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import User
from certificates import tasks
from certificates.models import IssueBatch
from results.issuing import Progress
from results.models import ApprovalDocument


class BatchIssuer:
    """Certificates of a 批文 issued in a batch on a worker (`certificates.tasks`)."""

    def start(self, document: ApprovalDocument, total: int) -> None:
        tasks.start_batch(document, total)

    def progress(self, document: ApprovalDocument) -> Progress | None:
        batch = IssueBatch.objects.filter(document=document).first()
        if batch is None:
            return None
        return Progress(
            status=batch.status,
            status_label=str(batch.get_status_display()),
            done=batch.done,
            total=batch.total,
            percent=batch.percent,
            failures=batch.failures,
            error=batch.last_error,
            stalled=tasks.is_stalled(batch),
        )

    def resume(self, staff: User, document: ApprovalDocument) -> None:
        batch = IssueBatch.objects.filter(document=document).first()
        if batch is None:
            raise Http404
        tasks.resume_batch(staff, batch.pk, document.committee_id)
