"""Database audit logs (PostgreSQL csvlog, MySQL/MariaDB general log, MariaDB audit plugin)
become events with user, database, table(s), rows and statement kind."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from logsamples import LOGS, SHANGHAI, ReadEvents

from indsec.detect.sources.mysql_log import MariaDbAuditReader, MySqlGeneralLogReader
from indsec.detect.sources.pg_csvlog import PostgresCsvLogReader, statement_fields
from indsec.detect.sources.sql_statements import StatementSummary, summarise_statement
from indsec.model.event import Event, LogSource
from indsec.model.source import ScanReport

STATEMENTS = [
    (
        "SELECT a.x FROM erp.customers a JOIN orders b ON a.id = b.cid",
        "postgres",
        "SELECT",
        ("erp.customers", "orders"),
    ),
    ("WITH t AS (SELECT * FROM s.secret) SELECT * FROM t", "postgres", "SELECT", ("s.secret",)),
    (
        "COPY public.customers TO '/tmp/c.csv' WITH CSV",
        "postgres",
        "COPY TO",
        ("public.customers",),
    ),
    ("COPY (SELECT * FROM recipes) TO STDOUT", "postgres", "COPY TO", ("recipes",)),
    ("COPY public.customers FROM STDIN", "postgres", "COPY FROM", ("public.customers",)),
    ("GRANT SELECT ON TABLE public.customers TO bob", "postgres", "GRANT", ("public.customers",)),
    ("GRANT SELECT ON mes.recipes TO 'ro'@'%'", "mysql", "GRANT", ("mes.recipes",)),
    ("select * from `erp`.`customers` limit 10", "mysql", "SELECT", ("erp.customers",)),
    (
        "SELECT * FROM erp.customers INTO OUTFILE '/tmp/c'",
        "mysql",
        "SELECT INTO OUTFILE",
        ("erp.customers",),
    ),
    ("INSERT INTO t2 SELECT * FROM t1", "mysql", "INSERT", ("t2", "t1")),
    ("/* job 7 */ SELECT 1", "postgres", "SELECT", ()),
    ("SELECT 'FROM fake' FROM real_table", "postgres", "SELECT", ("real_table",)),
    ("SET NAMES utf8mb4", "mysql", "SET", ()),
    ("", "mysql", "UNKNOWN", ()),
]


@pytest.mark.parametrize(("sql", "dialect", "kind", "tables"), STATEMENTS)
def test_statement_summary(sql: str, dialect: str, kind: str, tables: tuple[str, ...]) -> None:
    assert summarise_statement(sql, dialect) == StatementSummary(kind, tables)


MESSAGES = [
    ("statement: SELECT * FROM a.b", {"statement_kind": "SELECT", "tables": ["a.b"]}),
    ("duration: 1.5 ms  statement: DELETE FROM t", {"duration_ms": "1.5", "tables": ["t"]}),
    ("execute S_1: UPDATE x.y SET a = $1", {"statement_kind": "UPDATE", "tables": ["x.y"]}),
    ("checkpoint starting: time", {}),
    (
        'AUDIT: SESSION,1,1,READ,SELECT,TABLE,erp.customers,"SELECT * FROM customers",<none>',
        {"statement_kind": "SELECT", "tables": ["erp.customers"], "audit_class": "READ"},
    ),
]


@pytest.mark.parametrize(("message", "expected"), MESSAGES)
def test_postgres_message_parsing(message: str, expected: dict[str, object]) -> None:
    assert expected.items() <= statement_fields(message).items()
    assert bool(expected) == ("statement" in statement_fields(message))


@pytest.fixture
def pg_events(read_events: ReadEvents) -> list[Event]:
    events, _ = read_events(PostgresCsvLogReader, LOGS / "postgresql.csv")
    return events


PG_EVENTS = [
    (0, "login", {"user": "mes_app", "database": "mes", "SourceIp": "10.20.1.30"}),
    (1, "statement", {"table": ["public.operators"], "statement_kind": "SELECT"}),
    (2, "statement", {"table": ["public.process_recipes"], "statement_kind": "COPY TO"}),
    (3, "statement", {"table": ["public.process_recipes", "public.products"], "rows": 4873}),
    (4, "statement", {"table": ["erp.customers"], "rows": 82000, "duration_ms": 9.902}),
    (5, "statement", {"statement_kind": "GRANT", "table": ["erp.customers"], "user": "dba"}),
    (6, "statement", {"user": "vendor_ro", "SourceIp": "198.51.100.23", "SourcePort": 55110}),
    (7, "statement", {"table": ["mes.Batch Records"], "application": "psql"}),
    (8, "auth_failure", {"user": "intruder", "SourceIp": "203.0.113.45"}),
    (9, "log", {"backend_type": "checkpointer"}),
]


@pytest.mark.parametrize(("index", "event_type", "expected"), PG_EVENTS)
def test_postgres_csvlog(
    pg_events: list[Event], index: int, event_type: str, expected: dict[str, object]
) -> None:
    event = pg_events[index]
    assert event.logsource == LogSource(product="postgresql")
    assert event.fields["event_type"] == event_type
    assert expected.items() <= event.fields.items()


def test_postgres_times_and_bad_rows(read_events: ReadEvents) -> None:
    path = LOGS / "postgresql.csv"
    events, report = read_events(PostgresCsvLogReader, path)
    assert events[0].timestamp == datetime(2025, 5, 6, 9, 0, 1, 120000, tzinfo=SHANGHAI)
    assert events[3].origin == f"{path}:4" and events[4].origin == f"{path}:10"
    assert [(f.where, f.message) for f in report.failures] == [
        (f"{path}:32", "7 columns, csvlog has 23, 24 or 26; skipped")
    ]


def test_postgres_12_layout(read_events: ReadEvents) -> None:
    events, _ = read_events(PostgresCsvLogReader, LOGS / "postgresql12.csv")
    assert events[0].fields["table"] == ["sales.orders"]
    assert events[0].timestamp == datetime(2025, 5, 6, 17, 10, tzinfo=SHANGHAI)


MYSQL8 = [
    (0, "login", {"user": "mes_app", "host": "10.20.1.30", "database": "mes"}),
    (1, "statement", {"statement_kind": "SET", "user": "mes_app"}),
    (2, "statement", {"table": ["orders", "customers"], "database": "mes"}),
    (3, "auth_failure", {"user": "root", "SourceIp": "203.0.113.45"}),
    (4, "login", {"user": "vendor_zhang", "SourceIp": "198.51.100.23"}),
    (5, "log", {"command": "Init DB", "database": "erp"}),
    (6, "statement", {"statement_kind": "SELECT INTO OUTFILE", "table": ["erp.customers"]}),
    (7, "logout", {"user": "vendor_zhang"}),
]


@pytest.mark.parametrize(("index", "event_type", "expected"), MYSQL8)
def test_mysql8_general_log(
    read_events: ReadEvents, index: int, event_type: str, expected: dict[str, object]
) -> None:
    events, report = read_events(MySqlGeneralLogReader, LOGS / "mysql8_general.log")
    assert report.failures == [] and len(events) == 9
    assert events[index].fields["event_type"] == event_type
    assert events[index].logsource == LogSource(product="mysql")
    assert expected.items() <= events[index].fields.items()


def test_mysql_multi_line_query_and_forgotten_connection(read_events: ReadEvents) -> None:
    events, _ = read_events(MySqlGeneralLogReader, LOGS / "mysql8_general.log")
    assert events[2].fields["statement"].endswith("WHERE o.created_at > NOW() - INTERVAL 1 DAY")
    assert events[2].timestamp == datetime(2025, 5, 6, 9, 0, 1, 330912, tzinfo=SHANGHAI)
    after_quit = events[8].fields
    assert after_quit["connection_id"] == 33 and "user" not in after_quit


def test_mariadb_general_log_lines_without_time(read_events: ReadEvents) -> None:
    events, report = read_events(MySqlGeneralLogReader, LOGS / "mariadb_general.log")
    assert report.failures == []
    _, query, grant, quit_ = events
    assert query.fields["user"] == "analyst" and query.fields["table"] == ["process_recipes"]
    assert query.timestamp == datetime(2025, 5, 6, 9, 10, tzinfo=SHANGHAI)
    assert grant.fields["statement_kind"] == "GRANT"
    assert grant.fields["table"] == ["mes.process_recipes"]
    assert quit_.timestamp == grant.timestamp


def test_mariadb_audit_plugin(read_events: ReadEvents) -> None:
    path = LOGS / "mariadb_server_audit.log"
    events, report = read_events(MariaDbAuditReader, path)
    kinds = [e.fields["event_type"] for e in events]
    assert kinds == ["login", "statement", "table_access", "auth_failure", "statement", "logout"]
    query, read = events[1].fields, events[2].fields
    assert query["statement"] == "SELECT id, name, id_card_no FROM customers WHERE city = 'Suzhou'"
    assert query["table"] == ["customers"] and query["user"] == "vendor_ro"
    assert read["table"] == ["erp.customers"] and read["statement_kind"] == "READ"
    assert events[4].fields["table"] == ["erp.price_list"]
    assert events[3].fields["retcode"] == 1045
    assert [(f.where, f.message) for f in report.failures] == [
        (f"{path}:7", "1 columns, the audit plugin writes 10; skipped")
    ]


PLANS = [
    ('duration: 1 ms  plan:\n{"Query Text": "SELECT * FROM a", "Plan": {"Actual Rows": 5}}', 5),
    ('duration: 1 ms  plan:\n{"Query Text": "SELECT * FROM a", "Plan": []}', None),
    ("duration: 1 ms  plan:\nQuery Text: SELECT * FROM a\nSeq Scan on a  (actual rows=7)", "7"),
]


@pytest.mark.parametrize(("message", "rows"), PLANS)
def test_auto_explain_rows(message: str, rows: object) -> None:
    fields = statement_fields(message)
    assert fields["tables"] == ["a"] and fields.get("rows") == rows


def test_malformed_plan_is_a_warning_and_the_event_is_kept(tmp_path: Path) -> None:
    row = ["2025-05-06 09:00:00 CST", "u", "db", *[""] * 10, "duration: 1 ms  plan:\n{broken"]
    path = tmp_path / "pg.csv"
    path.write_text(",".join(f'"{v}"' for v in row + [""] * 12) + "\n", encoding="utf-8")
    report = ScanReport()
    (event,) = PostgresCsvLogReader().read(path, report)
    assert event.fields["user"] == "u" and "statement" not in event.fields
    assert report.warnings[0].where == f"{path}:1"
    assert report.warnings[0].message.startswith("statement not understood")
