"""On PostgreSQL the table itself refuses UPDATE, and DELETE of rows younger than the retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.actions import purge_expired, record
from audit.models import AuditEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
    ),
]
TABLE = AuditEvent._meta.db_table


def raw(sql: str, params: list[Any]) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def old_row() -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=200), action="login", actor_name="old"
    )


def test_the_trigger_is_installed(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [TABLE],
        )
        assert [r[0] for r in cursor.fetchall()] == ["audit_auditevent_guard"]


def test_a_raw_update_is_refused_by_the_database(db: None) -> None:
    fresh = record("login", actor_name="fresh")
    old = old_row()
    for row in (fresh, old):
        with pytest.raises(DatabaseError, match="never updated"):
            raw(f"UPDATE {TABLE} SET result = 'failed' WHERE id = %s", [row.pk])  # noqa: S608
    assert set(AuditEvent.objects.values_list("result", flat=True)) == {"ok"}


def test_a_raw_delete_of_a_fresh_row_is_refused_by_the_database(db: None) -> None:
    fresh = record("login", actor_name="fresh")
    with pytest.raises(DatabaseError, match="kept 180 days"):
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [fresh.pk])  # noqa: S608
    with pytest.raises(DatabaseError):
        raw(f"DELETE FROM {TABLE}", [])  # noqa: S608
    assert AuditEvent.objects.filter(pk=fresh.pk).exists()


def test_purge_deletes_an_old_row_and_keeps_a_fresh_one(db: None) -> None:
    fresh = record("login", actor_name="fresh")
    old_row()
    assert purge_expired() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [fresh.pk]
