"""The validity of an issued annual report as the enterprise sees it, and when to remind.

How long a report is valid is one rule shared with the regulator
(:mod:`indsec.clocks.validity`: through the anniversary of its first issue). A reissue of the
same assessment (a corrected print, another language) keeps the first issue date, so reprinting
never extends the validity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from indsec.clocks.validity import last_valid_day


@dataclass(frozen=True)
class Validity:
    """The validity of one report as seen on ``today``."""

    first_issued: date
    issued: date
    valid_until: date
    days_left: int
    reminder_due: bool

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def validity(
    *, issued: date, first_issued: date | None, today: date, reminder_days: int
) -> Validity:
    """The validity of a report issued on ``issued`` (first on ``first_issued``, if a reissue).

    ``days_left`` counts the days the report stays valid after ``today`` (0 on its last valid
    day, negative once expired); a reminder is due from ``reminder_days`` before that last day,
    and stays due once expired.
    """
    first = issued if first_issued is None else min(first_issued, issued)
    until = last_valid_day(first)
    days_left = (until - today).days
    return Validity(first, issued, until, days_left, days_left <= reminder_days)
