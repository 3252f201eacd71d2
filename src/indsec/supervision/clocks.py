"""The filing clocks: a filing's review, and an enterprise's re-filing after a major change.

**Review**: the regulator reviews a filing within the filing pack's working days (20) of its
submission; the clock runs while the filing is neither accepted nor returned, and its due day
is the row's ``review_due`` (set at intake from :func:`review_clock`).

**Re-filing**: a change of 30 % or more in the record count or storage of any filed category
(or a category filed or dropped) is a major change, to be filed within 3 months. The regulator
sees scale only in filings, so each version an enterprise submits after its last accepted
filing is compared with that accepted filing; the first version showing a major change starts
the clock on its submission day. The clock stops when a filing is accepted again (which
becomes the new baseline). Its due day is 3 calendar months later, clamped to the month's end,
and a due day off moves to the next working day (Civil Code arts. 201-203, ``indsec.clocks``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.clocks.clock import Clock, ClockRule, Unit, start_clock
from indsec.model.filing import major_scale_changes
from indsec.store.moments import aware
from indsec.store.tables import FilingRow

ACCEPTED = "accepted"
RETURNED = "returned"
REVIEW_STOPPED = frozenset({ACCEPTED, RETURNED})
"""Workflow states in which no review is pending (every other state keeps the clock running)."""


class FilingVersion(Protocol):
    """What the clocks read of a filing version (a row of :data:`VERSION_COLUMNS`)."""

    id: int
    uscc: str
    enterprise_name: str
    region_code: str
    version: int
    status: str
    scale: dict[str, Any]
    submitted_at: datetime
    review_due: date


VERSION_COLUMNS = (
    FilingRow.id,
    FilingRow.uscc,
    FilingRow.enterprise_name,
    FilingRow.region_code,
    FilingRow.version,
    FilingRow.status,
    FilingRow.scale,
    FilingRow.submitted_at,
    FilingRow.review_due,
)
"""The columns the clocks need, read without the filed document (the bulk of a row)."""


def review_rule(pack: FilingPack) -> ClockRule:
    return ClockRule("filing.review", pack.review_working_days, Unit.WORKING_DAYS)


def refiling_rule(pack: FilingPack) -> ClockRule:
    return ClockRule("filing.refiling", pack.refiling_months, Unit.MONTHS, True)


def review_clock(*, app: AppContext, filing_id: int, submitted_at: datetime) -> Clock:
    """The review clock of a filing submitted at ``submitted_at`` (intake stores its due day)."""
    rule = review_rule(app.packs.one(FilingPack))
    return start_clock(
        f"filing:{filing_id}", rule, submitted_at, work=app.work_calendar, zone=app.zone
    )


@dataclass(frozen=True, slots=True)
class RefilingTrigger:
    """The version that showed a major change against the last accepted filing."""

    baseline: FilingVersion
    changed: FilingVersion
    categories: list[str]


def refiling_trigger(versions: Sequence[FilingVersion], threshold: float) -> RefilingTrigger | None:
    """The re-filing an enterprise owes, from its versions in version order (None: none)."""
    accepted = [v for v in versions if v.status == ACCEPTED]
    if not accepted:
        return None
    baseline = accepted[-1]
    for version in versions:
        if version.version <= baseline.version:
            continue
        categories = major_scale_changes(baseline.scale, version.scale, threshold=threshold)
        if categories:
            return RefilingTrigger(baseline, version, categories)
    return None


def refiling_clock(*, app: AppContext, trigger: RefilingTrigger) -> Clock:
    """The re-filing clock a trigger starts (the calendar may not cover its due year yet)."""
    rule = refiling_rule(app.packs.one(FilingPack))
    start = aware(trigger.changed.submitted_at)
    subject = f"enterprise:{trigger.changed.uscc}"
    return start_clock(subject, rule, start, work=app.work_calendar, zone=app.zone)
