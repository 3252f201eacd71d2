"""Sampled values as bounded text, and reservoir sampling."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from indsec.discover.formats.values import (
    MAX_VALUE_CHARS,
    Reservoir,
    cell_text,
    columns_from_records,
    columns_from_rows,
    header_names,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张伟", "张伟"),
        ("  padded\t", "padded"),
        (42, "42"),
        (Decimal("180.50"), "180.50"),
        (0.85, "0.85"),
        (True, "True"),
        (datetime(2024, 5, 1, 8, 30), "2024-05-01T08:30:00"),
        (date(2024, 5, 1), "2024-05-01"),
        (time(8, 30), "08:30:00"),
        ({"温度": 180, "单位": "℃"}, '{"温度": 180, "单位": "℃"}'),
        ([1, "二"], '[1, "二"]'),
        ("身份证".encode(), "身份证"),
        (None, None),
        ("", None),
        ("   ", None),
        (b"\xff\xfe\x00binary", None),
    ],
)
def test_values_become_stripped_text_or_nothing(value: object, expected: str | None) -> None:
    assert cell_text(value) == expected


def test_long_values_are_truncated() -> None:
    assert cell_text("甲" * (MAX_VALUE_CHARS + 10)) == "甲" * MAX_VALUE_CHARS


def test_a_reservoir_keeps_everything_while_it_has_room() -> None:
    reservoir: Reservoir[int] = Reservoir(5, seed=1)
    for item in range(3):
        reservoir.offer(item)

    assert (reservoir.items, reservoir.seen) == ([0, 1, 2], 3)


def test_a_reservoir_is_bounded_seeded_and_reaches_the_whole_stream() -> None:
    def sample(seed: int) -> list[int]:
        reservoir: Reservoir[int] = Reservoir(100, seed=seed)
        for item in range(10_000):
            reservoir.offer(item)
        assert reservoir.seen == 10_000
        return reservoir.items

    first = sample(seed=7)

    assert len(first) == len(set(first)) == 100
    assert sample(seed=7) == first
    assert sample(seed=8) != first
    assert max(first) >= 5_000  # not just the front of the stream


def test_every_item_has_a_fair_chance() -> None:
    counts: Counter[int] = Counter()
    for seed in range(2000):
        reservoir: Reservoir[int] = Reservoir(2, seed=seed)
        for item in range(10):
            reservoir.offer(item)
        counts.update(reservoir.items)

    assert all(300 <= counts[item] <= 500 for item in range(10))  # expected 400 each


def test_header_cells_become_names_and_blanks_are_numbered() -> None:
    assert header_names(["姓名", None, " 电话 ", ""]) == ["姓名", "column_2", "电话", "column_4"]


def test_columns_from_rows_tolerate_short_rows_and_keep_types() -> None:
    columns = columns_from_rows(["a", "b"], [["1", "x"], ["2"], ["", "y"]], {"b": "string"})

    assert [(c.name, c.data_type, c.values) for c in columns] == [
        ("a", "", ["1", "2"]),
        ("b", "string", ["x", "y"]),
    ]


def test_columns_from_records_use_the_given_key_order() -> None:
    columns = columns_from_records(["b", "a"], [{"a": 1}, {"a": 2, "b": None}, {"b": "z"}])

    assert [(c.name, c.values) for c in columns] == [("b", ["z"]), ("a", ["1", "2"])]
