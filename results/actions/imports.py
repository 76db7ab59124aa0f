"""会议结果导入: a meeting's votes and results from an .xlsx — every row judged, all or none."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User
from applications.models import Application
from lib.refusal import Refused
from results import excel, notices, rules
from results.actions._common import PUBLISHED, committee_of, lock_meeting, published
from results.actions.meetings import write_result
from results.models import ImportJob, Meeting, MeetingResult


@dataclass(frozen=True)
class Imported:
    """What an import did: `count` rows written now, or the `job` a worker will do it in.

    A sheet with wrong headers or rows writes nothing: `refused` then says so and `errors`
    lists every error with its row and column (the page shows them all).
    """

    count: int = 0
    job: ImportJob | None = None
    refused: str = ""
    errors: tuple[excel.RowError, ...] = ()


def import_results(
    staff: User, meeting_id: int, upload: IO[bytes], *, file_name: str = ""
) -> Imported:
    """会议结果导入: every row of the sheet checked first; all written, or none.

    The file must be a real .xlsx of at most 2 MB whose first row is the template's
    header; anything else, or a meeting already published, is refused (`Refused`). Any row
    error (unknown number, not in this meeting, repeated, not a whole number, counts above
    the members present, result text or a result the votes do not give) writes nothing:
    the answer lists every error with its row and column.

    A sheet of more than `IMPORT_INLINE_MAX_ROWS` rows is kept as an `ImportJob` and
    judged and written on a worker (`run_import`) by the same rule; the answer then
    carries the job, whose page shows the outcome.
    """
    committee_id = committee_of(staff)
    if not Meeting.objects.filter(committee_id=committee_id, pk=meeting_id).exists():
        raise Http404
    sheet = excel.read_sheet(upload)  # parsed before any lock is taken; refused if unreadable
    if sheet.header_errors:
        return Imported(
            refused=_("表头与模板不一致，未导入任何结果。请使用“下载模板”得到的表格。"),
            errors=tuple(sheet.header_errors),
        )
    if len(sheet.rows) > settings.IMPORT_INLINE_MAX_ROWS:
        return Imported(job=_queue_import(staff, meeting_id, sheet.rows, file_name))
    return _write_rows(staff, committee_id, meeting_id, sheet.rows)


def _write_rows(
    staff: User, committee_id: int, meeting_id: int, rows: list[tuple[int, tuple[Any, ...]]]
) -> Imported:
    """Judge every row under the meeting's lock; write them all, or none (with the errors)."""
    with transaction.atomic():
        meeting = lock_meeting(committee_id, meeting_id)
        if published(meeting):
            raise Refused(str(PUBLISHED), "file")
        if typed := rules.typed_results_refusal(meeting.pk):
            raise Refused(typed, "file")
        results = {
            r.application.number: r
            for r in MeetingResult.objects.select_for_update(of=("self",))
            .filter(meeting=meeting)
            .select_related("application")
            if r.application.number
        }
        numbers = {excel.cell_text(cells[0]).upper() for _row, cells in rows}
        known = set(
            Application.objects.filter(committee_id=committee_id, number__in=numbers).values_list(
                "number", flat=True
            )
        )
        parsed, errors = excel.judge_rows(
            rows,
            in_meeting=set(results),
            of_committee={n for n in known if n},
            members=meeting.members,
        )
        if errors:
            return Imported(
                refused=_("表格中有 %(n)s 处错误，未导入任何结果。请改正后重新上传。")
                % {"n": len(errors)},
                errors=tuple(errors),
            )
        changed = []
        for row in parsed:
            result = results[row.number]
            write_result(
                result,
                staff,
                row.members_present,
                row.votes_for,
                row.votes_against,
                row.votes_abstain,
                row.outcome,
            )
            changed.append(result)
        MeetingResult.objects.bulk_update(
            changed,
            [
                "members_present",
                "votes_for",
                "votes_against",
                "votes_abstain",
                "outcome",
                "recorded_by",
                "recorded_at",
                "version",
            ],
        )
        notices.results_recorded(r.pk for r in changed)
    return Imported(count=len(changed))


def _jsonable(value: Any) -> Any:
    """A cell as JSON keeps what judging looks at: numbers, booleans and text stay as they
    are; anything else (a date typed into a vote column) becomes its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _queue_import(
    staff: User, meeting_id: int, rows: list[tuple[int, tuple[Any, ...]]], file_name: str
) -> ImportJob:
    with transaction.atomic():
        meeting = lock_meeting(committee_of(staff), meeting_id)
        if published(meeting):
            raise Refused(str(PUBLISHED), "file")
        job = ImportJob.objects.create(
            meeting=meeting,
            created_by=staff,
            file_name=file_name[:200],
            rows=[[row, [_jsonable(v) for v in cells]] for row, cells in rows],
            row_count=len(rows),
            enqueued_at=timezone.now(),
        )
        job_id = job.pk
        transaction.on_commit(lambda: run_import.enqueue(job_id))
    return job


@task(queue_name="bulk")
def run_import(job_id: int) -> str:
    """The worker's part of a large 会议结果导入: judge and write the kept rows, once.

    The job row is locked and must still be waiting, so a repeated delivery does nothing.
    A good sheet is written in the same transaction that marks the job done; a refused one
    writes nothing (its savepoint is rolled back) and keeps the message and row errors.
    A worker killed midway leaves the job waiting, to be enqueued again.
    """
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .select_related("meeting", "created_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != ImportJob.Status.QUEUED:
            return "skipped"
        rows = [(int(row), tuple(cells)) for row, cells in job.rows]
        try:
            with transaction.atomic():
                done = _write_rows(job.created_by, job.meeting.committee_id, job.meeting_id, rows)
        except Refused as refused:
            done = Imported(refused=str(refused.message))
        if done.refused:
            job.status = ImportJob.Status.REFUSED
            job.message = done.refused[:300]
            job.errors = [asdict(error) for error in done.errors]
        else:
            job.status = ImportJob.Status.DONE
            job.imported = done.count
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "errors", "imported", "finished_at"])
        return str(job.status)


def resume_stalled_imports() -> list[int]:
    """Enqueue again the import jobs still waiting after the stall delay (a killed or lost
    delivery); an extra delivery of a finished job does nothing."""
    cutoff = timezone.now() - timedelta(seconds=settings.CERTIFICATE_BATCH_STALL_SECONDS)
    with transaction.atomic():
        waiting = list(
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(status=ImportJob.Status.QUEUED, enqueued_at__lt=cutoff)
            .order_by("pk")
        )
        for job in waiting:
            job.enqueued_at = timezone.now()
            job.save(update_fields=["enqueued_at"])
            transaction.on_commit(partial(run_import.enqueue, job.pk))
    return [job.pk for job in waiting]
