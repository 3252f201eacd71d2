"""Scans and detection runs never stay "running" for ever: SIGTERM fails them, a later start
fails the ones whose process died or that outlived any real run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from indsec.catalogue.repository import CatalogueRepository
from indsec.detect.repository import AlertRepository
from indsec.store.database import Store
from tests.conftest import REPO
from tests.e2e.conftest import Workspace

POLL_LIMIT_S = 180.0
"""How long a started command may take to open its run (a bound against hanging, not a check)."""


def _slow_database(path: Path) -> Path:
    """A table, then a view that never ends: a scan spends its time in that view's statement."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE 员工 (姓名 TEXT)")
        db.execute("INSERT INTO 员工 VALUES ('张三')")
        db.execute(
            'CREATE VIEW "无尽" AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)'
            " SELECT x FROM n"
        )
    db.close()
    return path


def _long_log(path: Path, lines: int = 300_000) -> Path:
    with path.open("w", encoding="utf-8") as log:
        for i in range(lines):
            log.write(
                f"Feb 26 02:{i // 60 % 60:02d}:{i % 60:02d} plc-gw sshd[{i}]: Failed password "
                f"for root from 203.0.113.{i % 250} port {i % 60000} ssh2\n"
            )
    return path


def _spawn(workspace: Workspace, *args: str) -> subprocess.Popen[bytes]:
    """The real CLI in its own process, with the workspace's environment."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "INDSEC_STATEMENT_TIMEOUT_S": "600",
    }
    code = "from indsec.cli.main import run; run()"
    with (workspace.root / "child.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-c", code, *args], env=env, stdout=log, stderr=log
        )


def _statuses(store_url: str, table: str) -> list[tuple[str, str]]:
    engine = create_engine(store_url)
    try:
        with engine.connect() as conn:
            query = text(f"SELECT status, error FROM {table} ORDER BY id")
            return [(row[0], row[1]) for row in conn.execute(query)]
    except SQLAlchemyError:  # the child has not created the schema yet
        return []
    finally:
        engine.dispose()


def _wait_for_running(child: subprocess.Popen[bytes], store_url: str, table: str) -> None:
    give_up = time.monotonic() + POLL_LIMIT_S
    while ("running", "") not in _statuses(store_url, table):
        assert child.poll() is None, "the command ended before its run was seen running"
        assert time.monotonic() < give_up, "the command never opened its run"
        time.sleep(0.1)


def test_sigterm_marks_a_running_scan_failed(workspace: Workspace, store_url: str) -> None:
    database = _slow_database(workspace.root / "slow.db")
    child = _spawn(workspace, "scan", "--json", f"sqlite:///{database}")
    _wait_for_running(child, store_url, "scans")
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=POLL_LIMIT_S) == 143
    assert _statuses(store_url, "scans") == [("failed", "terminated by SIGTERM")]
    assert "terminated by SIGTERM" in (workspace.root / "child.log").read_text(encoding="utf-8")


def test_sigterm_marks_a_running_detection_run_failed(workspace: Workspace, store_url: str) -> None:
    log = _long_log(workspace.root / "auth.log")
    child = _spawn(workspace, "detect", "run", "--json", str(log))
    _wait_for_running(child, store_url, "detection_runs")
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=POLL_LIMIT_S) == 143
    assert _statuses(store_url, "detection_runs") == [("failed", "terminated by SIGTERM")]


def test_a_scan_whose_process_died_is_failed_at_the_next_start(
    workspace: Workspace, store_url: str
) -> None:
    database = _slow_database(workspace.root / "slow.db")
    child = _spawn(workspace, "scan", "--json", f"sqlite:///{database}")
    _wait_for_running(child, store_url, "scans")
    child.kill()  # SIGKILL: nothing in the process can react
    child.wait(timeout=POLL_LIMIT_S)
    assert _statuses(store_url, "scans") == [("running", "")]

    files = workspace.root / "share"
    files.mkdir()
    (files / "readme.txt").write_text("设备维护记录\n", encoding="utf-8")
    workspace.run_json("scan", str(files))
    versions = workspace.run_json("catalogue", "versions")
    assert [v["status"] for v in versions] == ["failed", "complete"]
    assert versions[0]["error"] == f"abandoned: its process {child.pid} on {os.uname()[1]} is gone"


def test_runs_older_than_the_bound_are_failed_even_if_their_process_lives(
    workspace: Workspace, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(store_url)
    try:  # runs opened by this very process, which is alive
        CatalogueRepository(store).begin_version(
            trigger="scan", sources=[], rule_packs={}, profile={}
        )
        AlertRepository(store).begin_run(sources=[], catalogue_version=None)
    finally:
        store.close()
    files = workspace.root / "share"
    files.mkdir()
    (files / "auth.log").write_text(
        "Feb 26 02:10:01 plc-gw sshd[811]: Accepted password for root from 203.0.113.9 "
        "port 51514 ssh2\n",
        encoding="utf-8",
    )
    workspace.run_json("scan", str(files))
    assert _statuses(store_url, "scans")[0] == ("running", "")  # within the default bound

    monkeypatch.setenv("INDSEC_RUN_ABANDONED_AFTER_S", "0.000001")
    workspace.run_json("scan", str(files))
    workspace.run_json("detect", "run", str(files / "auth.log"))
    for table in ("scans", "detection_runs"):
        status, error = _statuses(store_url, table)[0]
        assert (status, error) == ("failed", "abandoned: still running after 0:00:00.000001")
