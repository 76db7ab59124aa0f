"""批文: the approval document after a publicity, or directly for 特殊人才认定.

A 批文 names the people it approves; their certificates are issued by the certificates app
through the port `results.issuing` (certificates sits above results), in the same
transaction that writes the 批文.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application, Status
from catalog.models import BusinessType
from lib.refusal import Refused
from lib.text import TextError, clean_name
from orgs.models import ReviewCommittee
from results import issuing, rules
from results.actions._common import committee_of, refuse_first
from results.actions.meetings import ineligible_message
from results.models import ApprovalDocument, ApprovalEntry, Objection, Publicity, PublicityEntry


def clean_document_number(raw: str | None) -> str:
    """批文号 such as 新职改〔2026〕12号: checked loosely — present, plain text, ≤ 50."""
    return clean_name(raw or "", label=_("批文号"), max_length=50)


def _document_errors(
    number: str, authority: str, issued_on: date
) -> tuple[str, str, dict[str, str]]:
    """The cleaned number and authority, and what is wrong with the three fields."""
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
    return number, authority, errors


def _number_taken(number: str) -> str:
    return _("批文号 %(n)s 已被使用。") % {"n": number}


def _write_document(
    staff: User,
    committee_id: int,
    publicity: Publicity | None,
    app_ids: list[int],
    *,
    number: str,
    issued_on: date,
    authority: str,
) -> ApprovalDocument:
    """The 批文, its entries, and the batch that issues their certificates (one transaction)."""
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
        raise Refused(_number_taken(number), "number") from None
    ApprovalEntry.objects.bulk_create(
        [ApprovalEntry(document=document, application_id=pk) for pk in app_ids]
    )
    issuing.issuer().start(document, total=len(app_ids))
    return document


def issue_approval(
    staff: User, publicity_id: int, *, number: str, issued_on: date, authority: str
) -> ApprovalDocument:
    """批文 for everyone still on a publicity's list, then their certificates.

    Refused before the period has ended (the server's date must be after `ends_on`),
    while any objection is open, when the publicity already has a 批文, or when nobody
    is left on the list. The date lies after the period and not in the future; the
    number is unique. The 批文 and its entries are written here, with the batch that
    issues the certificates (`results.issuing`): the certificates are issued on a worker
    once this commits, chunk by chunk, and the committee follows them on the 批文's
    progress page.
    """
    committee_id = committee_of(staff)
    number, authority, errors = _document_errors(number, authority, issued_on)
    on = rules.today()
    with transaction.atomic():
        publicity = (
            Publicity.objects.select_for_update()
            .filter(committee_id=committee_id, pk=publicity_id)
            .first()
        )
        if publicity is None:
            raise Http404
        if on <= publicity.ends_on:
            raise Refused(
                _("公示期至 %(d)s 结束，公示期满后才能发文。")
                % {"d": publicity.ends_on.isoformat()}
            )
        if ApprovalDocument.objects.filter(publicity=publicity).exists():
            raise Refused(_("该公示已发文，不能重复发文。"))
        # Every entry locked before counting: an objection being lodged right now (it
        # locks its entry) is either counted here or refused once this 批文 exists.
        entries = list(PublicityEntry.objects.select_for_update().filter(publicity=publicity))
        still_open = Objection.objects.filter(
            entry__publicity=publicity, status=Objection.Status.OPEN
        ).count()
        if still_open:
            raise Refused(
                _("该公示还有 %(n)s 条异议未处理，处理完毕后才能发文。") % {"n": still_open}
            )
        if "issued_on" not in errors and issued_on <= publicity.ends_on:
            errors["issued_on"] = _("发文日期应在公示期结束（%(d)s）之后。") % {
                "d": publicity.ends_on.isoformat()
            }
        if "number" not in errors and ApprovalDocument.objects.filter(number=number).exists():
            errors["number"] = _number_taken(number)
        refuse_first(errors)
        entries = [e for e in entries if not e.removed]
        if not entries:
            raise Refused(_("公示名单中已没有人员，无需发文。"))
        return _write_document(
            staff,
            committee_id,
            publicity,
            [e.application_id for e in entries],
            number=number,
            issued_on=issued_on,
            authority=authority,
        )


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
    return Application.objects.filter(
        rules.paid_where_required_q(),
        committee=committee,
        business_type=BusinessType.SPECIAL,
        status=Status.PASSED,
        meeting_result__isnull=True,
        approval__isnull=True,
    )


def _special_refusals(committee: ReviewCommittee, ids: list[int]) -> list[tuple[str, str]]:
    apps = (
        Application.objects.filter(pk__in=ids)
        .select_related("applicant", "committee", "payment", "meeting_result", "approval")
        .order_by("pk")
    )
    return [
        (str(app.number), reason)
        for app in apps
        if (reason := special_ineligibility(app, committee)) is not None
    ]


def special_refusals(staff: User, app_ids: Sequence[int]) -> list[tuple[str, str]]:
    """Which of the chosen applications may not get a direct 批文, and why (number, reason):
    what the page lists when the step is refused. `issue_special_approval` judges again,
    under its locks; another committee's application is a 404 there."""
    committee = ReviewCommittee.objects.get(pk=committee_of(staff))
    ids = sorted(set(app_ids))
    if Application.objects.filter(committee=committee, pk__in=ids).count() != len(ids):
        raise Http404
    return _special_refusals(committee, ids) if ids else []


def special_refusal_message(refusals: list[tuple[str, str]]) -> str:
    """One refusal names the application and its reason; several are counted."""
    if len(refusals) == 1:
        return f"{refusals[0][0]}：{refusals[0][1]}"
    return ineligible_message(len(refusals))


def issue_special_approval(
    staff: User,
    app_ids: Sequence[int],
    *,
    number: str,
    issued_on: date,
    authority: str,
) -> ApprovalDocument:
    """特殊人才认定 批文 issued directly for formal-review-passed applications; the certificates
    follow on a worker (`results.issuing`), as for `issue_approval`.

    Refused as a whole when any application is not eligible (`special_ineligibility`),
    e.g. when the committee's settings ask for a meeting. The applications are locked,
    so two staff issuing at once cannot name one person twice; the number is unique.
    """
    committee_id = committee_of(staff)
    number, authority, errors = _document_errors(number, authority, issued_on)
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
        refusals = _special_refusals(committee, ids)
        if refusals:
            raise Refused(special_refusal_message(refusals))
        if "number" not in errors and ApprovalDocument.objects.filter(number=number).exists():
            errors["number"] = _number_taken(number)
        refuse_first(errors)
        return _write_document(
            staff, committee_id, None, ids, number=number, issued_on=issued_on, authority=authority
        )
