"""The only code that writes 继续教育 records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import BaseUnit
from training.models import TrainingRecord


@dataclass(frozen=True)
class RecordDetails:
    unit: BaseUnit
    year: int
    category: str
    hours: Decimal
    content: str


def add_record(applicant: User, details: RecordDetails, evidence: CheckedUpload) -> TrainingRecord:
    """登记学时: a pending record the chosen unit's admin confirms."""
    if applicant.role != Role.APPLICANT:
        raise Refused(_("只有申请人可以登记继续教育学时。"))
    record = TrainingRecord(
        applicant=applicant,
        unit=details.unit,
        year=details.year,
        category=details.category,
        hours=details.hours,
        content=details.content,
        evidence_name=evidence.display_name,
        evidence_kind=evidence.kind,
    )
    record.evidence.save(f"evidence.{evidence.kind}", ContentFile(evidence.content), save=False)
    record.save()
    return record


def delete_record(applicant: User, record_id: int) -> None:
    """删除: the applicant's own record while not confirmed; anyone else's id is a 404."""
    with transaction.atomic():
        try:
            record = TrainingRecord.objects.select_for_update().get(
                pk=record_id, applicant=applicant
            )
        except TrainingRecord.DoesNotExist:
            raise Http404 from None
        if not record.deletable:
            raise Refused(_("单位已确认的学时不能删除。"))
        record.evidence.delete(save=False)
        record.delete()


def review(admin: User, record_id: int, *, confirm: bool, reason: str = "") -> TrainingRecord:
    """确认 or 退回 a pending record of the admin's own unit; other units' ids are a 404."""
    if admin.role != Role.UNIT_ADMIN or admin.unit_id is None:
        raise Http404
    with transaction.atomic():
        try:
            record = TrainingRecord.objects.select_for_update().get(
                pk=record_id, unit_id=admin.unit_id
            )
        except TrainingRecord.DoesNotExist:
            raise Http404 from None
        if not record.reviewable:
            raise Refused(_("该记录已办理，请刷新页面。"))
        if not confirm and not reason:
            raise Refused(_("退回时请填写原因。"), "reason")
        record.status = (
            TrainingRecord.Status.CONFIRMED if confirm else TrainingRecord.Status.REJECTED
        )
        record.reason = "" if confirm else reason
        record.reviewed_by = admin
        record.reviewed_at = timezone.now()
        record.save()
    return record
