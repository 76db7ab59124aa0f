"""Which applications a user may see or act on — always as a queryset, never a hidden link."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from applications.models import Application, NodeVisit, Status


def held_by(user: User) -> QuerySet[Application]:
    """Applications waiting at the user's organisation (their review queue)."""
    apps = Application.objects.filter(status=Status.IN_REVIEW)
    if user.role == Role.UNIT_ADMIN and user.unit_id:
        return apps.filter(holder_unit_id=user.unit_id)
    if user.role == Role.DEPT_REVIEWER and user.department_id:
        return apps.filter(holder_department_id=user.department_id)
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        return apps.filter(holder_committee_id=user.committee_id)
    return Application.objects.none()


def visible_to(user: User) -> QuerySet[Application]:
    """Applications the user may open: their own, or ones their organisation holds or held."""
    if user.role == Role.APPLICANT:
        return Application.objects.filter(applicant=user)
    if user.role == Role.UNIT_ADMIN and user.unit_id:
        # 申请书查询: every application of the unit that has ever been submitted.
        return Application.objects.filter(unit_id=user.unit_id, submission_count__gt=0)
    if user.role == Role.DEPT_REVIEWER and user.department_id:
        visited = NodeVisit.objects.filter(
            application=OuterRef("pk"), department_id=user.department_id
        )
        return Application.objects.filter(
            Q(holder_department_id=user.department_id) | Exists(visited)
        )
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        # The committee sees what it judges once it has been submitted at all.
        return Application.objects.filter(committee_id=user.committee_id, submission_count__gt=0)
    return Application.objects.none()
