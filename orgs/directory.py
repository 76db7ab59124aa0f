"""评审委员会 and 审核部门: the one place that writes their facts, contacts, limits and fees.

Each action owns its transaction, locks the row it changes, compares the form's token
(`lib.stale.token` of the row and its contacts or fee rules as drawn), validates and writes.
Who may change which committee or department (an hr_admin's region) is the caller's
question; the rules of the data are answered here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lib import stale
from lib.refusal import Refused
from orgs.messages import SETTING_STALE
from orgs.models import Contact, Department, FeeRule, Region, ReviewCommittee

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContactData:
    name: str
    phone: str
    duty: str = ""


@dataclass(frozen=True)
class CommitteeFacts:
    name: str
    region: Region
    address: str = ""
    paper_deadline: date | None = None
    paper_contents: str = ""
    paper_binding: str = ""
    is_active: bool = True
    special_needs_meeting: bool = False


@dataclass(frozen=True)
class DepartmentFacts:
    name: str
    kind: str
    level: str
    region: Region
    address: str = ""
    is_active: bool = True


def _contacts(**owner: Any) -> QuerySet[Contact]:
    return Contact.objects.filter(**owner).order_by("id")


def _fee_rules(committee: ReviewCommittee) -> QuerySet[FeeRule]:
    return FeeRule.objects.filter(committee=committee).order_by("level")


def committee_token(committee: ReviewCommittee) -> str:
    """What a committee form carries: the committee and its contacts as drawn."""
    return stale.token(committee, _contacts(committee=committee))


def department_token(department: Department) -> str:
    """What a department form carries: the department and its contacts as drawn."""
    return stale.token(department, _contacts(department=department))


def fees_token(committee: ReviewCommittee) -> str:
    """What a 次数与收费 form carries: the committee and its fee rules as drawn."""
    return stale.token(committee, _fee_rules(committee))


def _replace_contacts(owner: dict[str, Any], contacts: Sequence[ContactData]) -> None:
    # Contacts are a small directory that nothing refers to; rewriting it keeps order simple.
    Contact.objects.filter(**owner).delete()
    Contact.objects.bulk_create(
        [Contact(name=c.name, phone=c.phone, duty=c.duty, **owner) for c in contacts]
    )


@transaction.atomic
def save_committee(
    facts: CommitteeFacts,
    contacts: Sequence[ContactData],
    *,
    committee_id: int | None = None,
    version: str | None = None,
) -> ReviewCommittee:
    """Create a committee (`committee_id` None) or change its basic facts and contacts.
    Names are unique within a region."""
    if committee_id is None:
        committee = ReviewCommittee()
    else:
        committee = ReviewCommittee.objects.select_for_update().get(pk=committee_id)
        stale.check(version, committee, _contacts(committee=committee), message=str(SETTING_STALE))
    clash = ReviewCommittee.objects.filter(region=facts.region, name=facts.name)
    if committee.pk:
        clash = clash.exclude(pk=committee.pk)
    if clash.exists():
        raise Refused(_("该区域已有同名的评审委员会。"), "name")
    for attr in (
        "name",
        "region",
        "address",
        "paper_deadline",
        "paper_contents",
        "paper_binding",
        "is_active",
        "special_needs_meeting",
    ):
        setattr(committee, attr, getattr(facts, attr))
    committee.save()
    _replace_contacts({"committee": committee}, contacts)
    log.info("committee saved committee=%s", committee.pk)
    return committee


@transaction.atomic
def save_limits_and_fees(
    committee_id: int,
    *,
    submission_limit: int,
    fee_mode: str,
    amounts: dict[int, Decimal | None],
    version: str | None,
) -> ReviewCommittee:
    """Set a committee's submission limit, fee mode and the fee per level (None: no rule)."""
    committee = ReviewCommittee.objects.select_for_update().get(pk=committee_id)
    stale.check(version, committee, _fee_rules(committee), message=str(SETTING_STALE))
    if submission_limit < 1:
        raise Refused(_("提交次数上限至少为 1。"), "submission_limit")
    if any(a is not None and a < 0 for a in amounts.values()):
        raise Refused(_("金额不能为负数。"))
    if fee_mode != ReviewCommittee.FeeMode.NONE and not any(
        a is not None for a in amounts.values()
    ):
        raise Refused(_("收费的评审委员会至少要设置一个级别的金额。"))
    committee.submission_limit = submission_limit
    committee.fee_mode = fee_mode
    committee.save(update_fields=["submission_limit", "fee_mode"])
    for level, amount in amounts.items():
        if amount is None:
            FeeRule.objects.filter(committee=committee, level=level).delete()
        else:
            FeeRule.objects.update_or_create(
                committee=committee, level=level, defaults={"amount": amount}
            )
    log.info("committee limits and fees committee=%s", committee.pk)
    return committee


@transaction.atomic
def save_department(
    facts: DepartmentFacts,
    contacts: Sequence[ContactData],
    *,
    department_id: int | None = None,
    version: str | None = None,
) -> Department:
    """Create a department (`department_id` None) or change its basic facts and contacts.
    Names are unique within a region."""
    if department_id is None:
        department = Department()
    else:
        department = Department.objects.select_for_update().get(pk=department_id)
        stale.check(
            version, department, _contacts(department=department), message=str(SETTING_STALE)
        )
    clash = Department.objects.filter(region=facts.region, name=facts.name)
    if department.pk:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise Refused(_("该区域已有同名的审核部门。"), "name")
    for attr in ("name", "kind", "level", "region", "address", "is_active"):
        setattr(department, attr, getattr(facts, attr))
    department.save()
    _replace_contacts({"department": department}, contacts)
    log.info("department saved department=%s", department.pk)
    return department
