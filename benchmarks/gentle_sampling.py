"""Gentle sampling: what a scan of a 10-million-row table reads, by the server's own statistics.

Run ``python benchmarks/gentle_sampling.py`` with the test servers' URLs in the environment
(``source .test-services.env``). It builds a 10-million-row table on MariaDB and on PostgreSQL,
generated server-side (MariaDB's Sequence engine, ``generate_series``), then on each engine:

* before, the named peer: the queries the old connector ran and issue 13 reports, an exact
  ``COUNT(*)`` and ``ORDER BY rand() LIMIT 1000`` (the old code ran them on tables of up to
  100 000 and 1 000 000 rows; past that it took the first rows, or an unseeded TABLESAMPLE);
* for a MariaDB table without a primary key, also the previous indsec: a reservoir over the
  first ``INDSEC_MAX_SCAN_ROWS`` rows (100 000), what it read before it drew key ranges from any
  index (on PostgreSQL it took a seeded TABLESAMPLE, which it still does without an index);
* after: a whole indsec scan of the database, default settings.

Tables (``--tables``): ``key`` has an integer primary key, ``index`` none but a plain index on
``id`` (common in MySQL dumps: logs, imports, history), ``nokey`` neither.

Rows read are the server's counters: MariaDB's session ``Handler_read_*`` (every row the storage
engine handed over, through any index or a table scan), PostgreSQL's ``pg_stat_user_tables``
``seq_tup_read + idx_tup_fetch`` of the table, plus the pages touched from
``pg_statio_user_tables``. The tables are kept with ``--keep`` and reused by the next run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``benchmarks`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from indsec.discover.base import ConnectorOptions
from indsec.discover.sql import SqlConnector
from indsec.model import ScanReport

ROWS = 10_000_000
TABLE = "meter_readings"
DATABASE = "indsec_bench_sampling"
SAMPLE = 1000
ENGINES = {"mariadb": "INDSEC_TEST_MYSQL_URL", "postgresql": "INDSEC_TEST_POSTGRESQL_URL"}
# database suffix, the id column's constraint, DDL run after the table is created
VARIANTS = {
    "key": ("", "PRIMARY KEY", ""),
    "index": ("_index", "", f"CREATE INDEX ix_{TABLE}_id ON {TABLE} (id)"),
    "nokey": ("_nokey", "", ""),
}
PREVIOUS_BOUND = 100_000
_CHUNK = 1_000_000

DDL = (
    f"CREATE TABLE {TABLE} (id BIGINT {{key}}, device_code VARCHAR(32),"
    " operator_phone VARCHAR(20), reading DOUBLE PRECISION, note VARCHAR(64))"
)
_ROW = (
    "{n}, CONCAT('DEV-', LPAD(CAST({n} % 5000 AS CHAR), 5, '0')),"
    " CONCAT('138', LPAD(CAST({n} % 100000000 AS CHAR), 8, '0')), {n} * 0.001,"
    " CONCAT('reading ', CAST({n} AS CHAR))"
)
FILL = {
    "mariadb": f"INSERT INTO {TABLE} SELECT {_ROW.format(n='seq')} FROM seq_{{lo}}_to_{{hi}}",
    "postgresql": f"INSERT INTO {TABLE} SELECT {_ROW.format(n='g')} FROM generate_series({{lo}},"
    " {hi}) g".replace("AS CHAR", "AS TEXT"),
}
ANALYZE = {"mariadb": f"ANALYZE TABLE {TABLE}", "postgresql": f"VACUUM ANALYZE {TABLE}"}
OLD_QUERIES = {
    "mariadb": [
        f"SELECT count(*) FROM {TABLE}",
        f"SELECT * FROM {TABLE} ORDER BY rand(0) LIMIT 1000",
    ],
    "postgresql": [
        f"SELECT count(*) FROM {TABLE}",
        f"SELECT * FROM {TABLE} ORDER BY random() LIMIT 1000",
    ],
}
_PG_READS = (
    "SELECT t.seq_tup_read, COALESCE(t.idx_tup_fetch, 0), io.heap_blks_read + io.heap_blks_hit"
    " FROM pg_stat_user_tables t JOIN pg_statio_user_tables io ON io.relid = t.relid"
    " WHERE t.relname = :t"
)


def server_reads(conn: Connection, kind: str, table: str) -> dict[str, int]:
    """The server's read counters: this session's (MariaDB) or ``table``'s (PostgreSQL).

    PostgreSQL publishes a session's table statistics when it goes idle, at most once a
    second; ``pg_stat_force_next_flush`` and a commit publish them now, so the counters include
    everything this session read.
    """
    if kind == "mariadb":
        status = conn.execute(text("SHOW SESSION STATUS LIKE 'Handler_read%'")).all()
        return {str(name): int(value) for name, value in status}
    conn.execute(text("SELECT pg_stat_force_next_flush()"))
    conn.commit()
    seq, idx, pages = conn.execute(text(_PG_READS), {"t": table}).one()
    conn.commit()
    return {"seq_tup_read": int(seq), "idx_tup_fetch": int(idx), "pages": int(pages)}


def rows_read(before: dict[str, int], after: dict[str, int]) -> int:
    """Rows the server read between two :func:`server_reads` (pages are not rows)."""
    return sum(after[k] - before[k] for k in after if k != "pages")


class MeasuredConnector(SqlConnector):
    """The SQL connector, with the server's read counters taken around its own session."""

    def __init__(self, url: str, *, options: ConnectorOptions, kind: str, table: str) -> None:
        super().__init__(url, options=options)
        self.kind, self.table = kind, table
        self.before: dict[str, int] = {}
        self.after: dict[str, int] = {}

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """The connector's connection; counters are read on it before and after the scan."""
        with super().connect() as conn:
            self.before = server_reads(conn, self.kind, self.table)
            yield conn
            self.after = server_reads(conn, self.kind, self.table)


