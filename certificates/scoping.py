"""Which certificates a user may open or manage — always a queryset, never a hidden link."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role, User
from certificates.models import Certificate
from orgs.models import Region


def managed_by(user: User) -> QuerySet[Certificate]:
    """证书管理: committee staff see their committee's certificates; an hr_admin those of
    the committees in their region (every committee for the autonomous region)."""
    certificates = Certificate.objects.all()
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        return certificates.filter(application__committee_id=user.committee_id)
    if user.role == Role.HR_ADMIN:
        region = user.admin_region
        if region is None or region.level == Region.Level.AUTONOMOUS:
            return certificates
        return certificates.filter(application__committee__region=region)
    return certificates.none()


def visible_to(user: User) -> QuerySet[Certificate]:
    """Certificates a signed-in user may view and print: their own, or those they manage."""
    if user.role == Role.APPLICANT:
        return Certificate.objects.filter(application__applicant=user)
    return managed_by(user)
