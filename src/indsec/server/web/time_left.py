"""How long until a deadline, or how long past it, as pages show it next to the due time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Left:
    """Whole days, hours and minutes between now and a deadline; ``overdue`` once past it."""

    overdue: bool
    days: int
    hours: int
    minutes: int


def time_left(due: datetime, now: datetime) -> Left:
    seconds = int((due - now).total_seconds())
    span = abs(seconds)
    return Left(seconds < 0, span // 86_400, span % 86_400 // 3600, span % 3600 // 60)
