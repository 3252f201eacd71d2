"""What a scan tells and stores when sources fail: every reason, named; nothing good lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import Workspace


def _wal_database(path: Path) -> Path:
    """A WAL-mode SQLite database of one table, closed so only the main file is left."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE 员工 (姓名 TEXT, 手机号 TEXT)")
        db.execute("INSERT INTO 员工 VALUES ('张三', '13800138000')")
    db.close()
    return path


def _break_listing(database: Path) -> None:
    """Make the table listing fail: the file is still there and opens, but what it holds is no
    longer a database, so the first read (the listing) fails, for root as for anyone."""
    database.write_bytes(b"not a database any more" * 100)


def test_when_every_source_fails_each_reason_is_printed_and_stored(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INDSEC_UNSET_PASSWORD", raising=False)
    missing = workspace.root / "absent.db"
    sources = [
        "martian://x",
        f"sqlite:///{missing}",
        "postgresql://scanner:${INDSEC_UNSET_PASSWORD}@127.0.0.1:1/plant",
        str(workspace.root / "no-such-dir"),
    ]
    code, _, err = workspace.run("scan", *sources)
    assert code == 2
    assert "recorded as failed version 1, the catalogue stays empty" in err
    assert "martian://x: no connector for 'martian://'" in err
    assert f"sqlite:///{missing}: cannot connect" in err
    assert "INDSEC_UNSET_PASSWORD (used in the source URL) is not set" in err
    assert "no-such-dir: no such file or directory" in err

    code, out, err = workspace.run("scan", "--json", *sources)
    assert code == 2 and "recorded as failed version 2" in err
    document = json.loads(out)
    assert document["status"] == "failed"
    assert len(document["failures"]) == 4
    assert document["failures"][0] == {
        "where": "martian://x",
        "message": "no connector for 'martian://' (available: file://, mysql://, postgresql://, "
        "sqlite://)",
    }
    versions = workspace.run_json("catalogue", "versions")
    assert [v["status"] for v in versions] == ["failed", "failed"]
    assert "INDSEC_UNSET_PASSWORD" in versions[0]["error"]


def test_a_failed_scan_says_which_version_stays_the_catalogue(workspace: Workspace) -> None:
    database = _wal_database(workspace.root / "plant.db")
    assert workspace.run_json("scan", f"sqlite:///{database}")["version"] == 1
    code, _, err = workspace.run("scan", "martian://x")
    assert code == 2
    assert "recorded as failed version 2, the catalogue stays at version 1" in err


def test_a_source_that_cannot_list_its_tables_is_a_failed_source(workspace: Workspace) -> None:
    database = _wal_database(workspace.root / "plant.db")
    url = f"sqlite:///{database}"
    first = workspace.run_json("scan", url)
    assert [a["name"] for a in first["assets"]] == ["员工"]
    _break_listing(database)

    code, _, err = workspace.run("scan", url)
    assert code == 2
    assert f"{url}: cannot list the tables of {url}: file is not a database" in err
    shown = workspace.run_json("catalogue", "show")
    assert shown["version"] == 1 and [a["name"] for a in shown["assets"]] == ["员工"]

    files = workspace.root / "share"
    files.mkdir()
    (files / "readme.txt").write_text("设备维护记录\n", encoding="utf-8")
    mixed = workspace.run_json("scan", url, str(files))
    assert mixed["report"]["failures"][0]["where"] == url
    assert mixed["report"]["carried_over"] == {url: 1}
    names = {a["name"] for a in workspace.run_json("catalogue", "show")["assets"]}
    assert names == {"员工", "readme.txt"}


def test_a_statement_timeout_is_named_as_such_for_its_table(
    workspace: Workspace, postgresql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = create_engine(postgresql_url)
    with admin.begin() as conn:
        conn.execute(text("CREATE TABLE 设备 (编号 TEXT)"))
        conn.execute(text('CREATE VIEW "慢视图" AS SELECT 1 AS x FROM pg_sleep(5)'))
    admin.dispose()
    monkeypatch.setenv("INDSEC_STATEMENT_TIMEOUT_S", "0.3")

    scanned = workspace.run_json("scan", postgresql_url)
    assert [a["name"] for a in scanned["assets"]] == ["设备"]
    assert scanned["report"]["failures"] == [
        {"where": "慢视图", "message": "statement timeout after 0.3 s"}
    ]
