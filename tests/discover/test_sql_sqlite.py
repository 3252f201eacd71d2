"""SQLite specifics: read-only file access, ``--`` comments, placeholders, the deadline."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.sql import SqlConnector
from indsec.errors import ConnectorError

from .helpers import by_name, scan_url
from .plant_db import DEVICE_ROWS, PlantDatabase


def _plant_path(plant: PlantDatabase) -> Path:
    return Path(plant.url.removeprefix("sqlite:///"))


def test_the_database_file_is_byte_identical_after_a_scan(sqlite_plant: PlantDatabase) -> None:
    path = _plant_path(sqlite_plant)
    sqlite_plant.admin.dispose()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    siblings = sorted(p.name for p in path.parent.iterdir())

    assets, _ = scan_url(sqlite_plant.url)

    assert assets
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings  # no journal left behind


def test_path_placeholders_are_resolved_from_the_environment(
    sqlite_plant: PlantDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plant_path(sqlite_plant)
    monkeypatch.setenv("PLANT_DATA_DIR", str(path.parent))

    assets, _ = scan_url(f"sqlite:///${{PLANT_DATA_DIR}}/{path.name}")

    assert [a.name for a in assets] == ["员工", "设备", "员工视图"]
    assert all("${PLANT_DATA_DIR}" in a.source for a in assets)


def test_an_unset_placeholder_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_PLANT_DIR", raising=False)

    with pytest.raises(ConnectorError, match="NO_SUCH_PLANT_DIR"):
        scan_url("sqlite:///${NO_SUCH_PLANT_DIR}/plant.db")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused(url: str) -> None:
    with pytest.raises(ConnectorError, match="must name a database file"):
        scan_url(url)


def test_a_missing_file_is_a_connector_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "absent.db"

    with pytest.raises(ConnectorError, match="cannot connect"):
        scan_url(f"sqlite:///{missing}")
    assert not missing.exists()


def test_a_statement_past_the_timeout_is_a_timeout_failure_and_the_scan_goes_on(
    sqlite_plant: PlantDatabase,
) -> None:
    """An aggregate over an endless series: counts and samples stop reading, this cannot."""
    path = _plant_path(sqlite_plant)
    with sqlite3.connect(path) as conn:
        conn.execute(
            'CREATE VIEW "无尽" AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)'
            " SELECT max(x) AS x FROM n"
        )
    conn.close()

    assets, report = scan_url(sqlite_plant.url, ConnectorOptions(statement_timeout_s=0.2))

    assert [a.name for a in assets] == ["员工", "设备", "员工视图"]
    assert {f.where: f.message for f in report.failures}["无尽"] == "statement timeout after 0.2 s"


def test_without_sqlite_stat1_a_count_stops_at_the_bound_and_the_rowid_span_estimates(
    sqlite_plant: PlantDatabase,
) -> None:
    with sqlite3.connect(_plant_path(sqlite_plant)) as conn:
        conn.execute("CREATE TABLE tags (tag TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.executemany("INSERT INTO tags VALUES (?)", [(f"DB1.DBX{i}.0",) for i in range(1500)])
        conn.execute('DELETE FROM "设备" WHERE "编号" BETWEEN 1000 AND 1999')
    conn.close()

    assets = by_name(scan_url(sqlite_plant.url, ConnectorOptions(max_scan_rows=1000))[0])

    assert (assets["设备"].rows, assets["设备"].rows_exact) == (DEVICE_ROWS, False)
    assert (assets["tags"].rows, assets["tags"].rows_exact) == (1000, False)  # at least
    assert (assets["员工"].rows, assets["员工"].rows_exact) == (3, True)


def test_sqlite_stat1_gives_the_estimate_of_an_analysed_table(sqlite_plant: PlantDatabase) -> None:
    path = _plant_path(sqlite_plant)
    with sqlite3.connect(path) as conn:
        conn.execute('ANALYZE "设备"')
        conn.execute("UPDATE sqlite_stat1 SET stat = '2400 1' WHERE tbl = '设备'")
    conn.close()

    assets = by_name(scan_url(sqlite_plant.url, ConnectorOptions(max_scan_rows=1000))[0])

    assert (assets["设备"].rows, assets["设备"].rows_exact) == (2400, False)
    assert (assets["员工"].rows, assets["员工"].rows_exact) == (3, True)


def test_exact_counts_on_request_count_every_row(sqlite_plant: PlantDatabase) -> None:
    options = ConnectorOptions(max_scan_rows=1000, exact_counts=True)

    assets = by_name(scan_url(sqlite_plant.url, options)[0])

    assert (assets["设备"].rows, assets["设备"].rows_exact) == (DEVICE_ROWS, True)


@pytest.mark.parametrize(
    ("ddl", "table_comment", "column_comments"),
    [
        (
            "CREATE TABLE t ( -- 工艺配方\n a INTEGER, -- 温度\n b TEXT\n)",
            "工艺配方",
            {"a": "温度", "b": ""},
        ),
        (
            'CREATE TABLE t (\n "a" REAL DEFAULT -1, -- 压力 -- MPa\n [b] TEXT -- 批号\n)',
            "",
            {"a": "压力 -- MPa", "b": "批号"},
        ),
        (
            "CREATE TABLE t (\n `a` INTEGER,\n PRIMARY KEY (a) -- 主键\n)",
            "",
            {"a": ""},
        ),
        ("CREATE TABLE t (a INTEGER, b TEXT)", "", {"a": "", "b": ""}),
    ],
)
def test_comments_come_from_the_stored_create_statement(
    tmp_path: Path, ddl: str, table_comment: str, column_comments: dict[str, str]
) -> None:
    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as conn:
        conn.execute(ddl)
    conn.close()

    assets, _ = scan_url(f"sqlite:///{path}")
    table = by_name(assets)["t"]

    assert table.comment == table_comment
    assert {c.name: c.comment for c in table.columns} == column_comments


def test_the_sqlite_connector_is_found_by_scheme(sqlite_plant: PlantDatabase) -> None:
    assert isinstance(open_connector(sqlite_plant.url), SqlConnector)
