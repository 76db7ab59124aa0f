"""After formal review: paper receipt, meetings and results, publicity, objections, 批文.

Every change the results app makes is one of these functions. Each owns its transaction,
locks the rows it decides on (`select_for_update`), checks the rule against what it
finds there — not against what the user's page showed — and records who did it and when.
Committee staff reach only their own committee's rows: anything else is a 404.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from accounts.models import Role, User
from applications.actions import ActionError, StaleError
from applications.models import Application, Status
from catalog.models import BusinessType
from certificates import tasks as certificate_tasks
from lib.files import INVISIBLE
from lib.text import TextError, clean_name
from notifications import notices
from orgs.models import ReviewCommittee
from results import excel, rules
from results.models import (
    ApprovalDocument,
    ApprovalEntry,
    ImportJob,
    Meeting,
    MeetingResult,
    Objection,
    PaperReceipt,
    Publicity,
    PublicityEntry,
)

STALE_RESULT = gettext_lazy(
    "该评审结果已在其他窗口或由他人更改，本次操作未执行。请刷新页面后重试。"
)
PUBLISHED = gettext_lazy("本次会议的评审结果已公示，不能再更改。")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,18}[0-9]$")


class FieldErrors(ActionError):
    """Refused because of what was typed; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


class Ineligible(ActionError):
    """Some applications may not go before the meeting; none were added."""

    def __init__(self, refusals: list[tuple[str, str]]) -> None:
        super().__init__(
            _("有 %(n)s 份申请书不符合列入会议的条件，本次未列入任何申请书。")
            % {"n": len(refusals)}
        )
        self.refusals = refusals


