"""Tabular readers: CSV/TSV, XLSX, Parquet, JSON and JSON Lines, on real generated files."""

from __future__ import annotations

import codecs
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from indsec.discover.formats import json_data
from indsec.errors import ConnectorError

from ..helpers import read_file, values_of

STAFF_ROWS = [("张伟", "110101199003077777", "13800138000"), ("王芳", "11010119900307123X", "")]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b"")],
)
def test_csv_in_each_encoding(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    lines = ["姓名,身份证号,电话", *(",".join(row) for row in STAFF_ROWS)]
    path = tmp_path / "staff.csv"
    path.write_bytes(prefix + "\r\n".join(lines).encode(encoding))

    file_format, [content], warnings = read_file(path)

    assert file_format == "csv"
    assert values_of(content) == {
        "姓名": ["张伟", "王芳"],
        "身份证号": ["110101199003077777", "11010119900307123X"],
        "电话": ["13800138000"],
    }
    assert content.rows == 2
    assert content.metadata["encoding"] == ("utf-8-sig" if prefix else encoding)
    assert warnings == []


def test_csv_with_quotes_semicolons_and_embedded_newlines(tmp_path: Path) -> None:
    path = tmp_path / "recipes.txt"
    path.write_text('配方;说明\nA-12;"加热; 保温\n30 分钟"\nB-07;冷却\n', encoding="utf-8")

    file_format, [content], _ = read_file(path)

    assert (file_format, content.metadata["delimiter"], content.rows) == ("csv", ";", 2)
    assert values_of(content)["说明"] == ["加热; 保温\n30 分钟", "冷却"]


def test_tsv_is_its_own_format(tmp_path: Path) -> None:
    path = tmp_path / "export"
    path.write_text("工号\t姓名\nA001\t张伟\nA002\t王芳\n", encoding="utf-8")

    file_format, [content], _ = read_file(path)

    assert file_format == "tsv"
    assert values_of(content) == {"工号": ["A001", "A002"], "姓名": ["张伟", "王芳"]}


def test_ragged_rows_are_read_and_counted_in_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11,12\n", encoding="utf-8")

    _, [content], warnings = read_file(path)

    assert content.rows == 4
    assert values_of(content) == {
        "a": ["1", "4", "7", "9"],
        "b": ["2", "5", "8", "10"],
        "c": ["3", "6", "11"],
    }
    assert warnings == ["2 rows do not have 3 fields"]


def test_large_csv_is_reservoir_sampled_and_fully_counted(tmp_path: Path) -> None:
    path = tmp_path / "readings.csv"
    path.write_text(
        "序号,读数\n" + "".join(f"{i},{i * 2}\n" for i in range(5000)), encoding="utf-8"
    )

    _, [content], _ = read_file(path, sample_size=50)
    sampled = values_of(content)["序号"]

    assert content.rows == 5000
    assert len(sampled) == len(set(sampled)) == 50
    assert max(int(value) for value in sampled) > 1000


def test_undecodable_bytes_deep_in_a_csv_fail_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n" + b"x" * 70_000 + b",\xff\xfe\n")

    with pytest.raises(ConnectorError, match="UnicodeDecodeError"):
        read_file(path)


def test_xlsx_sheets_have_header_columns_and_sampled_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    staff = workbook.active
    staff.title = "员工"
    staff.append([None, None])  # a blank row above the header
    staff.append(["姓名", "入职日期", None])
    staff.append(["张伟", datetime(2020, 3, 1), "备注一"])
    staff.append([None, None, None])
    staff.append(["王芳", datetime(2021, 7, 15)])
    workbook.create_sheet("空表")
    workbook.save(tmp_path / "人事.xlsx")

    file_format, contents, _ = read_file(tmp_path / "人事.xlsx")

    assert file_format == "xlsx"
    assert [(c.part, c.rows, c.metadata) for c in contents] == [
        ("员工", 2, {"sheet": "员工"}),
        ("空表", 0, {"sheet": "空表"}),
    ]
    assert values_of(contents[0]) == {
        "姓名": ["张伟", "王芳"],
        "入职日期": ["2020-03-01T00:00:00", "2021-07-15T00:00:00"],
        "column_3": ["备注一"],
    }
    assert contents[1].columns == []


def _telemetry_parquet(path: Path, rows: int) -> Path:
    """``rows`` rows in row groups of 1000, each row's 设备编号 ``EQ-<row>``."""
    schema = pa.schema(
        [
            pa.field("设备编号", pa.string(), metadata={b"comment": "设备唯一编号".encode()}),
            pa.field("温度", pa.float64()),
            pa.field("采集时间", pa.timestamp("s")),
        ]
    )
    table = pa.table(
        {
            "设备编号": [f"EQ-{i:04d}" for i in range(rows)],
            "温度": [None if i % 2 else 180.5 for i in range(rows)],
            "采集时间": [datetime(2024, 5, 1, 8, 0, i % 60) for i in range(rows)],
        },
        schema=schema,
    )
    pq.write_table(table, path, row_group_size=1000)
    return path


def test_parquet_schema_types_comments_and_a_sample_of_rows(tmp_path: Path) -> None:
    rows = 3000
    path = _telemetry_parquet(tmp_path / "telemetry.parquet", rows)

    file_format, [content], _ = read_file(path, sample_size=40)

    assert file_format == "parquet"
    assert (content.rows, content.metadata) == (rows, {"row_groups": "3"})
    assert [(c.name, c.data_type, c.comment) for c in content.columns] == [
        ("设备编号", "string", "设备唯一编号"),
        ("温度", "double", ""),
        ("采集时间", "timestamp[ms]", ""),  # Parquet has no second unit
    ]
    codes = values_of(content)["设备编号"]
    assert len(set(codes)) == 40
    assert codes != [f"EQ-{i:04d}" for i in range(40)]  # not the first rows
    even = [code for code in codes if int(code[3:]) % 2 == 0]
    assert values_of(content)["温度"] == ["180.5"] * len(even)  # one row's values stay together
    assert len(values_of(content)["采集时间"]) == 40


def test_parquet_samples_repeat_with_the_seed_and_differ_across_seeds(tmp_path: Path) -> None:
    path = _telemetry_parquet(tmp_path / "telemetry.parquet", 3000)

    def codes(seed: int) -> list[str]:
        _, [content], _ = read_file(path, sample_size=40, seed=seed)
        return values_of(content)["设备编号"]

    assert codes(3) == codes(3)
    assert codes(3) != codes(4)


def test_a_parquet_sample_reads_no_more_than_the_scan_bound(tmp_path: Path) -> None:
    path = _telemetry_parquet(tmp_path / "telemetry.parquet", 3000)

    def groups(seed: int) -> set[int]:
        _, [content], _ = read_file(path, sample_size=1000, scan_rows=500, seed=seed)
        codes = values_of(content)["设备编号"]
        assert len(codes) == 500
        return {int(code[3:]) // 1000 for code in codes}

    seen = [groups(seed) for seed in range(6)]
    assert all(len(group) == 1 for group in seen)  # 500 rows of one row group
    assert len(set.union(*seen)) > 1  # which row group depends on the seed


def test_an_empty_parquet_file_has_columns_and_no_values(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": pa.array([], pa.int64())}), tmp_path / "empty.parquet")

    _, [content], _ = read_file(tmp_path / "empty.parquet")

    assert (content.rows, [(c.name, c.values) for c in content.columns]) == (0, [("a", [])])


@pytest.mark.parametrize(
    ("document", "rows", "expected"),
    [
        (
            [{"设备": "A1", "参数": {"温度": 180}}, {"设备": "A2", "班次": "夜"}],
            2,
            {"设备": ["A1", "A2"], "参数": ['{"温度": 180}'], "班次": ["夜"]},
        ),
        ({"配方": "R-1", "步骤": [1, 2]}, 1, {"配方": ["R-1"], "步骤": ["[1, 2]"]}),
        (["13800138000", 42, None], 3, {"value": ["13800138000", "42"]}),
    ],
)
def test_json_top_level_keys_become_columns(
    tmp_path: Path, document: object, rows: int, expected: dict[str, list[str]]
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")

    file_format, [content], _ = read_file(path)

    assert (file_format, content.rows, values_of(content)) == ("json", rows, expected)


def test_jsonl_skips_bad_lines_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"user": "张伟", "ip": "10.0.0.1"}\n\n{"user": "王芳"}\nnot json\n{"ip": "10.0.0.2"}\n',
        encoding="utf-8",
    )

    file_format, [content], warnings = read_file(path)

    assert (file_format, content.rows) == ("jsonl", 3)
    assert values_of(content) == {"user": ["张伟", "王芳"], "ip": ["10.0.0.1", "10.0.0.2"]}
    assert warnings == ["1 lines are not valid JSON (first: line 4)"]


def test_jsonl_with_no_valid_line_fails(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("{broken\n{also broken\n", encoding="utf-8")

    with pytest.raises(ConnectorError, match="no line is valid JSON"):
        read_file(path)


def test_a_json_document_too_large_to_parse_is_read_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_data, "MAX_DOCUMENT_BYTES", 10)
    path = tmp_path / "export.json"
    path.write_text('[{"设备": "A1"}, {"设备": "A2"}]', encoding="utf-8")

    file_format, [content], warnings = read_file(path)

    assert (file_format, content.text, content.columns) == ("json", path.read_text("utf-8"), [])
    assert warnings == ["JSON document over 10 bytes read as text"]


def test_corrupt_parquet_pages_are_a_format_error_not_an_io_error(tmp_path: Path) -> None:
    path = tmp_path / "trend.parquet"
    pq.write_table(pa.table({"温度": [180.5] * 100}), path, compression="zstd")
    data = bytearray(path.read_bytes())
    data[4:12] = b"\xff" * 8  # the first page header, right after the PAR1 magic
    path.write_bytes(bytes(data))

    with pytest.raises(ConnectorError, match=r"^unreadable parquet file \(OSError: Couldn't"):
        read_file(path)
