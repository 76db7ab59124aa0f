"""Unit and scope actions: the only code that changes a base unit, its recommenders, a
similarity flag or a committee's 评审范围 (chains: `orgs.chains`; committees, departments and
fees: `orgs.directory`; windows: `orgs.windows`).

Each action owns its transaction, re-reads the row it changes with `select_for_update()`,
checks the page's `lib.stale` token against what it finds (a form opened before another
admin saved is refused with `Stale`), refuses with `Refused` before writing, writes, and
returns what it wrote. Views call exactly one of these.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Level, Series
from lib import stale
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import (
    BaseUnit,
    CommitteeScope,
    Department,
    Region,
    ReviewCommittee,
    SimilarUnitFlag,
    UnitNameChange,
)
from orgs.similarity import similar_units

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)

MAX_RECOMMENDERS = 2


UNIT_STALE = gettext_lazy(
    "单位信息在您打开此页面后已被修改（可能是本单位其他管理员或另一个窗口）。请查看最新信息后重新填写。"
)


def _lock(unit_id: int, version: str | None) -> BaseUnit:
    """The unit, locked; refused as stale unless `version` is `lib.stale.token(unit)` of the
    unit the form was drawn from (None: no form to compare)."""
    unit = BaseUnit.objects.select_for_update().get(pk=unit_id)
    stale.check(version, unit, message=str(UNIT_STALE))
    return unit


@dataclass(frozen=True)
class UnitDetails:
    """What 完善单位信息 edits."""

    address: str
    legal_representative: str
    phone: str
    postcode: str
    hr_person: str
    hr_mobile: str
    contact_name: str
    contact_mobile: str
    nature: str
    county: Region | None


@transaction.atomic
def complete_unit(
    unit_id: int,
    actor: User,
    *,
    version: str | None,
    details: UnitDetails,
    licence: CheckedUpload | None = None,
) -> BaseUnit:
    """完善单位信息: save the unit's details and, when given, a new licence scan.

    The county must lie in the unit's region. A replaced scan is kept in storage (it is
    evidence the unit once submitted); only the new one is linked.
    """
    unit = _lock(unit_id, version)
    if details.county is not None and (
        details.county.parent_id != unit.region_id or details.county.level != Region.Level.COUNTY
    ):
        raise Refused(_("所选县(市、区)不属于本单位所在地区。"), "county")
    if licence is None and not unit.licence_scan:
        raise Refused(_("请上传营业执照或法人证书扫描件。"), "licence")
    for name in (
        "address",
        "legal_representative",
        "phone",
        "postcode",
        "hr_person",
        "hr_mobile",
        "contact_name",
        "contact_mobile",
        "nature",
    ):
        setattr(unit, name, getattr(details, name))
    unit.county = details.county
    stored = ""
    if licence is not None:
        unit.licence_scan.save(licence.display_name, ContentFile(licence.content), save=False)
        unit.licence_scan_name = licence.display_name
        stored = unit.licence_scan.name or ""
    try:
        unit.save()
    except Exception:
        if stored:
            unit.licence_scan.storage.delete(stored)
        raise
    log.info("unit completed unit=%s by=%s licence=%s", unit.pk, actor.pk, bool(licence))
    return unit


@transaction.atomic
def flag_similar_units(unit: BaseUnit) -> list[SimilarUnitFlag]:
    """List units of the same region whose names look like this one's for hr_admin to check.

    A pair already flagged is left as it is: an open flag stays open, and a pair hr_admin
    has already judged is not raised again.
    """
    flags = []
    for other in similar_units(unit.name, unit.region, exclude_pk=unit.pk):
        flag, _created = SimilarUnitFlag.objects.get_or_create(unit=unit, similar_to=other)
        flags.append(flag)
    return flags


USCC_TAKEN = gettext_lazy("该统一社会信用代码已被其他单位使用，同一单位只能注册一次。")


@transaction.atomic
def rename_unit(
    unit_id: int, actor: User, *, version: str | None, new_name: str, new_uscc: str, reason: str
) -> UnitNameChange:
    """变更单位名称: change the name and/or the 统一社会信用代码, keeping the old values forever.

    The code is unique across all units: the check here gives the message, the database
    constraint is the final guard when two changes race. A new name that looks like
    another unit's is flagged for hr_admin (the admin has confirmed it on the form).
    """
    unit = _lock(unit_id, version)
    if new_name == unit.name and new_uscc == unit.uscc:
        raise Refused(_("单位名称和统一社会信用代码都没有变化。"))
    if (
        new_uscc != unit.uscc
        and BaseUnit.objects.filter(uscc=new_uscc).exclude(pk=unit.pk).exists()
    ):
        raise Refused(str(USCC_TAKEN), "new_uscc")
    change = UnitNameChange(
        unit=unit,
        old_name=unit.name,
        old_uscc=unit.uscc,
        new_name=new_name,
        new_uscc=new_uscc,
        reason=reason,
        changed_by=actor,
    )
    name_changed = new_name != unit.name
    unit.name = new_name
    unit.uscc = new_uscc
    try:
        with transaction.atomic():
            unit.save(update_fields=["name", "uscc", "updated_at"])
    except IntegrityError:
        raise Refused(str(USCC_TAKEN), "new_uscc") from None
    change.save()
    if name_changed:
        flag_similar_units(unit)
    log.info("unit renamed unit=%s change=%s by=%s", unit.pk, change.pk, actor.pk)
    return change


@transaction.atomic
def set_recommenders(
    unit_id: int, actor: User, *, version: str | None, department_ids: list[int]
) -> list[Department]:
    """推荐单位: replace the unit's recommending units with these (none, one or two).

    Allowed at any time, also while applications are in review: chains resolve the
    recommender when an application reaches that node.
    """
    unit = _lock(unit_id, version)
    wanted = sorted(set(department_ids))
    if len(wanted) > MAX_RECOMMENDERS:
        raise Refused(_("最多只能选择两个推荐单位。"), "departments")
    departments = list(Department.objects.filter(pk__in=wanted))
    if len(departments) != len(wanted):
        raise Refused(_("所选推荐单位不存在，请重新选择。"), "departments")
    current = set(unit.recommending_units.values_list("pk", flat=True))
    newly_chosen = [d for d in departments if d.pk not in current]
    if any(not d.is_active for d in newly_chosen):
        raise Refused(_("所选推荐单位已停用，请重新选择。"), "departments")
    unit.recommending_units.set(departments)
    # The unit's version moves on, so a second open form is refused as stale.
    unit.save(update_fields=["updated_at"])
    log.info("unit recommenders unit=%s departments=%s by=%s", unit.pk, wanted, actor.pk)
    return departments


@transaction.atomic
def resolve_similar_flag(flag_id: int, actor: User, *, note: str) -> SimilarUnitFlag:
    """hr_admin closes a 疑似重复单位 flag with a note; a flag already closed stays as it was."""
    flag = SimilarUnitFlag.objects.select_for_update().get(pk=flag_id)
    if flag.resolved_at is not None:
        raise Refused(_("该疑似重复记录已由其他管理员处理。"))
    flag.resolved_by = actor
    flag.resolved_at = timezone.now()
    flag.resolution = note
    flag.save(update_fields=["resolved_by", "resolved_at", "resolution"])
    log.info("similar flag resolved flag=%s by=%s", flag.pk, actor.pk)
    return flag


# --------------------------------------------------------------------- committee scopes

ScopeKey = tuple[int, int]  # (series id, level)


def scope_keys(committee_id: int) -> list[ScopeKey]:
    """The series × levels a committee judges, in a fixed order."""
    return sorted(
        CommitteeScope.objects.filter(committee_id=committee_id).values_list("series_id", "level")
    )


def scopes_token(committee_id: int) -> str:
    """The token a 评审范围 form carries: `lib.stale.token` of the scope rows as drawn."""
    return stale.token(scope_keys(committee_id))


SCOPES_STALE = gettext_lazy("评审范围在您打开页面后已被他人修改。请查看最新内容后重新选择。")


@dataclass(frozen=True)
class ScopeChange:
    """What `set_committee_scopes` did: the scopes it added and removed (empty: nothing)."""

    added: list[CommitteeScope]
    removed: list[CommitteeScope]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@transaction.atomic
def set_committee_scopes(
    committee_id: int, actor: User, *, version: str | None, scopes: Iterable[ScopeKey]
) -> ScopeChange:
    """评审范围: replace the series × levels a committee judges with `scopes`.

    Only new applications find their committee by scope (属地化, `applications.rules`);
    applications already made keep theirs, so a scope may be removed at any time. The
    committee row is locked so that two saves run one after the other, and the scopes found
    are compared with those the form was drawn from. An active committee keeps at least one
    scope; a series that is switched off may stay in a scope but not be added to one.
    """
    committee = ReviewCommittee.objects.select_for_update().get(pk=committee_id)
    stale.check(version, scope_keys(committee.pk), message=str(SCOPES_STALE))
    wanted = set(scopes)
    if any(level not in Level.values for _series, level in wanted):
        raise Refused(_("所选级别不存在，请重新选择。"), "scopes")
    series = Series.objects.in_bulk({series_id for series_id, _level in wanted})
    if len(series) != len({series_id for series_id, _level in wanted}):
        raise Refused(_("所选系列不存在，请重新选择。"), "scopes")
    if committee.is_active and not wanted:
        raise Refused(_("启用的评审委员会至少要有一个评审范围。"), "scopes")
    current = {(s.series_id, s.level): s for s in committee.scopes.select_related("series")}
    added_keys = sorted(wanted - current.keys())
    if any(not series[series_id].is_active for series_id, _level in added_keys):
        raise Refused(_("已停用的系列不能加入评审范围。"), "scopes")
    removed = [current[key] for key in sorted(current.keys() - wanted)]
    CommitteeScope.objects.filter(pk__in=[s.pk for s in removed]).delete()
    added = CommitteeScope.objects.bulk_create(
        [
            CommitteeScope(committee=committee, series=series[series_id], level=level)
            for series_id, level in added_keys
        ]
    )
    log.info(
        "committee scopes committee=%s added=%s removed=%s by=%s",
        committee.pk,
        len(added),
        len(removed),
        actor.pk,
    )
    return ScopeChange(added=added, removed=removed)
