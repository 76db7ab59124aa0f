"""复查 and 投诉: an applicant who did not pass asks for re-examination; anyone complains.

The committee decides a 复查 once: upheld, the application goes to a new vote before the
panel of a meeting the staff choose (its outcome is kept on the `Recheck`); refused, the
reason is shown to the applicant. Complaints are recorded and answered once.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from experts import notices
from experts.common import block_text, committee_of, name_text
from experts.models import Complaint, Interest, Panel, Recheck, RecheckFile, Seat
from experts.panels import conflicts, relations_of
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from results import rules as results_rules
from results.models import MeetingResult

MAX_FILES = 5


def request_recheck(
    applicant: User, result_id: int, *, reasons: str, files: Sequence[CheckedUpload] = ()
) -> Recheck:
    """复查申请: the applicant's own 未通过 result of a closed panel, until its 复查 deadline.

    Reasons of 10–2000 characters; up to five checked files (`lib.files.check_upload`).
    """
    reasons = block_text(reasons, field="reasons", label=_("复查理由"), min_length=10)
    if len(files) > MAX_FILES:
        raise Refused(_("附件最多 %(n)s 个。") % {"n": MAX_FILES}, "attachments")
    with transaction.atomic():
        result = (
            MeetingResult.objects.select_for_update()
            .filter(pk=result_id, application__applicant=applicant)
            .select_related("application", "meeting")
            .first()
        )
        if result is None or applicant.role != Role.APPLICANT:
            raise Http404
        panel = Panel.objects.filter(meeting_id=result.meeting_id).first()
        if panel is None or panel.status != Panel.Status.CLOSED:
            raise Refused(_("本次会议未经专家在线评审，不受理复查申请。"))
        if result.outcome != MeetingResult.Outcome.FAILED:
            raise Refused(_("只有评审未通过的申请人可以申请复查。"))
        if panel.recheck_until is None:
            raise Refused(_("评审委员会尚未设定复查申请期限。"))
        if results_rules.today() > panel.recheck_until:
            raise Refused(_("复查申请已于 %(d)s 截止。") % {"d": panel.recheck_until.isoformat()})
        try:
            with transaction.atomic():
                recheck = Recheck.objects.create(
                    application=result.application, panel=panel, reasons=reasons
                )
        except IntegrityError:
            raise Refused(_("您已对本次评审结果申请过复查。")) from None
        for upload in files:
            item = RecheckFile(
                recheck=recheck,
                display_name=upload.display_name,
                content_type=upload.content_type,
            )
            item.file.save(f"r.{upload.kind}", ContentFile(upload.content), save=False)
            item.save()
        staff = User.objects.filter(
            role=Role.COMMITTEE_STAFF, committee_id=result.meeting.committee_id
        )
        notices.recheck_lodged(staff, str(result.application.number))
    return recheck


def decide_recheck(
    staff: User, recheck_id: int, *, uphold: bool, note: str, revote_meeting_id: int | None
) -> Recheck:
    """Uphold (to a new vote before an open panel of this committee) or refuse (reason shown).

    On the new panel, an expert of the applicant's unit or related to them steps aside.
    """
    committee_id = committee_of(staff)
    note = block_text(note, field="note", label=_("处理意见"), max_length=500)
    with transaction.atomic():
        recheck = (
            Recheck.objects.select_for_update()
            .filter(pk=recheck_id, panel__meeting__committee_id=committee_id)
            .select_related("application__applicant", "application__unit")
            .first()
        )
        if recheck is None:
            raise Http404
        if recheck.status != Recheck.Status.OPEN:
            raise Refused(_("该复查申请已处理（%(s)s）。") % {"s": recheck.get_status_display()})
        if uphold:
            if revote_meeting_id is None:
                raise Refused(_("请选择一个正在评审的会议进行复查表决。"), "revote_meeting")
            panel = (
                Panel.objects.select_for_update()
                .filter(
                    meeting_id=revote_meeting_id,
                    meeting__committee_id=committee_id,
                    status=Panel.Status.OPEN,
                )
                .first()
            )
            if panel is None:
                raise Refused(_("请选择一个正在评审的会议进行复查表决。"), "revote_meeting")
            seats = list(
                Seat.objects.filter(panel=panel, status=Seat.Status.DRAWN).select_related("expert")
            )
            relations = relations_of([s.expert_id for s in seats])
            app = recheck.application
            Interest.objects.bulk_create(
                [
                    Interest(seat=s, application=app, reason=_("与申请人同单位或有关系（复查）"))
                    for s in seats
                    if conflicts(s.expert, [app], relations.get(s.expert_id, set()))
                ],
                ignore_conflicts=True,
            )
            recheck.revote_panel = panel
        recheck.status = Recheck.Status.UPHELD if uphold else Recheck.Status.REFUSED
        recheck.decision_note = note
        recheck.decided_by = staff
        recheck.decided_at = timezone.now()
        recheck.save()
        notices.recheck_decided(
            recheck.application.applicant, str(recheck.application.number), uphold, note
        )
    return recheck


def lodge_complaint(
    author: User | None,
    committee_id: int,
    *,
    text: str,
    name: str = "",
    contact: str = "",
    ip_address: str | None = None,
) -> Complaint:
    """投诉 about a committee's review, 10–2000 characters: from a signed-in account, or
    from anyone (`author` None; name and contact optional; the caller rate-limits)."""
    text = block_text(text, field="text", label=_("投诉内容"), min_length=10)
    name = name_text(name, field="name", label=_("姓名")) if name.strip() else ""
    contact = (
        name_text(contact, field="contact", label=_("联系方式"), max_length=100)
        if contact.strip()
        else ""
    )
    if not ReviewCommittee.objects.filter(pk=committee_id, is_active=True).exists():
        raise Refused(_("请选择评审委员会。"), "committee")
    with transaction.atomic():
        return Complaint.objects.create(
            committee_id=committee_id,
            author=author,
            name=name,
            contact=contact,
            ip_address=ip_address,
            text=text,
        )


def answer_complaint(staff: User, complaint_id: int, *, answer: str) -> Complaint:
    """Answer a complaint to the committee, once."""
    committee_id = committee_of(staff)
    answer = block_text(answer, field="answer", label=_("答复"), min_length=2)
    with transaction.atomic():
        complaint = (
            # The complaint row only: its author may be empty (a complaint without an account),
            # and PostgreSQL locks no row on the nullable side of an outer join.
            Complaint.objects.select_for_update(of=("self",))
            .filter(pk=complaint_id, committee_id=committee_id)
            .select_related("author")
            .first()
        )
        if complaint is None:
            raise Http404
        if complaint.answered_at is not None:
            raise Refused(_("该投诉已答复。"))
        complaint.answer = answer
        complaint.answered_by = staff
        complaint.answered_at = timezone.now()
        complaint.save(update_fields=["answer", "answered_by", "answered_at"])
        if complaint.author is not None:  # a complaint without an account: nobody to tell
            notices.complaint_answered(complaint.author, answer)
    return complaint
