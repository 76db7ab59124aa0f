"""Reference rows per process: the catalogue, regions, committees, departments.

Nearly every page draws an application's series, title, specialty, committee (with its region,
windows, contacts, fees and current chains) and the departments of its chain. These are a few
thousand rows written a few times a year, and fetching them by prefetch cost a dozen
statements a page (ADR 0036). A process keeps them, all at once, under the reference stamp it
read them with (catalog.stamp): every use reads the stamp (one primary-key read) and loads
them again when it has changed, so a committee renamed, a window moved or a contact edited
shows on the next page in every process, exactly as before (docs/adr/0042-reference-rows.md).

The rows are shared by every request of the process: read them, never change or save them.
Units (many, edited by their administrators) are not reference rows; which departments
recommend a unit is read with the page (`attach_recommenders`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from catalog import stamp
from catalog.models import EligibilityRule, Series, Specialty, Title
from orgs.models import (
    ApplicationWindow,
    BaseUnit,
    Department,
    Region,
    ReviewChain,
    ReviewCommittee,
)


@dataclass(frozen=True)
class Rows:
    stamp: int | None
    series: dict[int, Series]
    titles: dict[int, Title]
    specialties: dict[int, Specialty]
    regions: dict[int, Region]
    # Region set; windows, contacts and fee rules prefetched; `current_chains` (with nodes).
    committees: dict[int, ReviewCommittee]
    # Region set, contacts prefetched; in the model's order.
    departments: dict[int, Department]
    # 资格预审规则 by (series, level), newest year first (`eligibility_rule`).
    eligibility: dict[tuple[int, int], tuple[EligibilityRule, ...]] = field(default_factory=dict)


_kept: Rows | None = None


def rows() -> Rows:
    """The reference rows as committed now (or as this transaction wrote them)."""
    global _kept
    now = stamp.read()
    kept = _kept
    if kept is not None and now is not None and kept.stamp == now:
        return kept
    fresh = _load(now)
    if now is not None:
        _kept = fresh
    return fresh


def _cache(obj: Any, field: str, value: Any) -> None:
    """Set a foreign key's related object without a query (the id is already the same)."""
    type(obj)._meta.get_field(field).set_cached_value(obj, value)


def _load(now: int | None) -> Rows:
    regions = {r.pk: r for r in Region.objects.all()}
    for region in regions.values():
        if region.parent_id is not None:
            _cache(region, "parent", regions.get(region.parent_id))
    series = {s.pk: s for s in Series.objects.all()}
    titles = {t.pk: t for t in Title.objects.all()}
    specialties = {s.pk: s for s in Specialty.objects.all()}
    for title in titles.values():
        _cache(title, "series", series[title.series_id])
    for specialty in specialties.values():
        _cache(specialty, "series", series[specialty.series_id])
    committees: dict[int, ReviewCommittee] = {
        c.pk: c
        for c in ReviewCommittee.objects.prefetch_related(
            Prefetch("windows", queryset=ApplicationWindow.objects.all()),
            "contacts",
            "fee_rules",
            Prefetch(
                "chains",
                queryset=ReviewChain.objects.filter(is_current=True).prefetch_related("nodes"),
                to_attr="current_chains",
            ),
        )
    }
    departments = {d.pk: d for d in Department.objects.prefetch_related("contacts")}
    for committee in committees.values():
        _cache(committee, "region", regions[committee.region_id])
    for department in departments.values():
        _cache(department, "region", regions[department.region_id])
    eligibility: dict[tuple[int, int], list[EligibilityRule]] = {}
    for rule in EligibilityRule.objects.order_by("-year"):
        eligibility.setdefault((rule.series_id, rule.level), []).append(rule)
    return Rows(
        now,
        series,
        titles,
        specialties,
        regions,
        committees,
        departments,
        {key: tuple(rules) for key, rules in eligibility.items()},
    )


def eligibility_rule(ref: Rows, series_id: int, level: int, year: int) -> EligibilityRule | None:
    """As `catalog.rules.rule_for`, from the kept rows: the rule of `year`, else the latest
    earlier year's."""
    for rule in ref.eligibility.get((series_id, level), ()):
        if rule.year <= year:
            return rule
    return None


RECOMMENDERS = "_recommenders"


def attach_recommenders(units: list[BaseUnit], ref: Rows) -> None:
    """Each unit's recommending departments (the shared rows, in the departments' order), in
    one query for all the units."""
    through = BaseUnit.recommending_units.through
    chosen: dict[int, set[int]] = {}
    pairs = through.objects.filter(baseunit_id__in={u.pk for u in units}).values_list(
        "baseunit_id", "department_id"
    )
    for unit_id, department_id in pairs:
        chosen.setdefault(unit_id, set()).add(department_id)
    for unit in units:
        mine = chosen.get(unit.pk, set())
        setattr(unit, RECOMMENDERS, [d for pk, d in ref.departments.items() if pk in mine])


def recommenders(unit: BaseUnit) -> list[Department]:
    """The unit's recommending departments: attached with the page's rows, else read."""
    attached: list[Department] | None = getattr(unit, RECOMMENDERS, None)
    if attached is not None:
        return attached
    return list(unit.recommending_units.all())
