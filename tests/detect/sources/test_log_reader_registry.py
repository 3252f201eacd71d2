"""Every builtin reader is registered, streams lazily, and fails clearly on unreadable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.mysql_log import MySqlGeneralLogReader
from indsec.detect.sources.pipeline_reader import PipelineReader
from indsec.detect.sources.sql_statements import summarise_statement
from indsec.errors import LogSourceError
from indsec.model.source import ScanReport

TEXT_READERS = [
    "bastion",
    "file_activity",
    "jsonl",
    "mariadb_audit",
    "mysql_general",
    "openvpn",
    "pg_csvlog",
    "syslog",
]


def test_builtin_readers_are_registered() -> None:
    assert set(TEXT_READERS) | {"evtx"} <= set(LOG_READERS.names())
    for name in TEXT_READERS:
        assert LOG_READERS.get(name).format == name


@pytest.mark.parametrize("name", TEXT_READERS)
@pytest.mark.parametrize("target", ["absent.log", "."])
def test_unreadable_file_is_a_log_source_error(tmp_path: Path, name: str, target: str) -> None:
    reader = LOG_READERS.get(name)
    assert issubclass(reader, PipelineReader)
    stream = reader().read(tmp_path / target, ScanReport())
    with pytest.raises(LogSourceError, match="cannot open log"):
        next(stream)


def test_overlong_general_log_entry_is_truncated_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "general.log"
    body = "\n".join(f"  OR id = {n}" for n in range(12_000))
    path.write_text(
        f"2025-05-06T01:00:00.000000Z\t    7 Query\tSELECT * FROM big.t WHERE 1=0\n{body}\n"
    )
    report = ScanReport()
    (event,) = MySqlGeneralLogReader().read(path, report)
    assert event.fields["table"] == ["big.t"]
    assert len(event.fields["statement"]) <= 100_000
    assert report.warnings[0].where == f"{path}:1"
    assert "truncated" in report.warnings[0].message


def test_long_statement_skips_the_parser_but_finds_tables() -> None:
    values = ", ".join(f"({n}, 'x')" for n in range(2_000))
    summary = summarise_statement(f"INSERT INTO erp.audit_copy VALUES {values}", "mysql")
    assert summary.kind == "INSERT" and summary.tables == ("erp.audit_copy",)


def test_server_restart_in_general_log_forgets_connections(tmp_path: Path) -> None:
    path = tmp_path / "general.log"
    path.write_text(
        "2025-05-06T01:00:00.000000Z\t    5 Connect\talice@10.0.0.5 on erp using TCP/IP\n"
        "2025-05-06T01:00:01.000000Z\t    5 Query\tSELECT 1\n"
        "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
        "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
        "Time                 Id Command    Argument\n"
        "2025-05-06T02:00:00.000000Z\t    5 Query\tSELECT * FROM erp.customers\n"
    )
    report = ScanReport()
    events = list(MySqlGeneralLogReader().read(path, report))
    assert [e.fields.get("user") for e in events] == ["alice", "alice", None]
    assert events[1].fields["statement"] == "SELECT 1"
    assert report.failures == []
