"""Working days on China's official calendar: public holidays and make-up working days (调休).

公示 lasts at least five working days (《职称评审管理暂行规定》); a weekend, 国庆 or 春节 does not
count, and a Saturday declared a working day does. The official calendar comes from the pinned
`chinese_calendar` library; for a year it does not know yet, the caller passes that year's
holidays and make-up working days (a setting), and weekends count as rest days otherwise.
No Django here: the caller reads the setting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]


def as_dates(values: Iterable[date | str]) -> frozenset[date]:
    """ISO strings (a setting) or dates, as a set of dates."""
    return frozenset(
        v if isinstance(v, date) else date.fromisoformat(str(v).strip()) for v in values
    )


def is_workday(
    day: date,
    *,
    holidays: Iterable[date] = frozenset(),
    workdays: Iterable[date] = frozenset(),
) -> bool:
    """Whether `day` is an official working day.

    `holidays` and `workdays` (the setting) win over everything; then the library's calendar;
    for a year the library does not know, Monday to Friday.
    """
    if day in frozenset(holidays):
        return False
    if day in frozenset(workdays):
        return True
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def count_workdays(
    start: date,
    end: date,
    *,
    holidays: Iterable[date] = frozenset(),
    workdays: Iterable[date] = frozenset(),
) -> int:
    """Working days from `start` to `end`, both ends counted (0 when end < start)."""
    rest, work = frozenset(holidays), frozenset(workdays)
    n, day = 0, start
    while day <= end:
        n += is_workday(day, holidays=rest, workdays=work)
        day += timedelta(days=1)
    return n


def last_workday(
    start: date,
    n: int,
    *,
    holidays: Iterable[date] = frozenset(),
    workdays: Iterable[date] = frozenset(),
) -> date:
    """The day on which `n` working days counted from `start` (inclusive) are complete."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rest, work = frozenset(holidays), frozenset(workdays)
    day, seen = start, 0
    while True:
        if is_workday(day, holidays=rest, workdays=work):
            seen += 1
            if seen == n:
                return day
        day += timedelta(days=1)
