"""Report due times: wall-clock minutes and hours, or Chinese working days, from detection.

Hours run on the wall clock, across midnight and weekends alike. Working days follow the State
Council calendar (:mod:`indsec.clocks.workdays`): the due time is the detection's local time of
day on the n-th working day after the local detection date, in the plant's zone, so a Friday
evening before the National Day week is due after the holiday, not on the Monday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from indsec.clocks.workdays import add_working_days
from indsec.incident.facts import Incident
from indsec.incident.tier_pack import REPORT_KINDS, Deadline, Tier


def due_at(detected_at: datetime, deadline: Deadline, zone: tzinfo) -> datetime:
    """When a report with ``deadline`` is due for an incident detected at ``detected_at``."""
    if deadline.unit == "minutes":
        return detected_at + timedelta(minutes=deadline.amount)
    if deadline.unit == "hours":
        return detected_at + timedelta(hours=deadline.amount)
    local = detected_at.astimezone(zone)
    day = add_working_days(local.date(), deadline.amount)
    return datetime.combine(day, local.timetz())


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


def timers(incident: Incident, tier: Tier, zone: tzinfo, now: datetime) -> list[Timer]:
    """The initial, follow-up and final report clocks of ``incident`` at ``now``."""
    found = []
    for kind in REPORT_KINDS:
        deadline = tier.deadlines.of(kind)
        due = due_at(incident.detected_at, deadline, zone)
        made = incident.reported_at(kind)
        found.append(Timer(kind, due, made, _state(due, made, now), deadline.needs_review))
    return found


def _state(due: datetime, made: datetime | None, now: datetime) -> str:
    if made is not None:
        return "on_time" if made <= due else "late"
    return "overdue" if now > due else "pending"