class ImportRefused(ActionError):
    """The sheet cannot be imported; nothing was written."""

    def __init__(self, message: str, errors: Sequence[excel.RowError] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


def committee_of(staff: User) -> int:
    """The committee a staff account works for; other roles may not use these actions."""
    if staff.role != Role.COMMITTEE_STAFF or staff.committee_id is None:
        raise PermissionDenied("只有评审委员会工作人员可以办理。")
    return staff.committee_id


def _clean(raw: str, *, field: str, label: str, max_length: int) -> str:
    try:
        return clean_name(raw, label=label, max_length=max_length)
    except TextError as error:
        raise FieldErrors({field: str(error)}) from None


def clean_note(raw: str | None, *, label: str, max_length: int, required: bool) -> str:
    """A short free text (note, opinion): line breaks allowed, control characters not."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    if any(
        ch in INVISIBLE or (unicodedata.category(ch) == "Cc" and ch not in "\n\t") for ch in text
    ):
        raise ValueError(
            _("%(label)s中含有不可见的控制字符，请删除后重新输入。") % {"label": label}
        )
    text = text.replace("\u3000", " ").strip()
    if required and not text:
        raise ValueError(_("请填写%(label)s。") % {"label": label})
    if len(text) > max_length:
        raise ValueError(
            _("%(label)s不能超过 %(n)s 字（当前 %(m)s 字）。")
            % {"label": label, "n": max_length, "m": len(text)}
        )
    return text


def _note(raw: str | None, *, field: str, label: str, max_length: int, required: bool) -> str:
    try:
        return clean_note(raw, label=label, max_length=max_length, required=required)
    except ValueError as error:
        raise FieldErrors({field: str(error)}) from None


# --- 纸质材料 ------------------------------------------------------------------------------


def mark_paper(staff: User, app_id: int, *, received: bool, note: str = "") -> PaperReceipt:
    """Record that an application's paper materials arrived, or are missing (note required).

    Allowed for the committee's applications that passed formal review, until the
    application is put before a meeting (its papers were a condition of that).
    """
    committee_id = committee_of(staff)
    note = _note(
        note,
        field="note",
        label=_("缺失说明") if not received else _("说明"),
        max_length=300,
        required=not received,
    )
    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .filter(committee_id=committee_id, status=Status.PASSED, pk=app_id)
            .first()
        )
        if app is None:
            raise Http404
        if MeetingResult.objects.filter(application=app).exists():
            raise ActionError(_("该申请书已列入评审会议，不能再更改纸质材料状态。"))
        receipt, _created = PaperReceipt.objects.update_or_create(
            application=app,
            defaults={
                "status": PaperReceipt.Status.RECEIVED if received else PaperReceipt.Status.MISSING,
                "note": note,
                "marked_by": staff,
            },
        )
    return receipt


# --- 会议评审 ------------------------------------------------------------------------------


def create_meeting(staff: User, *, year: int, name: str, held_on: date) -> Meeting:
    """A sitting of the staff member's committee for a year (this year, last or next)."""
    committee_id = committee_of(staff)
    name = _clean(name, field="name", label=_("会议名称"), max_length=100)
    this_year = rules.today().year
    if not this_year - 1 <= year <= this_year + 1:
        raise FieldErrors(
            {"year": _("年度应为 %(a)s 至 %(b)s 年。") % {"a": this_year - 1, "b": this_year + 1}}
        )
    with transaction.atomic():
        return Meeting.objects.create(
            committee_id=committee_id, year=year, name=name, held_on=held_on, created_by=staff
        )


def _lock_meeting(committee_id: int, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update().filter(committee_id=committee_id, pk=meeting_id).first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _published(meeting: Meeting) -> bool:
    return Publicity.objects.filter(meeting=meeting).exists()


def add_to_meeting(staff: User, meeting_id: int, app_ids: Sequence[int]) -> list[MeetingResult]:
    """Put applications before a meeting — all of them, or none when any is not eligible.

    Eligible (see `rules.ineligibility`): the committee's, formal review passed, of the
    meeting's year, paid where the committee charges, papers received, in no meeting yet.
    A refused batch names every refused application with its reason.
    """
    committee_id = committee_of(staff)
    wanted = list(dict.fromkeys(app_ids))
    if not wanted:
        raise ActionError(_("请至少选择一份申请书。"))
    with transaction.atomic():
        meeting = _lock_meeting(committee_id, meeting_id)
        if _published(meeting):
            raise ActionError(_("本次会议已发布公示，不能再增加申请书。"))
        # Lock first, then read the receipts and payments in a statement of their own, so
        # what is judged is what was committed before the lock was granted.
        list(Application.objects.select_for_update().filter(pk__in=wanted).values_list("pk"))
        found = {
            app.pk: app
            for app in Application.objects.filter(pk__in=wanted).select_related(
                "committee", "paper_receipt", "payment", "meeting_result"
            )
        }
        refusals: list[tuple[str, str]] = []
        for pk in wanted:
            app = found.get(pk)
            if app is None or app.committee_id != committee_id:
                refusals.append((f"#{pk}", _("申请书不存在或不属于本评审委员会。")))
                continue
            reason = rules.ineligibility(app, committee_id, meeting.year)
            if reason:
                refusals.append((app.number or f"#{pk}", reason))
        if refusals:
            raise Ineligible(refusals)
        try:
            with transaction.atomic():
                made = MeetingResult.objects.bulk_create(
                    [MeetingResult(meeting=meeting, application_id=pk) for pk in wanted]
                )
        except IntegrityError:
            raise ActionError(
                _("所选申请书已被他人列入评审会议，本次操作未执行。请刷新页面后重试。")
            ) from None
    return made


def remove_from_meeting(staff: User, result_id: int) -> None:
    """Take an application off a meeting while its result is not recorded yet."""
    committee_id = committee_of(staff)
    with transaction.atomic():
        result = (
            MeetingResult.objects.select_for_update()
            .filter(meeting__committee_id=committee_id, pk=result_id)
            .first()
        )
        if result is None:
            raise Http404
        if _published(result.meeting):
            raise ActionError(str(PUBLISHED))
        if result.outcome != MeetingResult.Outcome.PENDING:
            raise ActionError(_("已录入评审结果的申请书不能移出会议。"))
        result.delete()


def record_result(
    staff: User,
    result_id: int,
    *,
    members_present: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    outcome: str,
    expected_version: int | None,
) -> MeetingResult:
    """One application's votes and result; correctable until the meeting's publicity.

    The result must agree with the votes (`rules.vote_errors`: 通过 needs ⌈2/3⌉ of the
    members present; the three counts together at most the members present).
    """
    committee_id = committee_of(staff)
    errors = rules.vote_errors(members_present, votes_for, votes_against, votes_abstain, outcome)
    if errors:
        raise FieldErrors(errors)
    with transaction.atomic():
        result = (
            MeetingResult.objects.select_for_update()
            .filter(meeting__committee_id=committee_id, pk=result_id)
            .first()
        )
        if result is None:
            raise Http404
        if expected_version is not None and result.version != expected_version:
            raise StaleError(str(STALE_RESULT))
        if _published(result.meeting):
            raise ActionError(str(PUBLISHED))
        _write(result, staff, members_present, votes_for, votes_against, votes_abstain, outcome)
        result.save()
        notices.results_recorded([result.pk])
    return result


def _write(
    result: MeetingResult,
    staff: User,
    present: int,
    votes_for: int,
    against: int,
    abstain: int,
    outcome: str,
) -> None:
    result.members_present = present
    result.votes_for = votes_for
    result.votes_against = against
    result.votes_abstain = abstain
    result.outcome = outcome
    result.recorded_by = staff
    result.recorded_at = timezone.now()
    result.version += 1


@dataclass(frozen=True)
class Imported:
    """What an import did: `count` rows written now, or the `job` a worker will do it in."""

    count: int
    job: ImportJob | None = None


def import_results(
    staff: User, meeting_id: int, upload: IO[bytes], *, file_name: str = ""
) -> Imported:
    """会议结果导入: every row of the sheet checked first; all written, or none.

    The file must be a real .xlsx of at most 2 MB whose first row is the template's
    header. Any row error (unknown number, not in this meeting, repeated, not a whole
    number, counts above the members present, result text or a result the votes do not
    give) refuses the whole sheet, listing every error with its row and column.

    A sheet of more than `IMPORT_INLINE_MAX_ROWS` rows is kept as an `ImportJob` and
    judged and written on a worker (`run_import`) by the same rule; the answer then
    carries the job, whose page shows the outcome.
    """
    committee_id = committee_of(staff)
    if not Meeting.objects.filter(committee_id=committee_id, pk=meeting_id).exists():
        raise Http404
    try:
        sheet = excel.read_sheet(upload)  # parsed before any lock is taken
    except excel.SheetError as error:
        raise ImportRefused(error.message) from None
    if sheet.header_errors:
        raise ImportRefused(
            _("表头与模板不一致，未导入任何结果。请使用“下载模板”得到的表格。"),
            sheet.header_errors,
        )
    if len(sheet.rows) > settings.IMPORT_INLINE_MAX_ROWS:
        return Imported(0, _queue_import(staff, meeting_id, sheet.rows, file_name))
    return Imported(_write_rows(staff, committee_id, meeting_id, sheet.rows))


def _write_rows(
    staff: User, committee_id: int, meeting_id: int, rows: list[tuple[int, tuple[Any, ...]]]
) -> int:
    """Judge every row under the meeting's lock; write them all, or raise ImportRefused."""
    with transaction.atomic():
        meeting = _lock_meeting(committee_id, meeting_id)
        if _published(meeting):
            raise ImportRefused(str(PUBLISHED))
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
            rows, in_meeting=set(results), of_committee={n for n in known if n}
        )
        if errors:
            raise ImportRefused(
                _("表格中有 %(n)s 处错误，未导入任何结果。请改正后重新上传。") % {"n": len(errors)},
                errors,
            )
        changed = []
        for row in parsed:
            result = results[row.number]
            _write(
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
    return len(changed)


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
        meeting = _lock_meeting(committee_of(staff), meeting_id)
        if _published(meeting):
            raise ImportRefused(str(PUBLISHED))
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
                count = _write_rows(job.created_by, job.meeting.committee_id, job.meeting_id, rows)
        except ImportRefused as refused:
            job.status = ImportJob.Status.REFUSED
            job.message = refused.message[:300]
            job.errors = [asdict(error) for error in refused.errors]
        else:
            job.status = ImportJob.Status.DONE
            job.imported = count
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


# --- 公示 and 异议 ------------------------------------------------------------------------


def create_publicity(
    staff: User, meeting_id: int, *, title: str, starts_on: date, ends_on: date
) -> Publicity:
    """Publish a meeting's passing list for a period (5–30 days, starting today or later).

    Every result of the meeting must be recorded and at least one must be 通过; a meeting
    is published once, and its results are frozen from then on.
    """
    committee_id = committee_of(staff)
    title = _clean(title, field="title", label=_("公示标题"), max_length=150)
    period = rules.period_errors(starts_on, ends_on)
    if period:
        raise FieldErrors(period)
    with transaction.atomic():
        meeting = _lock_meeting(committee_id, meeting_id)
        if _published(meeting):
            raise ActionError(_("本次会议已发布公示，不能重复发布。"))
        results = list(MeetingResult.objects.select_for_update().filter(meeting=meeting))
        pending = sum(r.outcome == MeetingResult.Outcome.PENDING for r in results)
        if pending:
            raise ActionError(
                _("还有 %(n)s 份申请书未录入评审结果，全部录入后才能发布公示。") % {"n": pending}
            )
        passed = [r for r in results if r.outcome == MeetingResult.Outcome.PASSED]
        if not passed:
            raise ActionError(_("本次会议没有评审通过的人员，无需公示。"))
        try:
            with transaction.atomic():
                publicity = Publicity.objects.create(
                    committee_id=committee_id,
                    meeting=meeting,
                    year=meeting.year,
                    title=title,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    created_by=staff,
                )
                PublicityEntry.objects.bulk_create(
                    [
                        PublicityEntry(publicity=publicity, application_id=r.application_id)
                        for r in passed
                    ]
                )
        except IntegrityError:
            raise ActionError(_("本次会议已发布公示，不能重复发布。")) from None
    return publicity


def clean_contact(raw: str | None) -> str:
    """A telephone number or an e-mail address; refused with a message otherwise."""
    text = clean_name(raw or "", label=_("联系方式"), max_length=100)
    normalised = unicodedata.normalize("NFKC", text)
    if "@" in normalised:
        try:
            validate_email(normalised)
        except ValidationError:
            raise TextError(_("请填写有效的电子邮箱或电话号码。")) from None
        return normalised
    if not PHONE.match(normalised):
        raise TextError(_("请填写有效的电话号码（如 13900000000 或 0991-1234567）或电子邮箱。"))
    return normalised


def lodge_objection(
    publicity_id: int,
    *,
    entry_id: int | None,
    name: str,
    contact: str,
    text: str,
    ip_address: str | None = None,
) -> Objection:
    """异议: anyone, during the publicity period only (the server's date, both ends counted).

    The objector gives a name without markup or control characters, a telephone number
    or e-mail address, and 10 to 2000 characters of what is wrong.
    """
    errors: dict[str, str] = {}
    try:
        name = clean_name(name, label=_("姓名"), max_length=50)
    except TextError as error:
        errors["name"] = str(error)
    try:
        contact = clean_contact(contact)
    except TextError as error:
        errors["contact"] = str(error)
    try:
        text = clean_note(text, label=_("异议内容"), max_length=2000, required=True)
        if len(text) < 10:
            raise ValueError(_("异议内容不少于 10 个字，请写明具体事实。"))
    except ValueError as error:
        errors["text"] = str(error)
    with transaction.atomic():
        publicity = Publicity.objects.filter(pk=publicity_id).first()
        if publicity is None:
            raise Http404
        on = rules.today()
        if on > publicity.ends_on:
            raise ActionError(
                _("公示已于 %(d)s 结束，不再受理异议。") % {"d": publicity.ends_on.isoformat()}
            )
        if not rules.in_period(publicity.starts_on, publicity.ends_on, on):
            raise ActionError(
                _("公示尚未开始（%(d)s 起），暂不受理异议。")
                % {"d": publicity.starts_on.isoformat()}
            )
        # The entry is locked so a 批文 being issued at the same moment waits for this one.
        entry = (
            PublicityEntry.objects.select_for_update()
            .filter(publicity=publicity, pk=entry_id, removed=False)
            .first()
            if entry_id
            else None
        )
        if entry is None or errors:
            if entry is None:
                errors["entry"] = _("请从公示名单中选择异议对象。")
            raise FieldErrors(errors)
        if ApprovalDocument.objects.filter(publicity=publicity).exists():
            raise ActionError(_("该公示已发文，不再受理异议。"))
        return Objection.objects.create(
            entry=entry, name=name, contact=contact, text=text, ip_address=ip_address
        )


def decide_objection(staff: User, objection_id: int, *, uphold: bool, note: str) -> Objection:
    """异议处理: uphold (the person leaves the publicity list) or dismiss, with a note.

    Only an open objection is decided, once; the decision and the removal are one step.
    """
    committee_id = committee_of(staff)
    note = _note(note, field="note", label=_("处理意见"), max_length=300, required=True)
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update()
            .filter(entry__publicity__committee_id=committee_id, pk=objection_id)
            .first()
        )
        if objection is None:
            raise Http404
        if objection.status != Objection.Status.OPEN:
            raise ActionError(
                _("该异议已处理（%(s)s），本次操作未执行。") % {"s": objection.get_status_display()}
            )
        if uphold:
            entry = PublicityEntry.objects.select_for_update().get(pk=objection.entry_id)
            if not entry.removed:
                entry.removed = True
                entry.removed_reason = note
                entry.save(update_fields=["removed", "removed_reason"])
        objection.status = Objection.Status.UPHELD if uphold else Objection.Status.DISMISSED
        objection.decided_by = staff
        objection.decided_at = timezone.now()
        objection.decision_note = note
        objection.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return objection


# --- 批文 ----------------------------------------------------------------------------------


def clean_document_number(raw: str | None) -> str:
    """批文号 such as 新职改〔2026〕12号: checked loosely — present, plain text, ≤ 50."""
    return clean_name(raw or "", label=_("批文号"), max_length=50)


def issue_approval(
    staff: User, publicity_id: int, *, number: str, issued_on: date, authority: str
) -> ApprovalDocument:
    """批文 for everyone still on a publicity's list, then their certificates.

    Refused before the period has ended (the server's date must be after `ends_on`),
    while any objection is open, when the publicity already has a 批文, or when nobody
    is left on the list. The date lies after the period and not in the future; the
    number is unique. The 批文 and its entries are written here, with the batch that
    issues the certificates (`certificates.tasks.start_batch`): the certificates are
    issued on a worker once this commits, chunk by chunk, and the committee follows
    them on the 批文's progress page.
    """
    committee_id = committee_of(staff)
    errors: dict[str, str] = {}
    try:
        number = clean_document_number(number)
    except TextError as error:
        errors["number"] = str(error)
    try:
        authority = clean_name(authority, label=_("发文机关"), max_length=100)
    except TextError as error:
        errors["authority"] = str(error)
    on = rules.today()
    if issued_on > on:
        errors["issued_on"] = _("发文日期不能晚于今天。")
    with transaction.atomic():
        publicity = (
            Publicity.objects.select_for_update()
            .filter(committee_id=committee_id, pk=publicity_id)
            .first()
        )
        if publicity is None:
            raise Http404
        if on <= publicity.ends_on:
            raise ActionError(
                _("公示期至 %(d)s 结束，公示期满后才能发文。")
                % {"d": publicity.ends_on.isoformat()}
            )
        if ApprovalDocument.objects.filter(publicity=publicity).exists():
            raise ActionError(_("该公示已发文，不能重复发文。"))
        # Every entry locked before counting: an objection being lodged right now (it
        # locks its entry) is either counted here or refused once this 批文 exists.
        entries = list(PublicityEntry.objects.select_for_update().filter(publicity=publicity))
        still_open = Objection.objects.filter(
            entry__publicity=publicity, status=Objection.Status.OPEN
        ).count()
        if still_open:
            raise ActionError(
                _("该公示还有 %(n)s 条异议未处理，处理完毕后才能发文。") % {"n": still_open}
            )
        if "issued_on" not in errors and issued_on <= publicity.ends_on:
            errors["issued_on"] = _("发文日期应在公示期结束（%(d)s）之后。") % {
                "d": publicity.ends_on.isoformat()
            }
        if "number" not in errors and ApprovalDocument.objects.filter(number=number).exists():
            errors["number"] = _("批文号 %(n)s 已被使用。") % {"n": number}
        if errors:
            raise FieldErrors(errors)
        entries = [e for e in entries if not e.removed]
        if not entries:
            raise ActionError(_("公示名单中已没有人员，无需发文。"))
        try:
            with transaction.atomic():
                document = ApprovalDocument.objects.create(
                    committee_id=committee_id,
                    publicity=publicity,
                    number=number,
                    issued_on=issued_on,
                    authority=authority,
                    created_by=staff,
                )
        except IntegrityError:
            raise FieldErrors({"number": _("批文号 %(n)s 已被使用。") % {"n": number}}) from None
        ApprovalEntry.objects.bulk_create(
            [ApprovalEntry(document=document, application_id=e.application_id) for e in entries]
        )
        certificate_tasks.start_batch(document, total=len(entries))
    return document


# --- 特殊人才认定: 批文 without a meeting ----------------------------------------------------


def special_ineligibility(app: Application, committee: ReviewCommittee) -> str | None:
    """Why a special-talent application may not get a 批文 directly; None when it may.

    Directly means without meeting or publicity: only for 特殊人才认定 of a committee whose
    settings do not ask for a meeting, after formal review, paid where the committee charges.
    """
    if app.committee_id != committee.pk:
        return _("不是本评审委员会的申请书。")
    if app.business_type != BusinessType.SPECIAL:
        return _("不是特殊人才认定申请书，须经会议评审和公示后发文。")
    if committee.special_needs_meeting:
        return _("本评审委员会设定特殊人才认定须经会议评审，请列入评审会议，公示期满后发文。")
    if app.status != Status.PASSED:
        return _("尚未通过形式审核。")
    if not rules.paid_where_required(app):
        return _("尚未缴纳评审费。")
    if rules.in_meeting(app):
        return _("已列入评审会议，请按会议评审、公示的流程发文。")
    if rules._related(app, "approval") is not None:
        return _("已发文，不能重复发文。")
    return None


def special_issuable(committee: ReviewCommittee) -> QuerySet[Application]:
    """The same rule as `special_ineligibility`, as one query: what the direct 批文 page offers."""
    if committee.special_needs_meeting:
        return Application.objects.none()
    paid = Q(committee__fee_mode=ReviewCommittee.FeeMode.NONE) | Q(payment__status="paid")
    return Application.objects.filter(
        paid,
        committee=committee,
        business_type=BusinessType.SPECIAL,
        status=Status.PASSED,
        meeting_result__isnull=True,
        approval__isnull=True,
    )


def issue_special_approval(
    staff: User,
    app_ids: Sequence[int],
    *,
    number: str,
    issued_on: date,
    authority: str,
) -> ApprovalDocument:
    """特殊人才认定 批文 issued directly for formal-review-passed applications; the certificates
    follow on a worker (`certificates.tasks.start_batch`), as for `issue_approval`.

    Refused as a whole when any application is not eligible (`special_ineligibility`),
    e.g. when the committee's settings ask for a meeting. The applications are locked,
    so two staff issuing at once cannot name one person twice; the number is unique.
    """
    committee_id = committee_of(staff)
    errors: dict[str, str] = {}
    try:
        number = clean_document_number(number)
    except TextError as error:
        errors["number"] = str(error)
    try:
        authority = clean_name(authority, label=_("发文机关"), max_length=100)
    except TextError as error:
        errors["authority"] = str(error)
    if issued_on > rules.today():
        errors["issued_on"] = _("发文日期不能晚于今天。")
    ids = sorted(set(app_ids))
    if not ids:
        errors["applications"] = _("请选择要发文的申请书。")
    with transaction.atomic():
        committee = ReviewCommittee.objects.select_for_update().get(pk=committee_id)
        locked = list(
            Application.objects.select_for_update(of=("self",))
            .filter(committee_id=committee_id, pk__in=ids)
            .order_by("pk")
        )
        if len(locked) != len(ids):
            raise Http404
        apps = list(
            Application.objects.filter(pk__in=ids)
            .select_related("applicant", "committee", "payment", "meeting_result", "approval")
            .order_by("pk")
        )
        refusals = [
            (str(app.number), reason)
            for app in apps
            if (reason := special_ineligibility(app, committee)) is not None
        ]
        if refusals:
            if len(refusals) == 1:
                raise ActionError(f"{refusals[0][0]}：{refusals[0][1]}")
            raise Ineligible(refusals)
        if "number" not in errors and ApprovalDocument.objects.filter(number=number).exists():
            errors["number"] = _("批文号 %(n)s 已被使用。") % {"n": number}
        if errors:
            raise FieldErrors(errors)
        try:
            with transaction.atomic():
                document = ApprovalDocument.objects.create(
                    committee_id=committee_id,
                    publicity=None,
                    number=number,
                    issued_on=issued_on,
                    authority=authority,
                    created_by=staff,
                )
        except IntegrityError:
            raise FieldErrors({"number": _("批文号 %(n)s 已被使用。") % {"n": number}}) from None
        ApprovalEntry.objects.bulk_create(
            [ApprovalEntry(document=document, application=app) for app in apps]
        )
        certificate_tasks.start_batch(document, total=len(apps))
    return document
