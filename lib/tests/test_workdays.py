"""Working days on the official calendar: 国庆 2026, make-up working days, unknown years."""

from __future__ import annotations

from datetime import date

import pytest

from lib.workdays import as_dates, count_workdays, is_workday, last_workday


def test_national_day_2026_is_not_counted() -> None:
    # chinese_calendar 1.11.0, the 2026 official calendar: 1–7 October off (国庆 with 中秋's
    # arrangement), 20 September (Sunday) and 10 October (Saturday) are working days.
    assert not any(is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert is_workday(date(2026, 10, 8))
    assert is_workday(date(2026, 9, 20)) and is_workday(date(2026, 10, 10))
    assert not is_workday(date(2026, 10, 11))


def test_five_working_days_from_30_september_2026_end_on_12_october() -> None:
    assert count_workdays(date(2026, 9, 30), date(2026, 10, 8)) == 2
    assert last_workday(date(2026, 9, 30), 5) == date(2026, 10, 12)
    # 30 Sep, 8, 9, 10 (a Saturday worked), 12 October.
    assert count_workdays(date(2026, 9, 30), date(2026, 10, 12)) == 5


def test_a_plain_week() -> None:
    assert count_workdays(date(2026, 11, 2), date(2026, 11, 6)) == 5
    assert count_workdays(date(2026, 11, 6), date(2026, 11, 2)) == 0


def test_a_year_the_library_does_not_know_uses_the_setting_and_weekdays() -> None:
    holidays = as_dates(["2027-01-01"])
    workdays = as_dates(["2027-01-09"])  # a Saturday
    assert not is_workday(date(2027, 1, 1), holidays=holidays, workdays=workdays)
    assert is_workday(date(2027, 1, 9), holidays=holidays, workdays=workdays)
    assert not is_workday(date(2027, 1, 10))
    assert is_workday(date(2027, 1, 4))


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        last_workday(date(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        as_dates(["2026-13-01"])
