"""Idempotent writes for reference data: find a row by its natural key, write only what differs.

`Model.objects.update_or_create` saves every time it finds a row, which bumps `auto_now`
columns and makes "nothing changed" impossible to report. `upsert` compares first and
saves only the fields whose value differs, so a second run writes nothing.

Two kinds of values are passed:

- `defaults`: owned by the reference data; set on create and corrected on every run.
- `create_defaults`: only a starting value; set on create, then left to the people who
  maintain it (an hr_admin editing a committee's address must not be overwritten).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass
class Tally:
    """What a load did, per model: created, updated, unchanged."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def note(self, model: type[models.Model], outcome: str) -> None:
        getattr(self, outcome)[str(model._meta.verbose_name_plural)] += 1

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged), key=str)
        return [
            f"{name}: 新增 {self.created[name]}，更新 {self.updated[name]}，"
            f"未变 {self.unchanged[name]}"
            for name in names
        ]


def _attname(model: type[models.Model], name: str) -> str:
    """The column attribute of a field: `parent_id` for the foreign key `parent`."""
    model_field = model._meta.get_field(name)
    return model_field.attname if isinstance(model_field, models.Field) else name


def _attname_and_value(model: type[models.Model], name: str, value: Any) -> tuple[str, Any]:
    """Compare foreign keys by id so that checking a row costs no extra query."""
    return _attname(model, name), (value.pk if isinstance(value, models.Model) else value)


def _key(values: Any) -> tuple[Any, ...]:
    return tuple(v.pk if isinstance(v, models.Model) else v for v in values)


def index(queryset: models.QuerySet[M], *names: str) -> dict[tuple[Any, ...], M]:
    """Existing rows by natural key, read in one query; pass it to `upsert(existing=...)`.

    `names` are the lookup names in the order `upsert`'s `lookup` gives them.
    """
    attnames = [_attname(queryset.model, name) for name in names]
    return {tuple(getattr(obj, a) for a in attnames): obj for obj in queryset.order_by()}


def upsert(
    model: type[M],
    tally: Tally,
    *,
    lookup: dict[str, Any],
    defaults: dict[str, Any] | None = None,
    create_defaults: dict[str, Any] | None = None,
    existing: dict[tuple[Any, ...], M] | None = None,
) -> tuple[M, str]:
    """Create or correct one row; returns the row and "created", "updated" or "unchanged".

    With `existing` (see `index`) the row is found without a query; new rows are added to it.
    """
    defaults = defaults or {}
    if existing is not None:
        obj = existing.get(_key(lookup.values()))
    else:
        # No ordering: Meta.ordering would join up the parents for nothing.
        obj = model._default_manager.filter(**lookup).order_by().first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **defaults, **(create_defaults or {}))
        if existing is not None:
            existing[_key(lookup.values())] = obj
        tally.note(model, "created")
        return obj, "created"
    changed = []
    for name, value in defaults.items():
        attname, wanted = _attname_and_value(model, name, value)
        if getattr(obj, attname) != wanted:
            setattr(obj, attname, wanted)
            changed.append(attname)
    if changed:
        obj.save(update_fields=changed)
        tally.note(model, "updated")
        return obj, "updated"
    tally.note(model, "unchanged")
    return obj, "unchanged"
