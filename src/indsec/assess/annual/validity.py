"""How long an annual risk assessment report is valid, and when to remind that it runs out.

The assessment rules make a report valid for one year counted from the date it is first issued
(regulation.md §5). A reissue of the same assessment (a corrected print, another language) keeps
the first issue date, so reprinting never extends the validity. The report is valid up to the
day before the anniversary; on the anniversary a new assessment is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Validity:
    """The validity of one report as seen on ``today``."""

    first_issued: date
    issued: date
    expires: date
    days_left: int
    reminder_due: bool

    @property
    def expired(self) -> bool:
        return self.days_left <= 0


def anniversary(day: date, years: int = 1) -> date:
    """The same day ``years`` later (earlier if negative); 29 February falls on 28 February of
    a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validity(
    *, issued: date, first_issued: date | None, today: date, reminder_days: int
) -> Validity:
    """The validity of a report issued on ``issued`` (first on ``first_issued``, if a reissue).

    ``days_left`` counts the days until the report expires (0 on the day it expires, negative
    after); a reminder is due from ``reminder_days`` before expiry, and stays due once expired.
    """
    first = issued if first_issued is None else min(first_issued, issued)
    expires = anniversary(first)
    days_left = (expires - today).days
    return Validity(first, issued, expires, days_left, days_left <= reminder_days)
