"""Chinese working days: the official holidays and the make-up workdays around them.

Filing reviews (20 working days) and incident reports are counted in working days, and a
weekend in China is sometimes a working day (调休). The State Council's calendar comes from the
maintained ``chinesecalendar`` package; a year it does not cover yet is an error naming the
year, never a silent guess of Monday to Friday.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from indsec.errors import ConfigError


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise ConfigError(
            f"no official holiday calendar for {day.year} (chinesecalendar covers: {exc})"
        ) from exc


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
    if days < 0:
        raise ValueError(f"days must be >= 0, not {days}")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
