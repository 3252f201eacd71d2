"""The intake's pure parts: the review clock in Beijing time, scale as stated, the digest."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from indsec.supervision.filing_types import FiledDocument
from indsec.supervision.intake import digest, review_due, scale, stated_number


def test_the_review_is_due_20_working_days_after_the_day_in_beijing() -> None:
    # the make-up Saturday 10 Oct 2026 is a working day; 8 Oct 20:00 UTC is 9 Oct in Beijing
    due, note = review_due(datetime(2026, 10, 8, 10, 0, tzinfo=UTC), 20)
    assert (due, note) == (date(2026, 11, 4), None)
    next_day_in_beijing, _ = review_due(datetime(2026, 10, 8, 20, 0, tzinfo=UTC), 20)
    assert next_day_in_beijing == date(2026, 11, 5)
    over_the_holiday, _ = review_due(datetime(2026, 9, 30, 2, 0, tzinfo=UTC), 20)
    assert over_the_holiday == date(2026, 11, 3)  # 1–7 Oct do not count


def test_a_due_date_past_the_official_calendar_is_an_estimate_said_so() -> None:
    due, note = review_due(datetime(2026, 12, 7, 2, 0, tzinfo=UTC), 20)
    assert due == date(2027, 1, 4)  # Monday to Friday: 24 Dec … 4 Jan
    assert note is not None and "2027" in note


@pytest.mark.parametrize(
    ("text", "number"),
    [("12,345 字节（12.1 KiB）", 12345), ("1200", 1200), ("待填写", None), ("", None)],
)
def test_scale_cells_state_their_leading_number(text: str, number: int | None) -> None:
    assert stated_number(text) == number


def _document(records: list[dict[str, str]]) -> FiledDocument:
    columns = [("category", "c"), ("scale_records", "r"), ("scale_bytes", "b")]
    return FiledDocument("U", "N", None, 1, "zh", "T", columns, records)


def test_scale_sums_records_and_storage_per_category() -> None:
    records = [
        {"category": "生产", "scale_records": "10", "scale_bytes": "2,048 字节（2.0 KiB）"},
        {"category": "生产", "scale_records": "5", "scale_bytes": "待填写"},
        {"category": "经营", "scale_records": "7", "scale_bytes": "100 字节"},
    ]
    assert scale(_document(records)) == {
        "生产": {"assets": 2, "records": 15, "bytes": 2048, "unstated": 1},
        "经营": {"assets": 1, "records": 7, "bytes": 100, "unstated": 0},
    }


def test_the_digest_ignores_layout_but_not_content() -> None:
    a = _document([{"category": "x", "scale_records": "1", "scale_bytes": "1"}])
    reordered = _document([{"scale_bytes": "1", "category": "x", "scale_records": "1"}])
    changed = _document([{"category": "x", "scale_records": "2", "scale_bytes": "1"}])
    assert digest(a) == digest(reordered) != digest(changed)
