"""The clock engine: working days in the regulator's timezone, calendar months clamped to the
month's end, a due day off rolled to the next working day, due at the end of the due day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from indsec.clocks.clock import ClockRule, Unit, add_months, start_clock
from indsec.clocks.workdays import load_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORK = load_calendar()
REVIEW = ClockRule("filing.review", 20, Unit.WORKING_DAYS)
REFILING = ClockRule("filing.refiling", 3, Unit.MONTHS, roll_to_working_day=True)


def due_day(rule: ClockRule, start: datetime) -> date:
    return start_clock("s", rule, start, work=WORK, zone=SHANGHAI).due_day(SHANGHAI)


def test_the_review_clock_starts_on_the_regulator_s_day_not_utc_s() -> None:
    # 23:59:59 on Tue 29 Sep in Shanghai is still the 29th; one second later is the 30th,
    # and the National Day week (1-7 Oct) is skipped either way
    assert due_day(REVIEW, datetime(2026, 9, 29, 15, 59, 59, tzinfo=UTC)) == date(2026, 11, 2)
    assert due_day(REVIEW, datetime(2026, 9, 29, 16, 0, 0, tzinfo=UTC)) == date(2026, 11, 3)


def test_a_clock_is_due_at_the_end_of_its_due_day_in_shanghai() -> None:
    clock = start_clock(
        "filing:1", REVIEW, datetime(2026, 11, 2, 1, tzinfo=UTC), work=WORK, zone=SHANGHAI
    )
    last_minute = datetime(2026, 11, 30, 23, 59, 59, tzinfo=SHANGHAI)
    assert clock.due_day(SHANGHAI) == date(2026, 11, 30)
    assert not clock.overdue(last_minute)
    assert clock.overdue(last_minute + timedelta(seconds=1))
    # 16:00 UTC on the 30th is already 00:00 on 1 December in Shanghai
    assert clock.overdue(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))


def test_a_submission_on_a_holiday_counts_from_the_next_working_day() -> None:
    # Thu 1 Oct 2026 (holiday): counted are Thu 8, Fri 9 and Sat 10 Oct (a make-up workday)
    assert due_day(ClockRule("r", 3, Unit.WORKING_DAYS), datetime(2026, 10, 1, 3, tzinfo=UTC)) == (
        date(2026, 10, 10)
    )


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2025, 3, 31), date(2025, 6, 30)),  # no 31 June: the month's last day
        (date(2023, 11, 30), date(2024, 2, 29)),  # leap year
        (date(2024, 11, 30), date(2025, 2, 28)),
        (date(2025, 1, 31), date(2025, 4, 30)),
        (date(2025, 10, 15), date(2026, 1, 15)),  # across the year
        (date(2025, 5, 31), date(2025, 8, 31)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_s_end(start: date, due: date) -> None:
    assert add_months(start, 3) == due


def test_a_re_filing_due_on_a_day_off_rolls_to_the_next_working_day() -> None:
    def refiling(local: datetime) -> date:
        return due_day(REFILING, local.replace(tzinfo=SHANGHAI))

    # 31 Aug 2025 + 3 months = Sun 30 Nov 2025 → Mon 1 Dec
    assert refiling(datetime(2025, 8, 31, 12)) == date(2025, 12, 1)
    # 30 Nov 2025 + 3 months = Sat 28 Feb 2026, a make-up workday: due that Saturday
    assert refiling(datetime(2025, 11, 30, 12)) == date(2026, 2, 28)
    # across midnight: 30 Jun 23:59 → Wed 30 Sep; 1 Jul 00:00 → 1 Oct, National Day → Thu 8 Oct
    assert refiling(datetime(2026, 6, 30, 23, 59)) == date(2026, 9, 30)
    assert refiling(datetime(2026, 7, 1, 0, 0)) == date(2026, 10, 8)


def test_hour_clocks_fall_due_at_an_instant_not_a_day_s_end() -> None:
    start = datetime(2026, 10, 1, 23, 30, tzinfo=SHANGHAI)
    clock = start_clock(
        "incident:7", ClockRule("incident.written", 1, Unit.HOURS), start, work=WORK, zone=SHANGHAI
    )
    assert clock.due == start + timedelta(hours=1)
    assert not clock.overdue(start + timedelta(hours=1))
    assert clock.overdue(start + timedelta(hours=1, microseconds=1))


def test_a_naive_start_or_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        start_clock("s", REVIEW, datetime(2026, 1, 5), work=WORK, zone=SHANGHAI)
    with pytest.raises(ValueError, match=">= 0"):
        ClockRule("bad", -1, Unit.CALENDAR_DAYS)
