"""Working days as China counts them: National Day week off, the make-up Sunday worked."""

from __future__ import annotations

from datetime import date

import pytest

from indsec.clocks.workdays import add_working_days, is_working_day
from indsec.errors import ConfigError


def test_the_national_day_holiday_is_skipped_and_a_make_up_sunday_counts() -> None:
    assert not is_working_day(date(2026, 10, 1))
    assert is_working_day(date(2026, 1, 4)), "Sunday 4 January 2026 was a make-up workday"
    assert is_working_day(date(2026, 10, 10)), "Saturday 10 October 2026 was a make-up workday"
    # Tuesday 29 September 2026: Wed 30 Sep works, then 1-7 October are off, Thu 8 Oct works
    assert add_working_days(date(2026, 9, 29), 2) == date(2026, 10, 8)


def test_twenty_working_days_from_an_ordinary_monday_are_four_weeks() -> None:
    assert add_working_days(date(2026, 11, 2), 20) == date(2026, 11, 30)


def test_a_year_without_an_official_calendar_is_an_error_naming_it() -> None:
    with pytest.raises(ConfigError, match="2099"):
        add_working_days(date(2099, 3, 2), 1)
