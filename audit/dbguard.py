"""The PostgreSQL trigger that makes the audit table append-only in the database itself.

UPDATE is always refused; DELETE only of rows older than the retention. The retention is
written into the trigger function when migrations run (and again after every `migrate`,
so a changed AUDIT_RETENTION_DAYS takes effect), never below 180 days. Other databases
(SQLite for development) rely on the model and its queryset, which refuse both.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from audit.retention import MIN_RETENTION_DAYS, retention_days

FUNCTION = "audit_auditevent_guard"
TRIGGER = "audit_auditevent_guard"
TABLE = "audit_auditevent"


def _function_sql(days: int) -> str:
    days = max(int(days), MIN_RETENTION_DAYS)
    return f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit rows are never updated' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.at > now() - interval '{days} days' THEN
        RAISE EXCEPTION 'audit rows are kept {days} days' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$;
"""


def install(connection: BaseDatabaseWrapper, days: int) -> None:
    """Create (or refresh) the guard function and its trigger. PostgreSQL only."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_function_sql(days))
        cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}")
        cursor.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def refresh_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: keep the trigger's retention equal to the current setting."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    if TABLE not in connection.introspection.table_names():
        return
    install(connection, retention_days())
