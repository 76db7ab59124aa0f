"""Account actions: the only code that creates or changes accounts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from audit.actions import record
from audit.models import AuditEvent
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.actions import flag_similar_units
from orgs.models import BaseUnit, Region

if TYPE_CHECKING:
    from django.http import HttpRequest

log = logging.getLogger(__name__)


def _conflict_from(error: IntegrityError, candidates: dict[str, str]) -> Refused:
    """Someone else registered the same ID number, code or username a moment earlier: the
    refusal names the field the form gives the same message beside."""
    text = str(error).lower()
    for column, message in candidates.items():
        if column in text:
            return Refused(_(message), column)
    # SQLite names the column; PostgreSQL names the constraint: both contain the column name.
    first = next(iter(candidates))
    return Refused(_(candidates[first]), first)


ID_TAKEN = gettext_noop(
    "该身份证号已注册，一个身份证号只能注册一次。如忘记账号，请使用“找回用户名和密码”。"
)
USERNAME_TAKEN = gettext_noop("该用户名已被使用，请换一个。")
USCC_TAKEN = gettext_noop(
    "该统一社会信用代码已注册。同一单位只能注册一次，如忘记账号请使用“账号申诉”。"
)


@dataclass(frozen=True)
class ApplicantData:
    username: str
    real_name: str
    id_number: str
    mobile: str
    email: str
    password: str


def register_applicant(data: ApplicantData, scan: CheckedUpload) -> User:
    """申请人注册: one account per resident ID number, enforced by the unique column.

    Two registrations racing with one number: the second insert fails on the constraint
    and raises `Refused` (naming the field) with the same message the form gives.
    """
    user = User(
        username=data.username,
        role=Role.APPLICANT,
        real_name=data.real_name,
        id_number=data.id_number,
        mobile=data.mobile,
        email=data.email,
        notice_accepted_at=timezone.now(),
    )
    user.set_password(data.password)
    user.id_card_scan.save(scan.display_name, ContentFile(scan.content), save=False)
    user.id_card_scan_name = scan.display_name
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        user.id_card_scan.delete(save=False)
        raise _conflict_from(exc, {"id_number": ID_TAKEN, "username": USERNAME_TAKEN}) from None
    log.info("applicant registered user=%s", user.pk)
    return user


@dataclass(frozen=True)
class UnitData:
    unit_name: str
    uscc: str
    region: Region
    county: Region | None
    nature: str
    contact_name: str
    contact_mobile: str
    username: str
    email: str
    password: str


def register_unit(data: UnitData, licence: CheckedUpload) -> User:
    """基层工作单位注册: the unit and its administrator account, in one transaction.

    The credit code is unique by constraint. Units whose names look alike (the
    registrant has confirmed they differ) are flagged for hr_admin to check.
    """
    unit = BaseUnit(
        name=data.unit_name,
        uscc=data.uscc,
        region=data.region,
        county=data.county,
        nature=data.nature,
        contact_name=data.contact_name,
        contact_mobile=data.contact_mobile,
        hr_person=data.contact_name,
        hr_mobile=data.contact_mobile,
    )
    unit.licence_scan.save(licence.display_name, ContentFile(licence.content), save=False)
    unit.licence_scan_name = licence.display_name
    user = User(
        username=data.username,
        role=Role.UNIT_ADMIN,
        real_name=data.contact_name,
        mobile=data.contact_mobile,
        email=data.email,
        notice_accepted_at=timezone.now(),
    )
    user.set_password(data.password)
    try:
        with transaction.atomic():
            unit.save()
            user.unit = unit
            user.save()
            flag_similar_units(unit)
    except IntegrityError as exc:
        unit.licence_scan.delete(save=False)
        raise _conflict_from(exc, {"uscc": USCC_TAKEN, "username": USERNAME_TAKEN}) from None
    log.info("unit registered unit=%s user=%s", unit.pk, user.pk)
    return user


def update_profile(user: User, *, email: str, mobile: str) -> User:
    """编辑个人信息: e-mail and mobile. Name and ID number are fixed by the ID card."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.email = email
        locked.mobile = mobile
        locked.save(update_fields=["email", "mobile"])
    return locked


# --- role and permission changes (audited) ------------------------------------------------

ROLE_FIELDS = {
    "role": _lazy("角色"),
    "unit": _lazy("基层工作单位"),
    "department": _lazy("审核部门"),
    "committee": _lazy("评审委员会"),
    "admin_region": _lazy("管理区域"),
    "is_active": _lazy("启用"),
    "is_staff": _lazy("职员状态"),
    "is_superuser": _lazy("超级用户"),
    "groups": _lazy("用户组"),
    "user_permissions": _lazy("权限"),
}


def role_snapshot(user: User) -> dict[str, str]:
    """What decides what an account may do, as text: role, organisation, flags, groups."""
    if user.pk is None:
        return {}
    fresh = User.objects.select_related("unit", "department", "committee", "admin_region").get(
        pk=user.pk
    )
    snapshot = {
        "role": str(Role(fresh.role).label) if fresh.role in Role.values else fresh.role,
        "unit": str(fresh.unit or ""),
        "department": str(fresh.department or ""),
        "committee": str(fresh.committee or ""),
        "admin_region": str(fresh.admin_region or ""),
        "is_active": _("是") if fresh.is_active else _("否"),
        "is_staff": _("是") if fresh.is_staff else _("否"),
        "is_superuser": _("是") if fresh.is_superuser else _("否"),
        "groups": "、".join(sorted(fresh.groups.values_list("name", flat=True))),
        "user_permissions": "、".join(
            sorted(fresh.user_permissions.values_list("codename", flat=True))
        ),
    }
    return {key: str(value) for key, value in snapshot.items()}


def record_role_change(
    actor: User, user: User, before: dict[str, str], *, request: HttpRequest | None = None
) -> None:
    """Audit a change of role, organisation, flags or permissions (nothing if none changed).

    `before` is `role_snapshot()` taken before the change ({} for a new account).
    """
    after = role_snapshot(user)
    changes = [
        f"{ROLE_FIELDS[key]}：{before.get(key) or '—'} → {after[key] or '—'}"
        for key in ROLE_FIELDS
        if before.get(key, "") != after.get(key, "") and (before or after[key])
    ]
    if not changes:
        return
    detail = "；".join(changes)
    if not before:
        detail = _("新建账号：") + detail
    record(
        AuditEvent.Action.ROLE_CHANGED,
        actor=actor,
        target=user.get_username(),
        detail=detail,
        request=request,
    )
