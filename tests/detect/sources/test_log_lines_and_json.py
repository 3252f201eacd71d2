"""Bounded, located reading: damaged lines and records are reported, the rest still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indsec.detect.sources.json_records import flatten, iter_json_texts
from indsec.detect.sources.lines import iter_csv_rows, iter_lines
from indsec.errors import LogSourceError
from indsec.model.source import ScanReport


def test_lines_skip_bad_bytes_and_overlong_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.log"
    path.write_bytes(b"\xef\xbb\xbffirst\r\n" + b"bad \xff byte\n" + b"x" * 100 + b"\n" + b"last\n")
    report = ScanReport()
    lines = list(iter_lines(path, report, max_bytes=64))
    assert lines == [(1, "first"), (4, "last")]
    assert [(f.where, f.message) for f in report.failures] == [
        (f"{path}:2", "not UTF-8 at byte 5; skipped"),
        (f"{path}:3", "line longer than 64 bytes; skipped"),
    ]


def test_missing_file_is_a_log_source_error(tmp_path: Path) -> None:
    with pytest.raises(LogSourceError, match="cannot open log"):
        list(iter_lines(tmp_path / "absent.log", ScanReport()))


def test_csv_records_keep_their_first_line_and_embedded_newlines(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('a,"multi\nline",c\n\nd,e,f\n', encoding="utf-8")
    rows = list(iter_csv_rows(path, ScanReport()))
    assert rows == [(1, ["a", "multi\nline", "c"]), (4, ["d", "e", "f"])]


def test_csv_record_the_module_rejects_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('ok,1\nbad,"x"y\nok,2\n', encoding="utf-8")
    report = ScanReport()
    rows = list(iter_csv_rows(path, report, strict=True))
    assert rows == [(1, ["ok", "1"]), (3, ["ok", "2"])]
    assert report.failures[0].where == f"{path}:2"
    assert "bad CSV record" in report.failures[0].message


FLATTEN = [
    ({"a": {"b": {"c": 1}}, "d": 2}, frozenset(), {"a.b.c": 1, "d": 2}),
    ({"id.orig_h": "10.0.0.1"}, frozenset(), {"id.orig_h": "10.0.0.1"}),
    (
        {"Event": {"System": {"EventID": 1}, "EventData": {"Image": "/bin/sh"}}},
        frozenset({"Event.System", "Event.EventData"}),
        {"EventID": 1, "Image": "/bin/sh"},
    ),
    ({"tags": ["a", "b"], "empty": []}, frozenset(), {"tags": ["a", "b"], "empty": []}),
    ({"answers": [{"x": 1}]}, frozenset(), {"answers": '[{"x":1}]'}),
    (
        {"a": {"b": 1, "c": {"d": 2}, "e": 3}, "f": 4},
        frozenset(),
        {"a.b": 1, "a.c.d": 2, "a.e": 3, "f": 4},
    ),
]


@pytest.mark.parametrize(("document", "unwrap", "expected"), FLATTEN)
def test_flatten(document: dict[str, object], unwrap: frozenset[str], expected: object) -> None:
    flat = flatten(document, unwrap)
    assert flat == expected
    assert list(flat) == list(expected)  # keys keep the document's order


def _texts(text: str, max_chars: int = 1 << 20) -> tuple[list[tuple[int, str]], ScanReport]:
    report = ScanReport()
    lines = iter(enumerate(text.splitlines(), 1))
    return list(iter_json_texts(lines, "f.json", report, max_chars=max_chars)), report


def test_json_array_is_split_into_elements_with_their_first_line() -> None:
    document = [{"a": 1, "s": "with ] and } inside"}, {"b": [1, {"c": 2}]}]
    texts, report = _texts(json.dumps(document, indent=2))
    assert [number for number, _ in texts] == [2, 6]
    assert [json.loads(text) for _, text in texts] == document
    assert report.failures == []


def test_json_lines_pass_through_and_blank_lines_are_skipped() -> None:
    texts, _ = _texts('\n{"a": 1}\n\n{"b": 2}\n')
    assert texts == [(2, '{"a": 1}'), (4, '{"b": 2}')]


def test_oversized_array_element_is_reported_and_skipped() -> None:
    document = [{"big": "x" * 500}, {"small": 1}]
    texts, report = _texts(json.dumps(document, indent=1), max_chars=100)
    assert [json.loads(text) for _, text in texts] == [{"small": 1}]
    assert report.failures[0].where == "f.json:2"
