"""Median and 90th percentile, computed in the database where it can.

PostgreSQL has the ordered-set aggregate `percentile_cont`; SQLite has none, so there one
ordered values query brings the durations back and `percentile_cont` below interpolates
exactly as PostgreSQL does (linear between the two nearest ranks). Either way one figure
is one query.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Aggregate,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Value,
)
from django.db.models.functions import Coalesce


class PercentileCont(Aggregate):
    """`percentile_cont(ARRAY[f1, f2, …]) WITHIN GROUP (ORDER BY expr)` (PostgreSQL).

    Several fractions in one aggregate share one sort of the group's values; the result is
    a list of floats in the order of `fractions`.
    """

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(ARRAY[%(fractions)s]::double precision[]) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fractions: Sequence[float], **extra: Any) -> None:
        if not fractions or not all(0 <= f <= 1 for f in fractions):
            raise ValueError("fractions must be within [0, 1]")
        # Literals written by us, never user input: rendered into the SQL as numbers.
        listed = ", ".join(repr(float(f)) for f in fractions)
        super().__init__(
            expression, fractions=listed, output_field=ArrayField(FloatField()), **extra
        )


class FirstItem(Func):
    """The first element of an SQL array (PostgreSQL arrays count from 1)."""

    template = "(%(expressions)s)[1]"
    output_field = FloatField()


class EpochSeconds(Func):
    """An interval as seconds (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::double precision"
    output_field = FloatField()


def wait_seconds(now: datetime) -> EpochSeconds:
    """How long a node visit waited: until it left, or until `now` while it still waits."""
    left = Coalesce(F("left_at"), Value(now, output_field=DateTimeField()))
    return EpochSeconds(ExpressionWrapper(left - F("arrived_at"), output_field=DurationField()))


def percentile_cont(ordered: Sequence[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont over values already sorted ascending."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
