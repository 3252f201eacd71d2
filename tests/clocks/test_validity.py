"""One validity rule for annual assessment reports: valid through the anniversary of the first
issue (Civil Code arts. 201-202), the same day on the enterprise's and the regulator's side."""

from __future__ import annotations

from datetime import date

import pytest

from indsec.clocks.validity import last_valid_day


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2025, 3, 10), date(2026, 3, 10)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2025, 12, 31), date(2026, 12, 31)),
    ],
)
def test_a_report_is_valid_through_the_anniversary_of_its_first_issue(
    first: date, last: date
) -> None:
    assert last_valid_day(first) == last
