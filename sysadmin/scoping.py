"""What an hr_admin may edit: a prefecture admin their own region, the 自治区 admin everything.

Everything outside a user's scope is simply not in these querysets, so an id from another
region is a 404 on every page and inside every action.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from orgs.models import ApplicationWindow, BaseUnit, Department, Region, ReviewCommittee


def hr_region(user: User) -> Region | None:
    """The prefecture an hr_admin is limited to; None for the autonomous region (everything)."""
    region = user.admin_region
    if region is None or region.level == Region.Level.AUTONOMOUS:
        return None
    return region


def is_autonomous_admin(user: User) -> bool:
    """The catalogue and the form templates serve every region: only 自治区 hr_admin edit them."""
    return hr_region(user) is None


def committees_for(user: User) -> QuerySet[ReviewCommittee]:
    region = hr_region(user)
    qs = ReviewCommittee.objects.all()
    return qs if region is None else qs.filter(region=region)


def departments_for(user: User) -> QuerySet[Department]:
    region = hr_region(user)
    qs = Department.objects.all()
    if region is None:
        return qs
    return qs.filter(Q(region=region) | Q(region__parent=region))


def windows_for(user: User) -> QuerySet[ApplicationWindow]:
    region = hr_region(user)
    qs = ApplicationWindow.objects.all()
    return qs if region is None else qs.filter(committee__region=region)


def committee_regions_for(user: User) -> QuerySet[Region]:
    """Where a committee may sit: 自治区 or a prefecture (only one's own for a prefecture admin)."""
    region = hr_region(user)
    qs = Region.objects.filter(level__in=[Region.Level.AUTONOMOUS, Region.Level.PREFECTURE])
    return qs if region is None else qs.filter(pk=region.pk)


def department_regions_for(user: User) -> QuerySet[Region]:
    """Where a department may sit: any region, or one's own prefecture and its counties."""
    region = hr_region(user)
    qs = Region.objects.all()
    return qs if region is None else qs.filter(Q(pk=region.pk) | Q(parent=region))


def regions_for(user: User) -> QuerySet[Region]:
    """Regions an hr_admin looks after: every one, or one's own prefecture and its counties."""
    region = hr_region(user)
    qs = Region.objects.all()
    return qs if region is None else qs.filter(Q(pk=region.pk) | Q(parent=region))


def units_for(user: User) -> QuerySet[BaseUnit]:
    """基层工作单位 of the admin's prefecture (a unit's region is its prefecture or 自治区)."""
    region = hr_region(user)
    qs = BaseUnit.objects.all()
    return qs if region is None else qs.filter(region=region)


def users_for(user: User) -> QuerySet[User]:
    """Accounts an hr_admin may look up.

    A prefecture admin sees the staff accounts that act for the prefecture — its hr_admins,
    the administrators of its units and the staff of its committees and of the departments
    of it and its counties — the same rule as the security audit (ADR 0022). Applicants are
    platform-wide (one account for every entry) and belong to no prefecture, so only the
    自治区 admin sees them.
    """
    region = hr_region(user)
    qs = User.objects.all()
    if region is None:
        return qs
    return qs.filter(
        Q(role=Role.HR_ADMIN, admin_region=region)
        | Q(role=Role.UNIT_ADMIN, unit__region=region)
        | Q(role=Role.COMMITTEE_STAFF, committee__region=region)
        | Q(role=Role.DEPT_REVIEWER, department__region=region)
        | Q(role=Role.DEPT_REVIEWER, department__region__parent=region)
    )