@dataclass(frozen=True)
class Figure:
    """One measured run: rows and pages the server read, the counters, wall-clock seconds."""

    rows: int
    pages: int
    seconds: float
    counters: dict[str, int]

    @classmethod
    def of(cls, before: dict[str, int], after: dict[str, int], seconds: float) -> Figure:
        """The figure between two :func:`server_reads`."""
        deltas = {k: after[k] - before[k] for k in after if after[k] != before[k]}
        return cls(rows_read(before, after), deltas.get("pages", 0), seconds, deltas)


def database_url(server_url: str, database: str) -> str:
    """``server_url`` pointing at ``database``."""
    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


def ensure_table(kind: str, server_url: str, rows: int, variant: str) -> str:
    """The URL of the ``variant``'s database, holding ``rows`` generated rows (built if needed)."""
    suffix, key, index = VARIANTS[variant]
    database = DATABASE + suffix
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text(_EXISTS[kind]), {"d": database}).first() is not None
        if not exists:
            conn.execute(text(f"CREATE DATABASE {database}"))
    admin.dispose()
    engine = create_engine(database_url(server_url, database), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if exists and _has_rows(conn, rows):
            return database_url(server_url, database)
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
        conn.execute(text(DDL.format(key=key)))
        for lo in range(1, rows + 1, _CHUNK):
            hi = min(rows, lo + _CHUNK - 1)
            conn.execute(text(FILL[kind].format(lo=lo, hi=hi)))
            print(f"  {kind}: {hi:,} rows", file=sys.stderr)
        if index:
            conn.execute(text(index))
        conn.execute(text(ANALYZE[kind]))
    engine.dispose()
    return database_url(server_url, database)


_EXISTS = {
    "mariadb": "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :d",
    "postgresql": "SELECT 1 FROM pg_database WHERE datname = :d",
}


def _has_rows(conn: Connection, rows: int) -> bool:
    try:
        found = conn.execute(text(f"SELECT min(id), max(id) FROM {TABLE}")).one()
    except SQLAlchemyError:  # no table yet: build it
        return False
    return tuple(found) == (1, rows)


def measure_old(kind: str, url: str, queries: list[str]) -> Figure:
    """A peer: ``queries`` (the old exact count and ORDER BY random sample), on one session."""
    engine = create_engine(url)
    with engine.connect() as conn:
        before = server_reads(conn, kind, TABLE)
        start = time.perf_counter()
        for query in queries:
            conn.execute(text(query)).fetchall()
        seconds = time.perf_counter() - start
        after = server_reads(conn, kind, TABLE)
    engine.dispose()
    return Figure.of(before, after, seconds)


def measure_scan(kind: str, url: str, seed: int) -> tuple[Figure, str]:
    """A whole indsec scan of the database; also what it reported about the table."""
    options = ConnectorOptions(sample_size=SAMPLE, seed=seed)
    connector = MeasuredConnector(url, options=options, kind=kind, table=TABLE)
    start = time.perf_counter()
    assets = list(connector.discover(ScanReport()))
    seconds = time.perf_counter() - start
    asset = next(a for a in assets if a.name == TABLE)
    sampled = len(asset.columns[0].values)
    method = asset.metadata.get("sample_method", "")
    note = f"rows={asset.rows:,} exact={asset.rows_exact} sampled={sampled} by {method}"
    return Figure.of(connector.before, connector.after, seconds), note


def drop_database(server_url: str, database: str) -> None:
    """Remove a benchmark database."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {database}"))
    admin.dispose()


def _row(label: str, figure: Figure, total: int) -> str:
    share = f"{100 * figure.rows / total:8.3f} %"
    counters = ", ".join(f"{k} {v:,}" for k, v in figure.counters.items())
    return (
        f"  {label:<44} {figure.rows:>12,} {share} {figure.pages:>9,} {figure.seconds:>8.2f}"
        f"\n      ({counters})"
    )


def run(kind: str, server_url: str, rows: int, seed: int, variant: str) -> Callable[[], None]:
    """Measure one engine's ``variant`` table and print its figures; returns the clean-up."""
    url = ensure_table(kind, server_url, rows, variant)
    old = measure_old(kind, url, OLD_QUERIES[kind])
    previous = None
    if variant != "key" and kind == "mariadb":  # PostgreSQL's previous peer was TABLESAMPLE
        previous = measure_old(kind, url, [f"SELECT * FROM {TABLE} LIMIT {PREVIOUS_BOUND}"])
    new, note = measure_scan(kind, url, seed)
    database = make_url(url).database
    print(f"\n{kind}: {database}.{TABLE} ({variant}), {rows:,} rows; indsec reported {note}")
    print(f"  {'':<44} {'rows read':>12} {'of table':>10} {'pages':>9} {'seconds':>8}")
    print(_row("before: COUNT(*) + ORDER BY random LIMIT 1000", old, rows))
    if previous is not None:
        print(_row(f"previous indsec: first {PREVIOUS_BOUND:,} rows", previous, rows))
    print(_row("after:  indsec scan (estimate + seeded sample)", new, rows))
    print(_ratio("before", old, new))
    if previous is not None:
        print(_ratio("previous indsec", previous, new))
    return lambda: drop_database(server_url, database or "")


def _ratio(label: str, peer: Figure, new: Figure) -> str:
    ratio_rows = peer.rows / max(new.rows, 1)
    ratio_time = peer.seconds / max(new.seconds, 1e-9)
    return f"  ratio {label}/after: rows read x{ratio_rows:,.0f}, time x{ratio_time:,.1f}"


def main() -> None:
    """Build, measure and print both engines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the tables for the next run")
    parser.add_argument(
        "--tables", nargs="+", choices=sorted(VARIANTS), default=["key"], help="which tables"
    )
    parser.add_argument("--engines", nargs="+", choices=sorted(ENGINES), default=sorted(ENGINES))
    args = parser.parse_args()
    for kind in args.engines:
        server_url = os.environ.get(ENGINES[kind])
        if not server_url:
            sys.exit(f"{ENGINES[kind]} is not set: source .test-services.env first")
        for variant in args.tables:
            cleanup = run(kind, server_url, args.rows, args.seed, variant)
            if not args.keep:
                cleanup()


if __name__ == "__main__":
    main()
