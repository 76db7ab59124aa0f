"""The rules of the after-review steps, each in one place: votes, eligibility, dates.

Actions, forms and the Excel import all ask these functions, so a rule changes here only.
The server's date (`today`) decides every period; tests move it with monkeypatch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Status
from lib import workdays
from orgs.models import ReviewCommittee

# 通过 needs at least two thirds of the members present to vote for (see ADR 0009).
PASS_NUMERATOR, PASS_DENOMINATOR = 2, 3
MAX_MEMBERS = 100
# A publicity runs at least five days (公示期不少于 5 个工作日 in practice) and at most 30.
PUBLICITY_MIN_DAYS, PUBLICITY_MAX_DAYS = 5, 30
# Ended publicities stay on the public list this long.
PUBLIC_RECENT_DAYS = 90

PASSED, FAILED = "passed", "failed"


def today() -> date:
    """The server's date in the platform's time zone: the only clock the periods follow."""
    return timezone.localdate()


# --- votes --------------------------------------------------------------------------------


def votes_needed(present: int) -> int:
    """The fewest votes for that make 通过: ⌈present × 2/3⌉."""
    return -(-present * PASS_NUMERATOR // PASS_DENOMINATOR)


def passes(present: int, votes_for: int) -> bool:
    return votes_for * PASS_DENOMINATOR >= present * PASS_NUMERATOR


def quorum(members: int) -> int:
    """The fewest members present for a valid meeting: ⌈members × 2/3⌉."""
    return -(-members * PASS_NUMERATOR // PASS_DENOMINATOR)


def attendance_error(present: int, members: int | None) -> str | None:
    """Why `present` members cannot hold a meeting of a committee of `members` (None: valid or
    unknown — a meeting created before its membership was recorded)."""
    if members is None:
        return None
    if present > members:
        return _("出席委员人数（%(p)s）超过了本次会议的委员人数（%(m)s）。") % {
            "p": present,
            "m": members,
        }
    if present < quorum(members):
        return _(
            "出席委员 %(p)s 人，不足委员人数（%(m)s 人）的三分之二（至少 %(q)s 人），会议无效。"
        ) % {"p": present, "m": members, "q": quorum(members)}
    return None


def vote_errors(
    present: int,
    votes_for: int,
    against: int,
    abstain: int,
    outcome: str,
    members: int | None = None,
) -> dict[str, str]:
    """What is wrong with one recorded vote, keyed by field; empty when it may be saved.

    Keys: members_present, votes (the three counts together), outcome. `members` is the
    meeting's 委员人数 (attendance must reach ⌈2/3⌉ of it), None when not recorded.
    """
    errors: dict[str, str] = {}
    if present < 1:
        errors["members_present"] = _("出席委员人数至少为 1 人。")
    elif present > MAX_MEMBERS:
        errors["members_present"] = _("出席委员人数不能超过 %(n)s 人。") % {"n": MAX_MEMBERS}
    elif attendance := attendance_error(present, members):
        errors["members_present"] = attendance
    if min(votes_for, against, abstain) < 0:
        errors["votes"] = _("票数不能为负数。")
    elif votes_for + against + abstain > present:
        errors["votes"] = _(
            "赞成、反对、弃权票数之和（%(sum)s）超过了出席委员人数（%(present)s）。"
        ) % {"sum": votes_for + against + abstain, "present": present}
    if errors:
        return errors
    need = votes_needed(present)
    if outcome == PASSED and not passes(present, votes_for):
        errors["outcome"] = _(
            "赞成票 %(for)s 票，未达到出席委员（%(present)s 人）的三分之二（至少 %(need)s 票），结果不能为“通过”。"
        ) % {"for": votes_for, "present": present, "need": need}
    elif outcome == FAILED and passes(present, votes_for):
        errors["outcome"] = _(
            "赞成票 %(for)s 票，已达到出席委员（%(present)s 人）的三分之二（至少 %(need)s 票），结果应为“通过”。"
        ) % {"for": votes_for, "present": present, "need": need}
    elif outcome not in (PASSED, FAILED):
        errors["outcome"] = _("评审结果应为“通过”或“不通过”。")
    return errors


# --- papers, payment and eligibility for a meeting ----------------------------------------


def _related(app: Application, name: str) -> Any:
    """A reverse one-to-one (paper_receipt, payment, meeting_result …) or None when absent.

    Read from what select_related fetched; Django raises ObjectDoesNotExist when absent.
    """
    try:
        return getattr(app, name)
    except ObjectDoesNotExist:
        return None


def paper_status(app: Application) -> str:
    """The receipt's status — "received" or "missing" — or "" when not marked yet."""
    receipt = _related(app, "paper_receipt")
    return str(receipt.status) if receipt is not None else ""


def payment_required(committee: ReviewCommittee) -> bool:
    return committee.fee_mode != ReviewCommittee.FeeMode.NONE


