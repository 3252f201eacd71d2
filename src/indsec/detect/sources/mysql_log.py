"""MySQL/MariaDB logs: the general query log and the MariaDB audit plugin's CSV.

The general log names the user only on a connection's ``Connect`` line, so the reader keeps a
bounded map of open connections (id → user, host, database) to put them on every statement.
MariaDB writes lines without a time when it has not changed, and multi-line queries continue
on lines without a header; both are folded back into one record here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.lines import iter_csv_rows, iter_lines
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_lines
from indsec.detect.sources.sql_statements import MAX_STATEMENT_CHARS, summarise_statement
from indsec.model.source import ScanReport

MAX_OPEN_CONNECTIONS = 100_000
"""Connections remembered at once; the oldest is forgotten first (a missed ``Quit``)."""

_ENTRY = re.compile(
    r"(?:(?P<ts>\d{4}-\d\d-\d\dT\S+|\d{6} [ \d]\d:\d\d:\d\d)\s+|\s+)"
    r"(?P<id>\d+) (?P<command>[A-Z][A-Za-z ]*?)(?:\t(?P<argument>.*))?$"
)
_PREAMBLE = re.compile(r".*, Version: |Tcp port: |Time\s+Id\s+Command\s+Argument")
_CONNECT = re.compile(r"(?P<user>[^@\s]*)@(?P<host>\S+)(?: as \S+)? on ?(?P<database>\S*)")
_STATEMENT_COMMANDS = frozenset({"Query", "Execute", "Prepare"})
_AUDIT_COLUMNS = (
    "timestamp",
    "serverhost",
    "username",
    "host",
    "connectionid",
    "queryid",
    "operation",
    "database",
    "object",
    "retcode",
)
_AUDIT_HEAD = re.compile(r"\d{8} \d\d:\d\d:\d\d,[^,]*,[^,]*,[^,]*,\d+,\d+,[A-Z_]+,")
_AUDIT_TABLE_OPERATIONS = frozenset({"READ", "WRITE", "CREATE", "ALTER", "RENAME", "DROP"})
_DIALECT = "mysql"


def _statement_fields(sql: str) -> dict[str, Any]:
    summary = summarise_statement(sql, _DIALECT)
    fields: dict[str, Any] = {"statement": sql.strip(), "statement_kind": summary.kind}
    if summary.tables:
        fields["tables"] = list(summary.tables)
    return fields


@dataclass
class _Entry:
    """One general-log entry being assembled (its query may continue on later lines)."""

    where: str
    raw: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    size: int = 0

    def continue_with(self, line: str) -> None:
        self.size += len(line) + 1
        if self.size <= MAX_STATEMENT_CHARS:
            self.lines.append(line)


class _Connections:
    """Open connections by id, bounded; fills user, host and database into each entry."""

    def __init__(self) -> None:
        self._open: dict[str, dict[str, str]] = {}

    def track(self, raw: dict[str, Any]) -> None:
        command, conn_id = raw["command"], raw["connection_id"]
        argument = raw.get("argument", "")
        if command == "Connect" and (found := _CONNECT.match(argument)):
            self._remember(conn_id, {k: v for k, v in found.groupdict().items() if v})
        elif command == "Init DB" and argument:
            self._open.setdefault(conn_id, {})["database"] = argument
        for key, value in self._open.get(conn_id, {}).items():
            raw.setdefault(key, value)
        if command == "Quit":
            self._open.pop(conn_id, None)

    def _remember(self, conn_id: str, session: dict[str, str]) -> None:
        self._open.pop(conn_id, None)
        if len(self._open) >= MAX_OPEN_CONNECTIONS:
            self._open.pop(next(iter(self._open)))
        self._open[conn_id] = session


class _GeneralLog:
    """Folds general-log lines into entries; a preamble (server restart) resets connections,
    since ids start again from 1."""

    def __init__(self, path: str, report: ScanReport) -> None:
        self._path = path
        self._report = report
        self._connections = _Connections()
        self._entry: _Entry | None = None
        self._last_time = ""

    def feed(self, number: int, line: str) -> Iterator[RawRecord]:
        found = _ENTRY.match(line)
        preamble = found is None and _PREAMBLE.match(line) is not None
        if found is None and not preamble:
            if self._entry is not None:
                self._entry.continue_with(line)
            elif line.strip():
                self._report.fail(f"{self._path}:{number}", "not a general-log entry; skipped")
            return
        yield from self.flush()
        if found is None:
            self._connections = _Connections()
            return
        self._last_time = found["ts"] or self._last_time
        raw: dict[str, Any] = {"connection_id": found["id"], "command": found["command"]}
        if self._last_time:
            raw["timestamp"] = self._last_time
        self._entry = _Entry(f"{self._path}:{number}", raw)
        self._entry.continue_with(found["argument"] or "")

    def flush(self) -> Iterator[RawRecord]:
        """The entry being assembled, if any, now complete."""
        entry, self._entry = self._entry, None
        if entry is None:
            return
        if entry.size > MAX_STATEMENT_CHARS:
            message = f"entry longer than {MAX_STATEMENT_CHARS} characters; truncated"
            self._report.warn(entry.where, message)
        raw = entry.raw
        raw["argument"] = "\n".join(entry.lines)
        self._connections.track(raw)
        if raw["command"] in _STATEMENT_COMMANDS and raw["argument"]:
            raw.update(_statement_fields(raw["argument"]))
        yield entry.where, raw


@LOG_READERS.decorator("mysql_general")
class MySqlGeneralLogReader(PipelineReader):
    """MySQL 5.7/8 and MariaDB general query logs."""

    format = "mysql_general"

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One record per entry, after its continuation lines; stray lines are reported."""
        general_log = _GeneralLog(str(path), report)
        for number, line in iter_lines(path, report):
            yield from general_log.feed(number, line)
        yield from general_log.flush()

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """A mysqld preamble, or general-log entries with a time, in the first lines."""
        lines = head_lines(head)
        return any(
            _PREAMBLE.match(line) or (_ENTRY.match(line) and line[:1].isdigit()) for line in lines
        )


@LOG_READERS.decorator("mariadb_audit")
class MariaDbAuditReader(PipelineReader):
    """MariaDB ``server_audit`` plugin file output (CSV; queries quoted with ``'``)."""

    format = "mariadb_audit"

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One record per audit row; rows without the plugin's ten columns are reported."""
        rows = iter_csv_rows(path, report, quotechar="'", escapechar="\\", doublequote=False)
        for number, row in rows:
            where = f"{path}:{number}"
            if len(row) != len(_AUDIT_COLUMNS):
                report.fail(where, f"{len(row)} columns, the audit plugin writes 10; skipped")
                continue
            raw: dict[str, Any] = {k: v for k, v in zip(_AUDIT_COLUMNS, row, strict=True) if v}
            raw.update(self._object_fields(raw))
            yield where, raw

    @staticmethod
    def _object_fields(raw: dict[str, Any]) -> dict[str, Any]:
        operation, target = raw.get("operation", ""), raw.get("object", "")
        if operation.startswith("QUERY") and target:
            return _statement_fields(target)
        if operation in _AUDIT_TABLE_OPERATIONS and target:
            database = raw.get("database")
            return {"tables": [f"{database}.{target}" if database else target]}
        return {}

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """The first line has the audit plugin's time, ids and operation layout."""
        lines = head_lines(head, 1)
        return bool(lines) and _AUDIT_HEAD.match(lines[0]) is not None
