"""Statutory clocks: a subject, a start, a rule, and the moment after which it is late.

One engine for every deadline the platform keeps: a filing's review (20 working days), an
enterprise's re-filing after a major change (3 months), an incident's reports (minutes and
hours). Day-counted rules are kept in the regulator's timezone and fall due at the *end* of
the due day, as a deadline "within N days" is read: a filing reviewed at 23:59 on its due day
is on time, one reviewed at 00:00 the next day is late.

How periods are counted follows the Civil Code (民法典) arts. 201-203:

- the start day itself never counts (art. 201): N days after Monday ends on Monday + N;
- months are calendar months ending on the corresponding day of the due month; a due month
  without that day ends on its last day (art. 202): 3 months from 30 November end on the last
  day of February, 3 months from 31 March on 30 June;
- a period whose last day is a day off ends on the next working day (art. 203), where the rule
  asks for it (``roll_to_working_day``).
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from indsec.clocks.workdays import WorkCalendar


class Unit(StrEnum):
    """What a rule counts."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    HOURS = "hours"
    MINUTES = "minutes"


DAY_UNITS = frozenset({Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS})
"""Units that end at the end of a day in the regulator's timezone (the others at an instant)."""


@dataclass(frozen=True, slots=True)
class ClockRule:
    """How a due moment follows from a start: ``amount`` ``unit`` later."""

    id: str
    amount: int
    unit: Unit
    roll_to_working_day: bool = False

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"clock rule {self.id}: amount must be >= 0, not {self.amount}")


@dataclass(frozen=True, slots=True)
class Clock:
    """One running deadline: ``due`` is the last moment that is still on time."""

    subject: str
    rule: ClockRule
    start: datetime
    due: datetime

    def due_day(self, zone: tzinfo) -> date:
        """The day the clock falls due, in ``zone``."""
        return self.due.astimezone(zone).date()

    def overdue(self, now: datetime) -> bool:
        return now > self.due


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` calendar months later, clamped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """The last moment of ``day`` in ``zone``."""
    return datetime.combine(day, time.max, tzinfo=zone)


def _due_day(rule: ClockRule, start: date, work: WorkCalendar) -> date:
    if rule.unit is Unit.WORKING_DAYS:
        return work.add_working_days(start, rule.amount)
    if rule.unit is Unit.MONTHS:
        day = add_months(start, rule.amount)
    else:
        day = start + timedelta(days=rule.amount)
    return work.working_day_from(day) if rule.roll_to_working_day else day


def due_moment(rule: ClockRule, start: datetime, *, work: WorkCalendar, zone: tzinfo) -> datetime:
    """The last on-time moment of ``rule`` started at ``start`` (an aware datetime)."""
    if start.tzinfo is None:
        raise ValueError("a clock starts at an aware datetime (with its timezone)")
    if rule.unit is Unit.HOURS:
        return start + timedelta(hours=rule.amount)
    if rule.unit is Unit.MINUTES:
        return start + timedelta(minutes=rule.amount)
    return end_of_day(_due_day(rule, start.astimezone(zone).date(), work), zone)


def start_clock(
    subject: str, rule: ClockRule, start: datetime, *, work: WorkCalendar, zone: tzinfo
) -> Clock:
    """The clock of ``rule`` on ``subject``, started at ``start``."""
    return Clock(subject, rule, start, due_moment(rule, start, work=work, zone=zone))
