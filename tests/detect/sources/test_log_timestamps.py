"""Timestamps of every shape end up aware and in the plant's zone; converters type values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from indsec.detect.sources.converters import VALUE_CONVERTERS
from indsec.detect.sources.timezone import (
    NaiveMeaning,
    PlantClock,
    TimestampReader,
    timestamp_parser,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC8 = timezone(timedelta(hours=8))


FORMATS = [
    ("epoch", 1746490800.5, "utc", "2025-05-06T08:20:00.500000+08:00"),
    ("epoch", "1746490800", "utc", "2025-05-06T08:20:00+08:00"),
    ("epoch_ms", 1746490800500, "utc", "2025-05-06T08:20:00.500000+08:00"),
    ("iso8601", "2025-05-06T00:20:00Z", "local", "2025-05-06T08:20:00+08:00"),
    ("iso8601", "2025-05-06 00:31:07.412", "utc", "2025-05-06T08:31:07.412000+08:00"),
    ("iso8601", "2025-05-06 08:31:07", "local", "2025-05-06T08:31:07+08:00"),
    (
        "abbreviated_zone",
        "2025-05-06 09:00:01.120 CST",
        "local",
        "2025-05-06T09:00:01.120000+08:00",
    ),
    ("abbreviated_zone", "2025-05-06 01:00:01 UTC", "local", "2025-05-06T09:00:01+08:00"),
    ("abbreviated_zone", "2025-05-06 02:00:01 +09", "local", "2025-05-06T01:00:01+08:00"),
    ("%Y/%m/%d %H:%M:%S %z", "2025/05/06 08:10:00 +0800", "local", "2025-05-06T08:10:00+08:00"),
    ("%y%m%d %H:%M:%S", "250506  9:10:00", "local", "2025-05-06T09:10:00+08:00"),
    ("datetime", datetime(2025, 5, 6, 1, tzinfo=UTC), "local", "2025-05-06T09:00:00+08:00"),
]


@pytest.mark.parametrize(("name", "value", "naive", "expected"), FORMATS)
def test_formats_land_in_plant_time(
    name: str, value: Any, naive: NaiveMeaning, expected: str
) -> None:
    reader = TimestampReader(PlantClock(SHANGHAI), [name], naive)
    moment = reader.read(value)
    assert moment.isoformat() == expected
    assert moment.tzinfo is SHANGHAI


BAD_VALUES = [
    ("epoch", "yesterday"),
    ("iso8601", "06/05/2025"),
    ("abbreviated_zone", "not a time"),
    ("datetime", "2025-05-06"),
    ("%Y/%m/%d", "2025-05-06"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_unparsable_values_raise_value_error(name: str, value: Any) -> None:
    with pytest.raises(ValueError, match="unrecognised timestamp"):
        TimestampReader(PlantClock(SHANGHAI), [name], "local").read(value)


def test_reader_falls_back_through_formats_and_prefers_the_last_winner() -> None:
    reader = TimestampReader(PlantClock(UTC), ["epoch", "iso8601"], "utc")
    assert reader.read("2025-05-06T00:00:00") == datetime(2025, 5, 6, tzinfo=UTC)
    assert reader.read(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert reader.read("2025-05-06T00:00:01").second == 1


def test_unknown_format_name_is_a_plugin_error() -> None:
    with pytest.raises(Exception, match="unknown 'julian'"):
        timestamp_parser("julian")


CONVERSIONS = [
    ("int", "502", 502),
    ("int", 7, 7),
    ("float", "7.98", 7.98),
    ("bool", "True", True),
    ("bool", "1", True),
    ("bool", "是", True),
    ("bool", "否", False),
    ("bool", "false", False),
    ("bool", False, False),
    ("lower", "ACCEPTED", "accepted"),
    ("str", 12, "12"),
    ("timestamp", "2025/05/06 08:10:00 +0800", "2025-05-06T08:10:00+08:00"),
]


@pytest.mark.parametrize(("name", "value", "expected"), CONVERSIONS)
def test_converters(name: str, value: Any, expected: Any) -> None:
    timestamps = TimestampReader(PlantClock(SHANGHAI), ["%Y/%m/%d %H:%M:%S %z"], "local")
    converted = VALUE_CONVERTERS.get(name)(value, timestamps)
    assert converted == expected
    assert type(converted) is type(expected)


BAD_CONVERSIONS = [("int", "12a"), ("int", True), ("float", "n/a"), ("bool", "maybe")]


@pytest.mark.parametrize(("name", "value"), BAD_CONVERSIONS)
def test_converters_reject_values_that_do_not_fit(name: str, value: Any) -> None:
    timestamps = TimestampReader(PlantClock(UTC), ["iso8601"], "local")
    with pytest.raises(ValueError):
        VALUE_CONVERTERS.get(name)(value, timestamps)


ISO_TEXTS = [
    "2025-05-06 00:31:07.412",
    "2025-05-06T00:31:07",
    "2025-05-06T00:31",
    "20250506T003107",
    " 2025-05-06 00:31:07 ",
    "2025-05-06",
    "2025-05-06T00:31:07Z",
    "2025-05-06T00:31:07+08:00",
    "2025-05-06T00:31:07-0500",
    "2025-05-06T00:31:07+09",
]


@pytest.mark.parametrize("text", ISO_TEXTS)
@pytest.mark.parametrize(
    ("zone", "naive"), [(UTC, "utc"), (UTC, "local"), (SHANGHAI, "utc"), (SHANGHAI, "local")]
)
def test_iso_text_reads_as_parsing_then_giving_the_zone(
    text: str, zone: Any, naive: NaiveMeaning
) -> None:
    """Where naive times mean UTC the reader writes the offset onto the text before parsing
    (a faster path); the moment must be the one the plain parse and the clock give."""
    clock = PlantClock(zone)
    expected = clock.localise(datetime.fromisoformat(text.strip()), naive)
    moment = TimestampReader(clock, ["iso8601"], naive).read(text)
    assert (moment, moment.tzinfo) == (expected, expected.tzinfo)
    assert moment.isoformat() == expected.isoformat()
