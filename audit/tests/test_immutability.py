"""Audit rows are never updated or deleted by the application; only purge removes old rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from audit.actions import purge_expired, record
from audit.checks import check_retention
from audit.models import AuditEvent, AuditLogImmutable

pytestmark = pytest.mark.django_db
A = AuditEvent.Action


def aged(days: int) -> AuditEvent:
    """A row written `days` ago (how a row becomes old; `record` always writes now)."""
    return AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=days), action=A.LOGIN, actor_name=f"aged{days}"
    )


def test_saving_a_changed_row_is_refused(applicant: User) -> None:
    row = record(A.LOGIN, actor=applicant, target="zhangsan")
    row.result = AuditEvent.Result.FAILED
    with pytest.raises(AuditLogImmutable, match="安全审计记录不能修改或删除"):
        row.save()
    with pytest.raises(AuditLogImmutable):
        row.save(update_fields=["result"])
    row.refresh_from_db()
    assert row.result == "ok"


def test_deleting_a_row_is_refused(applicant: User) -> None:
    row = record(A.LOGIN, actor=applicant)
    with pytest.raises(AuditLogImmutable):
        row.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=row.pk).exists()


def test_bulk_updates_are_refused(applicant: User) -> None:
    row = record(A.LOGIN, actor=applicant)
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=row.pk).update(result="failed")
    row.result = "failed"
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.bulk_update([row], ["result"])
    assert AuditEvent.objects.get(pk=row.pk).result == "ok"


def test_deleting_an_account_keeps_its_rows(outsider: User) -> None:
    record(A.LOGIN, actor=outsider)
    pk = outsider.pk
    outsider.delete()
    row = AuditEvent.objects.get()
    assert (row.actor_id, row.actor_name, row.role) == (pk, "lisi", "applicant")


def test_purge_removes_only_rows_older_than_the_retention(db: None) -> None:
    keep = [aged(0), aged(100), aged(179)]
    aged(181)
    aged(400)
    assert purge_expired() == 2
    assert sorted(AuditEvent.objects.values_list("pk", flat=True)) == sorted(r.pk for r in keep)


def test_purge_honours_a_longer_retention(settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 365
    aged(200)
    aged(366)
    assert purge_expired() == 1
    assert list(AuditEvent.objects.values_list("actor_name", flat=True)) == ["aged200"]


def test_purge_never_goes_below_180_days(settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 30  # refused by the system check; still never honoured
    aged(40)
    assert purge_expired() == 0
    assert AuditEvent.objects.count() == 1


def test_purge_does_not_honour_a_moment_in_the_future(db: None) -> None:
    aged(10)
    assert purge_expired(timezone.now() + timedelta(days=365)) == 0
    assert purge_expired(timezone.now() - timedelta(days=1)) == 0
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("value", [179, 0, -5, "abc"])
def test_the_system_check_refuses_a_retention_below_180_days(settings: Any, value: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = value
    (error,) = check_retention()
    assert error.id == "audit.E001" and "180" in error.msg


@pytest.mark.parametrize("value", [180, 365])
def test_the_system_check_accepts_180_days_or_more(settings: Any, value: int) -> None:
    settings.AUDIT_RETENTION_DAYS = value
    assert check_retention() == []
