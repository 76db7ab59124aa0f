"""Which applications a 统计 page counts: the same rule as the pages, as one queryset.

- hr_admin of a prefecture: applications of base units in that prefecture (or its counties)
  and applications judged by committees of that prefecture; the 自治区 hr_admin (or one with
  no region) every application — the scoping of 系统设置 (sysadmin/scoping.py).
- committee staff: their committee's applications once submitted, as on 申请书查询
  (applications/scoping.py).
- everyone else: nothing (the views refuse them before asking).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from applications.models import Application
from orgs.models import BaseUnit, Region, ReviewCommittee
from sysadmin.scoping import hr_region

STATS_ROLES = (Role.HR_ADMIN, Role.COMMITTEE_STAFF)


def applications_for(user: User) -> QuerySet[Application]:
    """The applications this user's statistics are drawn from."""
    apps = Application.objects.all()
    if user.role == Role.HR_ADMIN:
        region = hr_region(user)
        if region is None:
            return apps
        # Subqueries rather than joins: the planner turns them into hash semi-joins, and the
        # aggregate queries above them keep a single join path to orgs_baseunit.
        units = BaseUnit.objects.filter(Q(region=region) | Q(region__parent=region))
        committees = ReviewCommittee.objects.filter(region=region)
        return apps.filter(
            Q(unit_id__in=units.values("pk")) | Q(committee_id__in=committees.values("pk"))
        )
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        return apps.filter(committee_id=user.committee_id, submission_count__gt=0)
    return apps.none()


def own_committee_id(user: User) -> int | None:
    """Committee staff's committee (its windows are drawn even before anyone submits)."""
    return user.committee_id if user.role == Role.COMMITTEE_STAFF else None


def region_choices_for(user: User, entry_regions: list[Region]) -> list[Region]:
    """The regions a user may filter by: a prefecture hr_admin only their own."""
    if user.role == Role.HR_ADMIN:
        region = hr_region(user)
        if region is not None:
            return [r for r in entry_regions if r.pk == region.pk]
    return entry_regions


def scope_label(user: User) -> str:
    """What the page covers, in words (shown under the title)."""
    if user.role == Role.HR_ADMIN:
        region = hr_region(user)
        if region is None:
            return _("全区（自治区及各地州市）")
        return _("%(region)s（含所辖县市，及该地评审委员会评审的申请书）") % {"region": region.name}
    if user.role == Role.COMMITTEE_STAFF and user.committee is not None:
        return user.committee.name
    return ""
