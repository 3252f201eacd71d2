"""A fresh directory with no indsec state and no INDSEC_* variables, and a small source to scan."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FILES

MARKUP_TABLE = "[/]"
LINK_TABLE = "[link=https://example.com]x"
LINK_LOG = "[link=example.com]audit.log"
ALERTING_LOG = FILES / "scenario_logs/personnel/archive_with_password_auditd/positive.log"
"""Three alerts of the personnel scenario."""
LONG_TABLE = "production_line_" + "very_long_name_" * 8 + "end"


def _database(path: Path, tables: tuple[str, ...]) -> Path:
    """A SQLite database with ``tables``, each holding mobile numbers (so it is classified)."""
    with sqlite3.connect(path) as db:
        for table in tables:
            db.execute(f'CREATE TABLE "{table}" (id INTEGER, 手机号 TEXT)')
            db.executemany(
                f'INSERT INTO "{table}" VALUES (?, ?)', [(i, f"1380013{i:04d}") for i in range(20)]
            )
    return path


def plain_database(path: Path) -> Path:
    """A SQLite database with ordinary table names, one of them longer than a terminal."""
    return _database(path, ("hr_contact", LONG_TABLE))


@pytest.fixture
def plain_source(tmp_path: Path) -> Path:
    """A SQLite database with ordinary table names, one of them longer than a terminal."""
    return plain_database(tmp_path / "plain.db")


@pytest.fixture
def odd_source(tmp_path: Path) -> Path:
    """A SQLite database whose table names are markup; beside it a share holding
    ``[``/``i].csv`` and ``logs/`` with an unreadable ``[``/``i].log`` and an alerting log whose
    name is a link."""
    database = _database(tmp_path / "plant.db", (MARKUP_TABLE, LINK_TABLE))
    share = tmp_path / "share" / "["
    share.mkdir(parents=True)
    (share / "i].csv").write_text("name,phone\n张三,13800138000\n", encoding="utf-8")
    logs = tmp_path / "logs"
    (logs / "[").mkdir(parents=True)
    (logs / "[" / "i].log").write_text("not a log format anyone knows\n", encoding="utf-8")
    shutil.copy(ALERTING_LOG, logs / LINK_LOG)
    return database
