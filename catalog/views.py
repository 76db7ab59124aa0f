"""Public catalogue pages: 任职资格条件 (qualification conditions), readable without signing in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from catalog.models import QualificationCondition, Series, Title
from catalog.rules import describe, rule_for, rule_template, slots_of


def _published_conditions() -> Any:
    return QualificationCondition.objects.select_related("series").filter(series__is_active=True)


def conditions(request: HttpRequest) -> HttpResponse:
    """Every series' conditions by level; `?series=<code>` narrows the list to one series.

    One query whatever the number of rows: the series filter is built from the same rows.
    """
    rows = list(_published_conditions().order_by("series__sort_order", "series__code", "level"))
    series_options: list[Series] = []
    for row in rows:
        if not series_options or series_options[-1].pk != row.series_id:
            series_options.append(row.series)
    selected = request.GET.get("series", "")
    if selected:
        rows = [row for row in rows if row.series.code == selected]
    return render(
        request,
        "catalog/conditions.html",
        {"conditions": rows, "series_options": series_options, "selected": selected},
    )


def condition(request: HttpRequest, pk: int) -> HttpResponse:
    """One series and level: the titles it leads to and the full text of the conditions."""
    item = get_object_or_404(_published_conditions(), pk=pk)
    titles = Title.objects.filter(series_id=item.series_id, level=item.level)
    others = (
        QualificationCondition.objects.filter(series_id=item.series_id)
        .exclude(pk=item.pk)
        .order_by("level")
    )
    year = timezone.localdate().year
    rule = rule_for(item.series_id, item.level, year)
    rule_lines: list[str] = []
    if rule is not None:
        template = rule_template(item.series_id, year)  # the form applicants use this year
        labels = {s.key: s.label for s in slots_of(template.pk if template else None)}
        rule_lines = describe(rule, labels)
    return render(
        request,
        "catalog/condition.html",
        {
            "condition": item,
            "titles": titles,
            "others": others,
            "rule": rule,
            "rule_lines": rule_lines,
        },
    )
