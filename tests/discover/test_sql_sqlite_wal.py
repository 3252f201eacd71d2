"""WAL-mode SQLite: a scan creates no ``-wal``/``-shm`` beside the database, even read-only."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.discover.base import open_connector
from indsec.errors import ConnectorError
from indsec.model import ScanReport

from .helpers import scan_url
from .plant_db import PlantDatabase

PLANT_TABLES = ["员工", "设备", "员工视图"]


@pytest.fixture
def wal_plant(sqlite_plant: PlantDatabase) -> Path:
    """The plant database switched to WAL mode and closed cleanly (no -wal, no -shm)."""
    sqlite_plant.admin.dispose()
    path = Path(sqlite_plant.url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    conn.close()
    assert _siblings(path) == ["plant.db"]
    return path


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def read_only_dir(wal_plant: Path) -> Iterator[Path]:
    """The WAL plant's directory made read-only, for root too (``chattr +i``); yields the db."""
    directory = wal_plant.parent
    directory.chmod(0o555)
    immutable = os.geteuid() == 0 and shutil.which("chattr") is not None
    if immutable:
        subprocess.run(["chattr", "+i", str(directory)], check=False, capture_output=True)
    try:
        try:
            (directory / "probe").touch()
        except OSError:
            yield wal_plant
        else:
            pytest.skip("cannot make a directory read-only here")
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=False, capture_output=True)
        directory.chmod(0o755)


def test_a_wal_database_is_read_without_creating_files_beside_it(wal_plant: Path) -> None:
    before = _digest(wal_plant)

    assets, report = scan_url(f"sqlite:///{wal_plant}")

    assert [a.name for a in assets] == PLANT_TABLES
    assert [f.where for f in report.failures] == ["坏视图"]
    assert _siblings(wal_plant) == ["plant.db"]
    assert _digest(wal_plant) == before


def test_a_wal_database_on_a_read_only_directory_is_scanned(read_only_dir: Path) -> None:
    assets, _ = scan_url(f"sqlite:///{read_only_dir}")

    assert [a.name for a in assets] == PLANT_TABLES
    assert _siblings(read_only_dir) == ["plant.db"]


def test_under_a_live_writer_the_committed_wal_is_read_and_nothing_is_added(
    wal_plant: Path,
) -> None:
    writer = sqlite3.connect(wal_plant)
    writer.execute('CREATE TABLE "新表" (x TEXT)')  # committed to the -wal, not the main file
    writer.execute("INSERT INTO \"新表\" VALUES ('在日志里')")
    writer.commit()
    present = _siblings(wal_plant)

    try:
        assets, _ = scan_url(f"sqlite:///{wal_plant}")
    finally:
        writer.close()

    assert present == ["plant.db", "plant.db-shm", "plant.db-wal"]
    assert "新表" in [a.name for a in assets]


def test_a_wal_log_without_its_index_is_refused_without_creating_the_index(
    wal_plant: Path,
) -> None:
    (wal_plant.parent / "plant.db-wal").write_bytes(b"")

    with pytest.raises(ConnectorError, match="-wal log but no -shm index"):
        scan_url(f"sqlite:///{wal_plant}")
    assert _siblings(wal_plant) == ["plant.db", "plant.db-wal"]


def test_a_checkpoint_into_the_file_during_the_scan_stops_the_source(wal_plant: Path) -> None:
    def write_and_checkpoint(table: str) -> None:
        if table == "设备":
            writer = sqlite3.connect(wal_plant)
            writer.execute('CREATE TABLE "写入" (x TEXT)')
            writer.commit()
            writer.close()  # the last connection checkpoints into the main file

    connector = open_connector(f"sqlite:///{wal_plant}")
    read: list[str] = []
    with pytest.raises(ConnectorError, match="changed while it was read without locks"):
        for asset in connector.discover(ScanReport(), write_and_checkpoint):
            read.append(asset.name)

    assert read == ["员工"]  # 设备 was not read from a file that changed under the scan


def test_a_file_removed_during_the_scan_stops_the_source(wal_plant: Path) -> None:
    def remove(table: str) -> None:
        if table == "设备":
            wal_plant.unlink()

    connector = open_connector(f"sqlite:///{wal_plant}")
    with pytest.raises(ConnectorError, match=r"plant\.db cannot be read"):
        list(connector.discover(ScanReport(), remove))
