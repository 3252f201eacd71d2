"""Report due times at their edges: across midnight, on working days, around holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from indsec.clocks.workdays import WorkCalendar, load_calendar
from indsec.incident.clock import _state, due_at
from indsec.incident.tier_pack import Deadline

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORK = load_calendar()
END = "23:59:59.999999"


def _deadline(amount: int, unit: str) -> Deadline:
    return Deadline(amount=amount, unit=unit, confidence="U", needs_review=True)  # type: ignore[arg-type]


def _where(work: WorkCalendar = WORK) -> dict[str, object]:
    return {"zone": SHANGHAI, "work": work, "kind": "initial"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("detected", "amount", "unit", "due"),
    [
        ("2026-03-10 23:30", 1, "hours", "2026-03-11 00:30"),  # across midnight
        ("2026-03-10 23:59", 1, "minutes", "2026-03-11 00:00"),
        ("2026-03-13 23:30", 30, "minutes", "2026-03-14 00:00"),  # into a Saturday: wall clock
        ("2025-12-31 23:30", 1, "hours", "2026-01-01 00:30"),  # into a holiday and a new year
        ("2026-03-10 00:00", 24, "hours", "2026-03-11 00:00"),
    ],
)
def test_hours_and_minutes_run_on_the_wall_clock(
    detected: str, amount: int, unit: str, due: str
) -> None:
    assert due_at(at(detected), _deadline(amount, unit), **_where()) == at(due)


@pytest.mark.parametrize(
    ("detected", "days", "due_day"),
    [
        # Tuesday 30 Sep 2025, the last working day before the National Day week (1-8 Oct)
        ("2025-09-30 18:00", 1, "2025-10-09"),
        # Friday 26 Sep 2025: Saturday off, Sunday 28 Sep a make-up working day (调休)
        ("2025-09-26 17:00", 1, "2025-09-28"),
        ("2025-09-26 17:00", 3, "2025-09-30"),
        ("2025-09-26 17:00", 4, "2025-10-09"),
        # Saturday 11 Oct 2025 is a make-up working day after the holiday
        ("2025-10-10 09:00", 1, "2025-10-11"),
        # an ordinary Friday: next working day is Monday
        ("2026-03-13 23:30", 1, "2026-03-16"),
        # detected on a holiday: the first working day after it counts as one
        ("2025-10-03 10:00", 1, "2025-10-09"),
        # zero working days: the end of the detection day itself, even a holiday
        ("2026-03-10 08:00", 0, "2026-03-10"),
        ("2025-10-03 10:00", 0, "2025-10-03"),
        # detected one minute before midnight: the day of detection is still the start day
        ("2026-03-10 23:59", 1, "2026-03-11"),
        ("2026-03-11 00:00", 1, "2026-03-12"),
    ],
)
def test_working_days_end_at_the_end_of_the_due_day(detected: str, days: int, due_day: str) -> None:
    """The generic engine's rule: a day-counted period ends at the end of its last day."""
    due = due_at(at(detected), _deadline(days, "working_days"), **_where())
    assert due == at(f"{due_day} {END}")


def test_a_report_at_the_due_days_last_moment_is_on_time_and_a_tick_later_late() -> None:
    due = due_at(at("2025-09-30 18:00"), _deadline(1, "working_days"), **_where())
    tick = timedelta(microseconds=1)
    assert _state(due, at(f"2025-10-09 {END}"), due + tick) == "on_time"
    assert _state(due, at("2025-10-10 00:00"), due + tick) == "late"


def test_working_days_count_the_plants_date_not_utcs() -> None:
    """23:30 on Tuesday 30 Sep in Shanghai is 15:30 UTC the same day; 00:30 on Wed 1 Oct in
    Shanghai is still 30 Sep in UTC, but the plant's date is a holiday: both fall due at the
    end of 9 Oct, but a UTC count would have put the first on 1 Oct."""
    before = datetime(2025, 9, 30, 15, 30, tzinfo=UTC)
    after = datetime(2025, 9, 30, 16, 30, tzinfo=UTC)
    one, two = _deadline(1, "working_days"), _deadline(2, "working_days")
    assert due_at(before, one, **_where()) == at(f"2025-10-09 {END}")
    assert due_at(after, one, **_where()) == at(f"2025-10-09 {END}")
    assert due_at(before, two, **_where()) == at(f"2025-10-10 {END}")
    assert due_at(after, two, **_where()) == at(f"2025-10-10 {END}")
    # the day before the holiday in Shanghai is a working day, so 1 working day from it is 9 Oct
    assert due_at(at("2025-09-29 23:30"), one, **_where()) == at(f"2025-09-30 {END}")


def test_working_days_follow_the_sites_calendar_file_over_the_builtin_one(tmp_path: Path) -> None:
    """A holiday the site declares (its calendar file over the builtin calendar) moves the due
    day: 1 working day from Friday 13 Mar 2026 is Monday 16, or Tuesday 17 if 16 is off."""
    site = tmp_path / "calendar.yaml"
    site.write_text(
        'pack:\n  id: site.calendar\n  kind: calendar\n  version: "1"\n'
        'years:\n  2026:\n    source: "site notice"\n    holidays: [2026-03-16]\n',
        encoding="utf-8",
    )
    one = _deadline(1, "working_days")
    assert due_at(at("2026-03-13 10:00"), one, **_where()) == at(f"2026-03-16 {END}")
    sited = _where(load_calendar(site))
    assert due_at(at("2026-03-13 10:00"), one, **sited) == at(f"2026-03-17 {END}")


def test_timer_states_at_the_due_time() -> None:
    due = at("2026-03-11 00:30")
    tick = timedelta(microseconds=1)
    assert _state(due, due, due + tick) == "on_time"
    assert _state(due, due + tick, due + tick) == "late"
    assert _state(due, None, due) == "pending"
    assert _state(due, None, due + tick) == "overdue"
