"""Who acts for an organisation: the accounts a notice to a unit, department or committee reaches."""

from __future__ import annotations

from typing import Protocol

from django.db.models import Q, QuerySet

from accounts.models import Role, User


class Held(Protocol):
    """Anything that names the organisation it waits at (an application)."""

    @property
    def holder_unit_id(self) -> int | None: ...
    @property
    def holder_department_id(self) -> int | None: ...
    @property
    def holder_committee_id(self) -> int | None: ...


def staff_of(
    unit_id: int | None = None, department_id: int | None = None, committee_id: int | None = None
) -> QuerySet[User]:
    """The active accounts that act for an organisation holding an application (lazy)."""
    where = Q(pk__in=[])
    if unit_id is not None:
        where |= Q(role=Role.UNIT_ADMIN, unit_id=unit_id)
    if department_id is not None:
        where |= Q(role=Role.DEPT_REVIEWER, department_id=department_id)
    if committee_id is not None:
        where |= Q(role=Role.COMMITTEE_STAFF, committee_id=committee_id)
    return User.objects.filter(where, is_active=True).order_by("pk")


def holder_staff(held: Held) -> QuerySet[User]:
    """The staff of the organisation an application now waits at."""
    return staff_of(held.holder_unit_id, held.holder_department_id, held.holder_committee_id)
