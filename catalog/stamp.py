"""The reference stamp: a number that changes with every write to a reference table.

Reference rows (the catalogue, regions, committees with their windows, contacts, chains and
fees, departments) are read on nearly every page and written a few times a year. A process
keeps them (orgs.refrows) as long as this stamp is the one it read them under. The stamp is
changed by database triggers, not by Python, so no writer can miss it: `save()`, a queryset's
`update()`/`delete()`, `bulk_create`, the reference loader, a data migration and a hand-typed
SQL fix all fire them. PostgreSQL fires one per statement; SQLite (development, tests) one per
row. The triggers are (re)installed after every `migrate` (and test database set-up), for the
tables apps register with `watch` in their AppConfig.ready (docs/adr/0042-reference-rows.md).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

STAMP_TABLE = "catalog_referencestamp"
FUNCTION = "zc_reference_touched"
_WATCHED: list[type[Model]] = []
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {STAMP_TABLE} SET value = floor(random() * 9.0e18)::bigint WHERE id = 1;
    RETURN NULL;
END;
$$;
"""  # noqa: S608 - the module's constant names


def watch(*models: type[Model]) -> None:
    """Called by an AppConfig.ready: writes to these models' tables change the stamp."""
    for model in models:
        if model not in _WATCHED:
            _WATCHED.append(model)


def watched_tables() -> list[str]:
    return [m._meta.db_table for m in _WATCHED]


def read(using: str = "default") -> int | None:
    """The current stamp (one primary-key read, no ORM); None when the row is missing (a
    database being set up): the caller must then not keep what it reads."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {STAMP_TABLE} WHERE id = 1")  # noqa: S608 - constant
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _postgresql(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL)
        for table in tables:
            cursor.execute(f'DROP TRIGGER IF EXISTS {FUNCTION} ON "{table}"')
            cursor.execute(
                f"CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()'
            )


def _sqlite(connection: BaseDatabaseWrapper, tables: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            for op in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(  # names: this module's constants and models' tables
                    f'CREATE TRIGGER IF NOT EXISTS "{FUNCTION}_{table}_{op.lower()}" AFTER {op} '  # noqa: S608
                    f'ON "{table}" BEGIN UPDATE {STAMP_TABLE} SET value = random() WHERE id = 1; '
                    "END"
                )


def install(connection: BaseDatabaseWrapper) -> None:
    """The stamp's row and a trigger on every watched table that exists (idempotent)."""
    existing = set(connection.introspection.table_names())
    if STAMP_TABLE not in existing:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (id, value) VALUES (1, %s) ON CONFLICT DO NOTHING",  # noqa: S608
            [secrets.randbits(62)],
        )
    tables = [t for t in watched_tables() if t in existing]
    if connection.vendor == "postgresql":
        _postgresql(connection, tables)
    elif connection.vendor == "sqlite":
        _sqlite(connection, tables)


def install_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate (also sent after a test database is made or flushed)."""
    install(connections[using])
