"""The demo's fixed calendar: every date and timestamp derives from these, never from the clock.

The demo is "as of" the day the Implementation Plan was announced, so a regenerated demo is
byte-identical and screenshots, tests and documentation agree.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

AS_OF = datetime(2024, 2, 26, 9, 0, 0)
"""The demo's "now" (local time, Asia/Shanghai)."""

HISTORY_START = date(2023, 1, 1)
"""First day of the operational history (orders, output, energy, maintenance)."""

HISTORY_END = date(2024, 2, 25)
"""Last full day of the operational history."""

SENSOR_START = datetime(2024, 2, 19, 0, 0, 0)
"""First sample of the sensor time series."""


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day in ``[start, end]``."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def random_moment(rng: random.Random, start: date, end: date) -> datetime:
    """A second within the working hours (07:00–22:59) of a day in ``[start, end]``."""
    day = random_date(rng, start, end)
    return datetime(
        day.year, day.month, day.day, rng.randint(7, 22), rng.randrange(60), rng.randrange(60)
    )


def history_days() -> list[date]:
    """Every day of the operational history, in order."""
    return [
        HISTORY_START + timedelta(days=n) for n in range((HISTORY_END - HISTORY_START).days + 1)
    ]


def stamp(moment: datetime) -> str:
    """The text form the MES uses for timestamps: ``2024-02-26 09:00:00``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")
