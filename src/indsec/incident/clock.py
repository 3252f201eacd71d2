"""Report due times, on the platform's one deadline engine (:mod:`indsec.clocks.clock`).

Minutes and hours run on the wall clock from detection, across midnight and weekends alike.
Working days follow the State Council calendar (the application's work calendar, a site file
over the builtin one) and, like every day-counted statutory period, fall due at the *end* of
the n-th working day after the plant's detection date: a report due "within 1 working day" of
a Friday-evening detection before the National Day week is on time until the end of the first
working day after the holiday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from indsec.clocks.clock import ClockRule, Unit, due_moment
from indsec.clocks.workdays import WorkCalendar
from indsec.incident.facts import Incident
from indsec.incident.tier_pack import REPORT_KINDS, Deadline, Tier


def rule(kind: str, deadline: Deadline) -> ClockRule:
    """The engine's rule for the ``kind`` report's ``deadline``."""
    return ClockRule(f"incident.{kind}", deadline.amount, Unit(deadline.unit))


def due_at(
    detected_at: datetime, deadline: Deadline, *, zone: tzinfo, work: WorkCalendar, kind: str
) -> datetime:
    """The last on-time moment of a report with ``deadline`` for an incident detected at
    ``detected_at`` (days counted in ``zone``, the plant's)."""
    return due_moment(rule(kind, deadline), detected_at, work=work, zone=zone)


@dataclass(frozen=True)
class Timer:
    """One report's clock: when due, when made, and its state at ``now``."""

    kind: str
    due: datetime
    reported_at: datetime | None
    state: str
    needs_review: bool

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "reported_at": self.reported_at.isoformat() if self.reported_at else None,
            "state": self.state,
            "needs_review": self.needs_review,
        }


def timers(
    incident: Incident, tier: Tier, zone: tzinfo, work: WorkCalendar, now: datetime
) -> list[Timer]:
    """The initial, follow-up and final report clocks of ``incident`` at ``now``."""
    found = []
    for kind in REPORT_KINDS:
        deadline = tier.deadlines.of(kind)
        due = due_at(incident.detected_at, deadline, zone=zone, work=work, kind=kind)
        made = incident.reported_at(kind)
        found.append(Timer(kind, due, made, _state(due, made, now), deadline.needs_review))
    return found


def _state(due: datetime, made: datetime | None, now: datetime) -> str:
    if made is not None:
        return "on_time" if made <= due else "late"
    return "overdue" if now > due else "pending"
