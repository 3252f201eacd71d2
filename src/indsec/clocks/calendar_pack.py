"""The calendar pack: official holidays and make-up workdays that override ``chinesecalendar``.

The State Council publishes next year's arrangement (国务院办公厅关于部分节假日安排的通知)
each autumn, often before a ``chinesecalendar`` release carries it, and a regulator's clocks
cannot wait for a package upgrade. A year listed here is covered even where the package is
not: its listed days are as listed, every other day follows the week (Monday to Friday work).
A day listed for a year the package covers overrides the package for that day only.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from pydantic import Field

from indsec.rules.base import StrictModel
from indsec.rules.pack import RulePack, read_pack

CALENDAR_PACK = Path(__file__).parent / "packs" / "calendar.yaml"


class CalendarYear(StrictModel):
    """One year's arrangement: days off (holidays) and weekend days worked (调休上班)."""

    source: str = Field(min_length=1, description="the notice this year's days come from")
    needs_review: bool = False
    holidays: list[date] = Field(default_factory=list)
    workdays: list[date] = Field(default_factory=list)


class CalendarPack(RulePack):
    """Years of holiday arrangements, checked for days outside their year or listed twice."""

    years: dict[int, CalendarYear] = Field(default_factory=dict)
    needs_review: list[str] = Field(default_factory=list)

    def check(self) -> list[str]:
        problems = []
        for year, arrangement in sorted(self.years.items()):
            days = [*arrangement.holidays, *arrangement.workdays]
            problems += [f"{year}: {day} is not in {year}" for day in days if day.year != year]
            problems += [
                f"{year}: {day} is listed twice (or both off and worked)"
                for day in sorted({d for d in days if days.count(d) > 1})
            ]
        return problems

    def days(self) -> dict[date, bool]:
        """Every listed day → whether it is a working day."""
        listed = {}
        for arrangement in self.years.values():
            listed.update(dict.fromkeys(arrangement.holidays, False))
            listed.update(dict.fromkeys(arrangement.workdays, True))
        return listed


def read_calendar_pack(path: Path) -> CalendarPack:
    """Load and validate the calendar pack at ``path`` (problems located, all at once)."""
    return read_pack(path, CalendarPack)


@cache
def builtin_calendar_pack() -> CalendarPack:
    """The calendar pack shipped with indsec, read once per process."""
    return read_calendar_pack(CALENDAR_PACK)
