"""The 继续教育 requirement checked before an application is submitted."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from training.models import TrainingRecord, TrainingRule


def confirmed_hours(applicant_id: int, years: Sequence[int]) -> dict[int, Decimal]:
    """Hours the base unit confirmed for an applicant, per year (one query; a year with none
    is absent)."""
    rows = (
        TrainingRecord.objects.filter(
            applicant_id=applicant_id,
            year__in=list(years),
            status=TrainingRecord.Status.CONFIRMED,
        )
        .order_by()
        .values_list("year")
        .annotate(total=Sum("hours"))
        .values_list("year", "total")
    )
    return {year: total or Decimal(0) for year, total in rows}


def missing(applicant_id: int, series_id: int, year: int) -> list[str]:
    """Years before `year` whose confirmed hours fall short of the series' rule.

    Each entry is a sentence for the applicant; empty when the series has no rule.
    """
    # One rule a series (one-to-one): no ordering, so no join for the listing's order.
    rule = TrainingRule.objects.filter(series_id=series_id).order_by().first()
    return shortfall(applicant_id, rule, year)


def shortfall(applicant_id: int, rule: TrainingRule | None, year: int) -> list[str]:
    """As `missing`, with the series' rule already read (None: the series has none)."""
    if rule is None:
        return []
    years = list(range(year - rule.years, year))
    totals = confirmed_hours(applicant_id, years)
    need = Decimal(rule.hours_per_year)
    short = []
    for each in years:
        have = totals.get(each) or Decimal(0)
        if have < need:
            short.append(
                _("%(year)d 年已确认 %(have)s 学时，应不少于 %(need)s 学时")
                % {"year": each, "have": f"{have.normalize():f}", "need": need}
            )
    return short
