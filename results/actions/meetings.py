"""会议评审: meetings, the applications before them, and their votes and results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from lib import stale
from lib.refusal import Refused
from results import notices, rules
from results.actions._common import (
    PUBLISHED,
    STALE_RESULT,
    clean_text,
    committee_of,
    lock_meeting,
    published,
    refuse_first,
)
from results.models import Meeting, MeetingResult


def create_meeting(
    staff: User, *, year: int, name: str, held_on: date, members: int | None = None
) -> Meeting:
    """A sitting of the staff member's committee for a year (this year, last or next).

    `members` (委员人数) is the committee's membership for this sitting: typed or imported
    results must show attendance of at least two thirds of it. The online panel (experts)
    leaves it None: its size is the membership."""
    committee_id = committee_of(staff)
    name = clean_text(name, field="name", label=_("会议名称"), max_length=100)
    this_year = rules.today().year
    if not this_year - 1 <= year <= this_year + 1:
        raise Refused(
            _("年度应为 %(a)s 至 %(b)s 年。") % {"a": this_year - 1, "b": this_year + 1}, "year"
        )
    if members is not None and not 1 <= members <= rules.MAX_MEMBERS:
        raise Refused(_("委员人数应为 1 至 %(n)s 人。") % {"n": rules.MAX_MEMBERS}, "members")
    with transaction.atomic():
        return Meeting.objects.create(
            committee_id=committee_id,
            year=year,
            name=name,
            held_on=held_on,
            members=members,
            created_by=staff,
        )


def ineligible_message(count: int) -> str:
    """The refusal of a batch of which `count` applications may not go before the meeting."""
    return _("有 %(n)s 份申请书不符合列入会议的条件，本次未列入任何申请书。") % {"n": count}


def _refusals(committee_id: int, meeting: Meeting, wanted: list[int]) -> list[tuple[str, str]]:
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
    return refusals


def meeting_refusals(
    staff: User, meeting: Meeting, app_ids: Sequence[int]
) -> list[tuple[str, str]]:
    """Which of `app_ids` may not go before `meeting`, and why (number, reason): what the page
    lists when a batch is refused. `add_to_meeting` judges again, under its locks."""
    return _refusals(committee_of(staff), meeting, list(dict.fromkeys(app_ids)))


def add_to_meeting(staff: User, meeting_id: int, app_ids: Sequence[int]) -> list[MeetingResult]:
    """Put applications before a meeting — all of them, or none when any is not eligible.

    Eligible (see `rules.ineligibility`): the committee's, formal review passed, of the
    meeting's year, paid where the committee charges, papers received, in no meeting yet.
    A refused batch says how many were refused (`meeting_refusals` names them).
    """
    committee_id = committee_of(staff)
    wanted = list(dict.fromkeys(app_ids))
    if not wanted:
        raise Refused(_("请至少选择一份申请书。"))
    with transaction.atomic():
        meeting = lock_meeting(committee_id, meeting_id)
        if published(meeting):
            raise Refused(_("本次会议已发布公示，不能再增加申请书。"))
        # Lock first, then read the receipts and payments in a statement of their own, so
        # what is judged is what was committed before the lock was granted.
        list(Application.objects.select_for_update().filter(pk__in=wanted).values_list("pk"))
        refusals = _refusals(committee_id, meeting, wanted)
        if refusals:
            raise Refused(ineligible_message(len(refusals)))
        try:
            with transaction.atomic():
                made = MeetingResult.objects.bulk_create(
                    [MeetingResult(meeting=meeting, application_id=pk) for pk in wanted]
                )
        except IntegrityError:
            raise Refused(
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
        if published(result.meeting):
            raise Refused(str(PUBLISHED))
        if result.outcome != MeetingResult.Outcome.PENDING:
            raise Refused(_("已录入评审结果的申请书不能移出会议。"))
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
    computed: bool = False,
) -> MeetingResult:
    """One application's votes and result; correctable until the meeting's publicity.

    `computed` is set by the experts app when its panel's close writes the result; typed
    results are refused for such a meeting (`rules.typed_results_refusal`).

    The result must agree with the votes (`rules.vote_errors`: 通过 needs ⌈2/3⌉ of the
    members present; the three counts together at most the members present).
    `expected_version` is the page's stale-page token (the result's version counter).
    """
    committee_id = committee_of(staff)
    refuse_first(
        rules.vote_errors(members_present, votes_for, votes_against, votes_abstain, outcome)
    )
    with transaction.atomic():
        result = (
            MeetingResult.objects.select_for_update()
            .filter(meeting__committee_id=committee_id, pk=result_id)
            .first()
        )
        if result is None:
            raise Http404
        stale.check(expected_version, result.version, message=str(STALE_RESULT))
        if published(result.meeting):
            raise Refused(str(PUBLISHED))
        if not computed and (typed := rules.typed_results_refusal(result.meeting_id)):
            raise Refused(typed)
        if not computed and (
            attendance := rules.attendance_error(members_present, result.meeting.members)
        ):
            raise Refused(attendance, "members_present")
        write_result(
            result, staff, members_present, votes_for, votes_against, votes_abstain, outcome
        )
        result.save()
        notices.results_recorded([result.pk])
    return result


def write_result(
    result: MeetingResult,
    staff: User,
    present: int,
    votes_for: int,
    against: int,
    abstain: int,
    outcome: str,
) -> None:
    """Set a result's votes and outcome in memory (the caller saves it)."""
    result.members_present = present
    result.votes_for = votes_for
    result.votes_against = against
    result.votes_abstain = abstain
    result.outcome = outcome
    result.recorded_by = staff
    result.recorded_at = timezone.now()
    result.version += 1


def record_revote(
    staff: User,
    application_id: int,
    meeting_id: int,
    *,
    members_present: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    outcome: str,
) -> MeetingResult:
    """The new vote of an upheld 复查 (written by the experts app when its panel closes).

    The application's result (one per application: `MeetingResult.application`) was 未通过 at
    an earlier meeting; it moves to the meeting that voted again and takes the new votes, so
    the applicant follows the normal path from there (that meeting's 公示, then its 批文).
    The earlier meeting's list keeps no row for it; the 复查 keeps the request and decision.
    """
    committee_id = committee_of(staff)
    refuse_first(
        rules.vote_errors(members_present, votes_for, votes_against, votes_abstain, outcome)
    )
    with transaction.atomic():
        target = lock_meeting(committee_id, meeting_id)
        if published(target):
            raise Refused(str(PUBLISHED))
        result = (
            MeetingResult.objects.select_for_update()
            .filter(meeting__committee_id=committee_id, application_id=application_id)
            .first()
        )
        if result is None:
            raise Http404
        if result.outcome != MeetingResult.Outcome.FAILED:
            raise Refused(_("只有评审未通过的申请书才能经复查重新表决。"))
        result.meeting = target
        write_result(
            result, staff, members_present, votes_for, votes_against, votes_abstain, outcome
        )
        result.save()
        notices.results_recorded([result.pk])
    return result
