"""Report due times at their edges: across midnight, on working days, around holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from indsec.incident.clock import _state, due_at
from indsec.incident.tier_pack import Deadline

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _deadline(amount: int, unit: str) -> Deadline:
    return Deadline(amount=amount, unit=unit, confidence="U", needs_review=True)  # type: ignore[arg-type]


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
    assert due_at(at(detected), _deadline(amount, unit), SHANGHAI) == at(due)


@pytest.mark.parametrize(
    ("detected", "days", "due"),
    [
        # Tuesday 30 Sep 2025, the last working day before the National Day week (1-8 Oct)
        ("2025-09-30 18:00", 1, "2025-10-09 18:00"),
        # Friday 26 Sep 2025: Saturday off, Sunday 28 Sep a make-up working day (调休)
        ("2025-09-26 17:00", 1, "2025-09-28 17:00"),
        ("2025-09-26 17:00", 3, "2025-09-30 17:00"),
        ("2025-09-26 17:00", 4, "2025-10-09 17:00"),
        # Saturday 11 Oct 2025 is a make-up working day after the holiday
        ("2025-10-10 09:00", 1, "2025-10-11 09:00"),
        # an ordinary Friday: next working day is Monday
        ("2026-03-13 23:30", 1, "2026-03-16 23:30"),
        # detected on a holiday: the first working day after it counts as one
        ("2025-10-03 10:00", 1, "2025-10-09 10:00"),
        ("2026-03-10 08:00", 0, "2026-03-10 08:00"),
    ],
)
def test_working_days_follow_the_chinese_calendar(detected: str, days: int, due: str) -> None:
    assert due_at(at(detected), _deadline(days, "working_days"), SHANGHAI) == at(due)


def test_working_days_count_the_plants_date_not_utcs() -> None:
    """23:30 on Tuesday 30 Sep in Shanghai is 15:30 UTC the same day; 00:30 on Wed 1 Oct in
    Shanghai is still 30 Sep in UTC, but the plant's date is a holiday."""
    before = datetime(2025, 9, 30, 15, 30, tzinfo=UTC)
    after = datetime(2025, 9, 30, 16, 30, tzinfo=UTC)
    one = _deadline(1, "working_days")
    assert due_at(before, one, SHANGHAI) == at("2025-10-09 23:30")
    assert due_at(after, one, SHANGHAI) == at("2025-10-09 00:30")


def test_timer_states_at_the_due_time() -> None:
    due = at("2026-03-11 00:30")
    tick = timedelta(microseconds=1)
    assert _state(due, due, due + tick) == "on_time"
    assert _state(due, due + tick, due + tick) == "late"
    assert _state(due, None, due) == "pending"
    assert _state(due, None, due + tick) == "overdue"
