"""PostgreSQL ``csvlog`` files: who ran which statement on which tables, and how many rows.

PostgreSQL writes statements three ways, all handled here: ``log_statement`` /
``log_min_duration_statement`` (``statement: …``, ``execute <name>: …``), ``auto_explain``
(``duration: … plan:`` with ``Query Text`` and the top node's actual rows, text or JSON), and
``pgaudit`` (``AUDIT: SESSION,…,READ,SELECT,TABLE,public.t,…``, which names the table itself).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.json_records import json_loads
from indsec.detect.sources.lines import iter_csv_rows
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord
from indsec.detect.sources.sql_statements import summarise_statement
from indsec.model.source import ScanReport

COLUMNS = (
    *("log_time", "user_name", "database_name", "process_id", "connection_from", "session_id"),
    *("session_line_num", "command_tag", "session_start_time", "virtual_transaction_id"),
    *("transaction_id", "error_severity", "sql_state_code", "message", "detail", "hint"),
    *("internal_query", "internal_query_pos", "context", "query", "query_pos", "location"),
    *("application_name", "backend_type", "leader_pid", "query_id"),
)
"""csvlog columns in order; 9.0–12 write the first 23, 13 adds one, 14+ write all 26."""

_WIDTHS = frozenset({23, 24, 26})
_STATEMENT = re.compile(
    r"(?:duration: (?P<duration>[\d.]+) ms\s+)?(?:statement|execute [^:]*): (?P<sql>.*)", re.DOTALL
)
_PLAN = re.compile(r"duration: (?P<duration>[\d.]+) ms\s+plan:\s*(?P<plan>.*)", re.DOTALL)
_PLAN_QUERY = re.compile(r"Query Text: (?P<sql>.*?)\n\s*\S[^\n]*\((?:cost|actual)=?", re.DOTALL)
_PLAN_ROWS = re.compile(r"\(actual (?:time=\S+ )?rows=(?P<rows>\d+)")
_AUDIT_PREFIX = "AUDIT: "
_AUDIT_FIELDS = (
    *("audit_type", "statement_id", "substatement_id", "audit_class", "command"),
    *("object_type", "object_name", "statement", "parameter"),
)
_DIALECT = "postgres"


def _statement_fields(sql: str, duration: str | None) -> dict[str, Any]:
    summary = summarise_statement(sql, _DIALECT)
    fields: dict[str, Any] = {"statement": sql.strip(), "statement_kind": summary.kind}
    if summary.tables:
        fields["tables"] = list(summary.tables)
    if duration:
        fields["duration_ms"] = duration
    return fields


def _json_plan(plan: str) -> tuple[str, Any]:
    document = json_loads()(plan)  # starts with "{": an object, or a ValueError
    top = document.get("Plan")
    rows = top.get("Actual Rows") if isinstance(top, dict) else None
    return str(document.get("Query Text", "")), rows


def _text_plan(plan: str) -> tuple[str, Any]:
    query = _PLAN_QUERY.search(plan)
    rows = _PLAN_ROWS.search(plan)
    return (query["sql"] if query else ""), (rows["rows"] if rows else None)


def _plan_fields(duration: str, plan: str) -> dict[str, Any]:
    sql, rows = _json_plan(plan) if plan.startswith("{") else _text_plan(plan)
    fields = _statement_fields(sql, duration) if sql else {"duration_ms": duration}
    if rows is not None:
        fields["rows"] = rows
    return fields


def _audit_fields(message: str) -> dict[str, Any]:
    values = next(csv.reader([message[len(_AUDIT_PREFIX) :]]), [])
    audit = dict(zip(_AUDIT_FIELDS, values, strict=False))
    fields = _statement_fields(audit.get("statement", ""), None)
    fields["audit_class"] = audit.get("audit_class", "")
    if audit.get("command"):
        fields["statement_kind"] = audit["command"]
    if audit.get("object_name"):
        fields["tables"] = [audit["object_name"]]
    return fields


def statement_fields(message: str) -> dict[str, Any]:
    """Statement, kind, tables, rows and duration found in one log message (maybe none)."""
    if message.startswith(_AUDIT_PREFIX):
        return _audit_fields(message)
    plan = _PLAN.match(message)
    if plan is not None:
        return _plan_fields(plan["duration"], plan["plan"])
    statement = _STATEMENT.match(message)
    if statement is not None:
        return _statement_fields(statement["sql"], statement["duration"])
    return {}


@LOG_READERS.decorator("pg_csvlog")
class PostgresCsvLogReader(PipelineReader):
    """PostgreSQL csvlog; statements become database audit events."""

    format = "pg_csvlog"

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One raw record per CSV record; rows of a width PostgreSQL never writes are reported."""
        for number, row in iter_csv_rows(path, report):
            where = f"{path}:{number}"
            if len(row) not in _WIDTHS:
                report.fail(where, f"{len(row)} columns, csvlog has 23, 24 or 26; skipped")
                continue
            named = zip(COLUMNS, row, strict=False)
            raw: dict[str, Any] = {name: value for name, value in named if value}
            try:
                raw.update(statement_fields(raw.get("message", "")))
            except ValueError as exc:
                report.warn(where, f"statement not understood: {exc}")
            yield where, raw

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """The first record has a csvlog width and starts with a PostgreSQL log time."""
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        try:
            first = next(csv.reader(io.StringIO(text)), [])
        except csv.Error:
            return False
        return len(first) in _WIDTHS and re.match(r"\d{4}-\d\d-\d\d \d\d:", first[0]) is not None