def payment_status(app: Application) -> str:
    """The payment order's status ("paid", "unpaid", "refunded") or "" when there is none."""
    order = _related(app, "payment")
    return str(order.status) if order is not None else ""


def paid_where_required(app: Application) -> bool:
    return not payment_required(app.committee) or payment_status(app) == "paid"


def in_meeting(app: Application) -> bool:
    return _related(app, "meeting_result") is not None


def ineligibility(app: Application, committee_id: int, year: int) -> str | None:
    """Why the application may not be put before a meeting of this committee and year.

    None when it may: formal review passed, paid where the committee charges, paper
    materials received, and not in any meeting yet.
    """
    if app.committee_id != committee_id:
        return _("不是本评审委员会的申请书。")
    if app.status != Status.PASSED:
        return _("尚未通过形式审核。")
    if app.year != year:
        return _("申请年度（%(a)s）与会议年度（%(m)s）不同。") % {"a": app.year, "m": year}
    if not paid_where_required(app):
        return _("尚未缴纳评审费。")
    paper = paper_status(app)
    if paper == "missing":
        return _("纸质材料缺失。")
    if paper != "received":
        return _("尚未收到纸质材料。")
    if in_meeting(app):
        return _("已列入评审会议，不能重复列入。")
    return None


def paid_where_required_q() -> Q:
    """`paid_where_required` as a filter: the committee charges nothing, or the order is paid."""
    return Q(committee__fee_mode=ReviewCommittee.FeeMode.NONE) | Q(payment__status="paid")


def eligible(committee_id: int, year: int) -> QuerySet[Application]:
    """The same rule as `ineligibility`, as one query: what the add page offers."""
    return Application.objects.filter(
        paid_where_required_q(),
        committee_id=committee_id,
        status=Status.PASSED,
        year=year,
        paper_receipt__status="received",
        meeting_result__isnull=True,
    )


# --- publicity periods --------------------------------------------------------------------


def workday_calendar() -> dict[str, frozenset[date]]:
    """What the settings add to the official calendar, for years `chinese_calendar` does not know."""
    return {
        "holidays": workdays.as_dates(settings.WORKDAY_EXTRA_HOLIDAYS),
        "workdays": workdays.as_dates(settings.WORKDAY_EXTRA_WORKDAYS),
    }


def shortest_end(starts_on: date) -> date:
    """The earliest last day of a publicity starting on `starts_on`: its 5th working day."""
    return workdays.last_workday(starts_on, PUBLICITY_MIN_DAYS, **workday_calendar())


# A meeting whose experts vote online (the experts app) gets its results from the panel's
# close, never typed: that app installs its check here when Django starts, so results does
# not import it (the lib.outbox pattern).
_computed_checks: list[Callable[[int], str | None]] = []


def install_computed_check(check: Callable[[int], str | None]) -> None:
    _computed_checks.append(check)


def typed_results_refusal(meeting_id: int) -> str | None:
    """Why results may not be typed or imported for this meeting; None when they may."""
    for check in _computed_checks:
        message = check(meeting_id)
        if message:
            return message
    return None


def period_errors(starts_on: date, ends_on: date) -> dict[str, str]:
    """A new publicity starts today or later and runs at least 5 working days on the official
    calendar (public holidays not counted, make-up working days counted; lib.workdays) and at
    most 30 days (both ends counted)."""
    errors: dict[str, str] = {}
    if starts_on < today():
        errors["starts_on"] = _("公示开始日期不能早于今天。")
    days = (ends_on - starts_on).days + 1
    if ends_on < starts_on:
        errors["ends_on"] = _("公示结束日期不能早于开始日期。")
    elif (
        worked := workdays.count_workdays(starts_on, ends_on, **workday_calendar())
    ) < PUBLICITY_MIN_DAYS:
        errors["ends_on"] = _(
            "公示期不少于 %(n)s 个工作日（法定节假日不计，调休上班日计入），当前为 %(d)s 个工作日；"
            "自 %(s)s 开始的公示最早于 %(e)s 结束。"
        ) % {
            "n": PUBLICITY_MIN_DAYS,
            "d": worked,
            "s": starts_on.isoformat(),
            "e": shortest_end(starts_on).isoformat(),
        }
    elif days > PUBLICITY_MAX_DAYS:
        errors["ends_on"] = _("公示期不超过 %(n)s 天，当前为 %(d)s 天。") % {
            "n": PUBLICITY_MAX_DAYS,
            "d": days,
        }
    return errors


def in_period(starts_on: date, ends_on: date, on: date | None = None) -> bool:
    on = on or today()
    return starts_on <= on <= ends_on


def public_since() -> date:
    """Publicities that ended before this date are off the public pages."""
    return today() - timedelta(days=PUBLIC_RECENT_DAYS)
