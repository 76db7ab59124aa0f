"""公示 and 异议: a meeting's passing list published for a period; objections lodged and decided."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from lib.refusal import Refused
from lib.text import TextError, clean_name
from results import rules
from results.actions._common import (
    checked_note,
    clean_note,
    clean_text,
    committee_of,
    lock_meeting,
    published,
    refuse_first,
)
from results.models import ApprovalDocument, MeetingResult, Objection, Publicity, PublicityEntry

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,18}[0-9]$")


def create_publicity(
    staff: User, meeting_id: int, *, title: str, starts_on: date, ends_on: date
) -> Publicity:
    """Publish a meeting's passing list for a period (5–30 days, starting today or later).

    Every result of the meeting must be recorded and at least one must be 通过; a meeting
    is published once, and its results are frozen from then on.
    """
    committee_id = committee_of(staff)
    title = clean_text(title, field="title", label=_("公示标题"), max_length=150)
    refuse_first(rules.period_errors(starts_on, ends_on))
    with transaction.atomic():
        meeting = lock_meeting(committee_id, meeting_id)
        if published(meeting):
            raise Refused(_("本次会议已发布公示，不能重复发布。"))
        results = list(MeetingResult.objects.select_for_update().filter(meeting=meeting))
        pending = sum(r.outcome == MeetingResult.Outcome.PENDING for r in results)
        if pending:
            raise Refused(
                _("还有 %(n)s 份申请书未录入评审结果，全部录入后才能发布公示。") % {"n": pending}
            )
        passed = [r for r in results if r.outcome == MeetingResult.Outcome.PASSED]
        if not passed:
            raise Refused(_("本次会议没有评审通过的人员，无需公示。"))
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
            raise Refused(_("本次会议已发布公示，不能重复发布。")) from None
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
            raise Refused(
                _("公示已于 %(d)s 结束，不再受理异议。") % {"d": publicity.ends_on.isoformat()}
            )
        if not rules.in_period(publicity.starts_on, publicity.ends_on, on):
            raise Refused(
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
        if entry is None:
            raise Refused(_("请从公示名单中选择异议对象。"), "entry")
        refuse_first(errors)
        if ApprovalDocument.objects.filter(publicity=publicity).exists():
            raise Refused(_("该公示已发文，不再受理异议。"))
        return Objection.objects.create(
            entry=entry, name=name, contact=contact, text=text, ip_address=ip_address
        )


def decide_objection(staff: User, objection_id: int, *, uphold: bool, note: str) -> Objection:
    """异议处理: uphold (the person leaves the publicity list) or dismiss, with a note.

    Only an open objection is decided, once; the decision and the removal are one step.
    """
    committee_id = committee_of(staff)
    note = checked_note(note, field="note", label=_("处理意见"), max_length=300, required=True)
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update()
            .filter(entry__publicity__committee_id=committee_id, pk=objection_id)
            .first()
        )
        if objection is None:
            raise Http404
        if objection.status != Objection.Status.OPEN:
            raise Refused(
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
