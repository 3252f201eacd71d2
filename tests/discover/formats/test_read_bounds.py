"""Files past the read bounds: huge fields, huge lines, too many columns; read, never lost."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

from indsec.discover.base import ConnectorOptions

from ..helpers import read_file, scan_url, values_of

FIELD_LIMIT = csv.field_size_limit()


def test_a_field_over_the_csv_size_limit_skips_its_record_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "blobs.csv"
    blob = "A" * (FIELD_LIMIT + 1)
    path.write_text(f"工号,附件\nA001,short\nA002,{blob}\nA003,also short\n", encoding="utf-8")

    file_format, [content], warnings = read_file(path)

    assert file_format == "csv"
    assert content.rows == 2
    assert values_of(content) == {"工号": ["A001", "A003"], "附件": ["short", "also short"]}
    assert warnings == [f"1 records skipped (field larger than field limit ({FIELD_LIMIT}))"]


def test_a_quoted_field_over_the_limit_spanning_lines_skips_its_record(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    essay = "\n".join(["x" * 1000] * (FIELD_LIMIT // 1000 + 1))
    path.write_text(f'id,note\n1,"{essay}"\n2,ok\n', encoding="utf-8")

    _, [content], warnings = read_file(path)

    assert "2" in values_of(content)["id"]
    assert warnings[0].startswith("1 records skipped (field larger than field limit")


def test_a_file_with_a_huge_field_is_an_asset_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "blobs.csv").write_text(
        f"id,blob\n1,{'B' * (FIELD_LIMIT * 2)}\n2,b\n", encoding="utf-8"
    )

    assets, report = scan_url(str(tmp_path))

    assert [(a.name, a.rows) for a in assets] == [("blobs.csv", 1)]
    assert report.failures == []
    assert [w.where for w in report.warnings] == ["blobs.csv"]


def test_lines_longer_than_the_text_limit_are_cut(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(f"a,b,c\n1,2,3\n{'9' * 200},8,7\n4,5,6\n", encoding="utf-8")

    _, [content], warnings = read_file(path, text_limit=64)

    assert values_of(content)["a"] == ["1", "9" * 64, "4"]
    assert values_of(content)["c"] == ["3", "6"]
    assert "1 lines longer than 64 characters cut there" in warnings


def test_columns_past_the_limit_are_left_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "tags.csv"
    path.write_text("t1,t2,t3,t4,t5\n1,2,3,4,5\n6,7,8,9,10\n", encoding="utf-8")

    _, [content], warnings = read_file(path, max_columns=2)

    assert values_of(content) == {"t1": ["1", "6"], "t2": ["2", "7"]}
    assert warnings == ["only the first 2 of 5 columns read"]


def test_the_column_limit_is_a_connector_option(tmp_path: Path) -> None:
    header = ",".join(f"tag{i}" for i in range(50))
    row = ",".join(str(i) for i in range(50))
    (tmp_path / "historian.csv").write_text(f"{header}\n{row}\n{row}\n", encoding="utf-8")

    assets, report = scan_url(str(tmp_path), ConnectorOptions(max_columns=10))

    assert [c.name for c in assets[0].columns] == [f"tag{i}" for i in range(10)]
    assert [(w.where, w.message) for w in report.warnings] == [
        ("historian.csv", "only the first 10 of 50 columns read")
    ]


def test_json_keys_past_the_column_limit_are_left(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    records = [{f"k{i}": i for i in range(30)}, {"k0": 1, "extra": 2}]
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")

    _, [content], warnings = read_file(path, max_columns=5)

    assert [c.name for c in content.columns] == ["k0", "k1", "k2", "k3", "k4"]
    assert warnings == ["only the first 5 of 31 columns read"]


def test_the_connector_bounds_columns_of_every_format(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "tags"
    workbook.active.append([f"tag{i}" for i in range(30)])
    workbook.active.append(list(range(30)))
    workbook.save(tmp_path / "historian.xlsx")

    assets, report = scan_url(str(tmp_path), ConnectorOptions(max_columns=10))

    assert [len(a.columns) for a in assets] == [10]
    assert [(w.where, w.message) for w in report.warnings] == [
        ("historian.xlsx", "only the first 10 of 30 columns read")
    ]
