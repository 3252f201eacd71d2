"""Chinese working days: the official holidays and the make-up workdays around them.

Filing reviews (20 working days) and incident reports are counted in working days, and a
weekend in China is sometimes a working day (调休). The State Council's calendar comes from the
maintained ``chinesecalendar`` package, overridden and extended by calendar packs (the builtin
one and a site file), so next year's arrangement can be added the day it is published. A year
covered by neither is an error naming the year, never a silent guess of Monday to Friday.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar

from indsec.clocks.calendar_pack import CalendarPack, builtin_calendar_pack, read_calendar_pack
from indsec.errors import ConfigError


class WorkCalendar:
    """``chinesecalendar`` under the days and years of some calendar packs (later packs win)."""

    def __init__(self, packs: Iterable[CalendarPack]) -> None:
        self._days: dict[date, bool] = {}
        self._years: set[int] = set()
        for pack in packs:
            self._days.update(pack.days())
            self._years.update(pack.years)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day in mainland China (remembered once answered: the
        package scans its whole table to validate each date it is asked about)."""
        if day not in self._days:
            self._days[day] = self._from_package(day)
        return self._days[day]

    def _from_package(self, day: date) -> bool:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:
            if day.year in self._years:
                return day.weekday() < 5
            raise ConfigError(
                f"no official holiday calendar for {day.year}: chinesecalendar covers "
                f"{exc}; add {day.year} to a calendar file (INDSEC_CALENDAR_FILE)"
            ) from exc

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
        if days < 0:
            raise ValueError(f"days must be >= 0, not {days}")
        day = start
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_day_from(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)


def load_calendar(site_file: Path | None = None) -> WorkCalendar:
    """The builtin calendar, with the site's calendar file (if any) over it."""
    packs = [builtin_calendar_pack()]
    if site_file is not None:
        packs.append(read_calendar_pack(site_file))
    return WorkCalendar(packs)


@cache
def _builtin() -> WorkCalendar:
    return load_calendar()


def is_working_day(day: date, *, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``day`` is a working day (on the builtin calendar unless one is given)."""
    return (calendar or _builtin()).is_working_day(day)


def add_working_days(start: date, days: int, *, calendar: WorkCalendar | None = None) -> date:
    """The ``days``-th working day after ``start`` (builtin calendar unless one is given)."""
    return (calendar or _builtin()).add_working_days(start, days)
