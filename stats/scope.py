"""What every figure of the 统计 page is made of: the scope, the filters, a figure's columns
and the formatting of its values (stats.figures draws the figures themselves)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from applications.models import Application, Status
from catalog.models import BusinessType, Level, Series
from orgs.models import Region
from orgs.regions import region_label

TOP = 10
MAX_DAYS = 400  # the daily figure never draws more than this many days

# The Application field each grouping counts by.
GROUP_FIELDS = {
    "region": "unit__region",
    "series": "series",
    "level": "level",
    "business_type": "business_type",
    "year": "year",
}
FILTER_FIELDS = {
    "year": "year",
    "region": "unit__region_id",
    "series": "series_id",
    "level": "level",
    "business_type": "business_type",
}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"  # text | int | rate | seconds | date


@dataclass
class Figure:
    key: str
    title: str
    definition: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None
    chart: SafeString | str = ""
    notes: list[str] = field(default_factory=list)
    # Shown instead of the table when the figure cannot be drawn (no year chosen).
    unavailable: str = ""

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as (text, is_number), for the page's table."""
        return [self.format_row(row) for row in self.rows]

    @property
    def display_total(self) -> list[tuple[str, bool]] | None:
        return self.format_row(self.total) if self.total is not None and self.rows else None

    def format_row(self, row: list[Any]) -> list[tuple[str, bool]]:
        return [
            (fmt(column.kind, value), column.kind not in ("text", "date"))
            for column, value in zip(self.columns, row, strict=True)
        ]


def fmt(kind: str, value: Any) -> str:
    """A cell as the page shows it."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "seconds":
        return human_duration(float(value))
    if kind == "date":
        return f"{value:%Y-%m-%d}"
    return str(value)


def human_duration(seconds: float) -> str:
    if seconds < 3600:
        return _("%(n)s 分钟") % {"n": f"{seconds / 60:.0f}"}
    if seconds < 2 * 86400:
        return _("%(n)s 小时") % {"n": f"{seconds / 3600:.1f}"}
    return _("%(n)s 天") % {"n": f"{seconds / 86400:.1f}"}


@dataclass(frozen=True)
class Lookups:
    """Labels and order of the grouping keys, from reference rows read once per page."""

    regions: dict[int, tuple[int, str]]
    series: dict[int, tuple[int, str]]

    @classmethod
    def build(cls, regions: Iterable[Region], series: Iterable[Series]) -> Lookups:
        return cls(
            regions={r.pk: (i, region_label(r)) for i, r in enumerate(regions)},
            series={s.pk: (i, s.name) for i, s in enumerate(series)},
        )

    def label(self, group: str, key: Any) -> str:
        if key is None:
            return _("（未填）")
        if group == "region":
            return self.regions.get(key, (0, _("其他地区")))[1]
        if group == "series":
            return self.series.get(key, (0, str(key)))[1]
        if group == "level":
            return str(dict(Level.choices).get(key, key))
        if group == "business_type":
            return str(dict(BusinessType.choices).get(key, key))
        return str(key)

    def order(self, group: str, key: Any) -> tuple[int, Any]:
        if group == "region":
            return (self.regions.get(key, (10_000, ""))[0], key or 0)
        if group == "series":
            return (self.series.get(key, (10_000, ""))[0], key or 0)
        if group == "business_type":
            return (list(BusinessType.values).index(key) if key in BusinessType.values else 99, 0)
        if group == "year":
            return (-(key or 0), 0)  # newest first
        return (key or 0, 0)


@dataclass(frozen=True)
class Scope:
    """What a figure is drawn from: the scoped applications with the valid filters applied."""

    applications: QuerySet[Application]
    group: str
    lookups: Lookups
    filters: dict[str, Any]
    now: datetime
    # Committee staff: their committee's windows are drawn even before anyone submits.
    committee_id: int | None = None


def apply_filters(apps: QuerySet[Application], filters: dict[str, Any]) -> QuerySet[Application]:
    for name, value in filters.items():
        apps = apps.filter(**{FILTER_FIELDS[name]: value})
    return apps


def grouped(scope: Scope, qs: QuerySet[Any], **aggregates: Any) -> list[dict[str, Any]]:
    """One GROUP BY query keyed `k` by the chosen grouping, rows in the reference order."""
    rows = list(
        qs.order_by().values(k=F(GROUP_FIELDS[scope.group])).annotate(**aggregates).order_by()
    )
    rows.sort(key=lambda r: scope.lookups.order(scope.group, r["k"]))
    return rows


def group_label(scope: Scope) -> str:
    return str(dict(group_names()).get(scope.group, scope.group))


def group_names() -> list[tuple[str, str]]:
    return [
        ("region", _("地区")),
        ("series", _("系列")),
        ("level", _("级别")),
        ("business_type", _("业务类型")),
        ("year", _("年度")),
    ]


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# 1. Applications by status -------------------------------------------------------------

STATUS_ORDER = [Status.DRAFT, Status.RETURNED, Status.IN_REVIEW, Status.PASSED]


def status_names() -> dict[str, str]:
    return {
        Status.DRAFT: _("申请人填写中"),
        Status.RETURNED: _("退回修改"),
        Status.IN_REVIEW: _("审核中"),
        Status.PASSED: _("通过形式审核"),
    }
