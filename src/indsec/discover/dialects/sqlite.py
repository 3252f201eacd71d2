"""SQLite files: read-only URI connections, a per-statement deadline, rowid key ranges."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, case, event, func, null, select, text
from sqlalchemy.engine import URL, Connection, Inspector
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import sqltypes
from sqlalchemy.sql.expression import ColumnClause

from indsec.discover.dialects.base import Columns, Dialect, TableRef, origin
from indsec.discover.dialects.keys import SampleKey, index_key
from indsec.discover.sqlite_files import open_query
from indsec.errors import ConnectorError

_SQLITE_PROGRESS_STEPS = 1000
_SQLITE_HAS_STAT1 = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
_SQLITE_STAT1 = "SELECT stat FROM sqlite_stat1 WHERE tbl = :t ORDER BY idx IS NOT NULL LIMIT 1"
_ROWID = SampleKey("rowid", "rowid", unique=True)


class _Deadline:
    """SQLite has no statement timeout; a progress handler aborts statements past a deadline."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.deadline = time.monotonic() + timeout_s

    def arm(self, *_: object) -> None:
        """Start the clock for the statement about to run."""
        self.deadline = time.monotonic() + self.timeout_s

    def expired(self) -> int:
        """Non-zero makes SQLite interrupt the running statement."""
        return int(time.monotonic() > self.deadline)


class SqliteDialect(Dialect):
    """SQLite files, opened with ``mode=ro`` so the library itself refuses writes.

    How a file is opened so that no ``-wal``/``-shm`` appears beside it is decided in
    :mod:`indsec.discover.sqlite_files`.
    """

    name = "sqlite"
    module, extra, sqlalchemy_driver = "sqlite3", "", "pysqlite"  # standard library, no extra
    _FIRST_WORD = re.compile(r"^\s*[\"`\[]?(?P<word>[^\"`\]\s,(]+)")

    def create_engine(self, url: URL, timeout_s: float, **options: Any) -> Engine:
        """An engine over a read-only URI connection, with a deadline armed per statement."""
        if not url.database or url.database == ":memory:":
            raise ConnectorError("a SQLite URL must name a database file")
        path = Path(url.database).absolute()
        query, guard = open_query(path)
        uri = f"file:{quote(str(path))}?{query}"
        deadline = _Deadline(timeout_s)

        def connect() -> sqlite3.Connection:
            deadline.arm()
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.set_progress_handler(deadline.expired, _SQLITE_PROGRESS_STEPS)
            return connection

        engine = super().create_engine(URL.create("sqlite+pysqlite"), timeout_s, creator=connect)
        event.listen(engine, "before_cursor_execute", deadline.arm)
        if guard is not None:
            event.listen(engine, "before_cursor_execute", guard.check)
        return engine

    def prepare_session(self, dbapi_connection: Any, timeout_s: float) -> None:
        """``query_only`` on top of ``mode=ro``; the timeout is the per-statement deadline."""
        dbapi_connection.execute("PRAGMA query_only = ON")

    def bounded(self, value: ColumnClause[Any], column_type: Any, limit: int) -> Any:
        """Decided per value: SQLite keeps any type in any column, whatever it declares."""
        kind = func.typeof(value)
        return case(
            (kind == "text", func.substr(value, 1, limit)), (kind == "blob", null()), else_=value
        )

    def timed_out(self, exc: BaseException) -> bool:
        """The deadline's progress handler is the only thing that interrupts our statements."""
        cause = origin(exc)
        return isinstance(cause, sqlite3.OperationalError) and str(cause) == "interrupted"

    def schemas(self, inspector: Inspector) -> list[str | None]:
        """Only the main database: attached ones are not part of the URL."""
        return [None]

    def estimate_rows(self, conn: Connection, ref: TableRef) -> int | None:
        """The row count ``ANALYZE`` left in ``sqlite_stat1``, if it ran on this table."""
        if conn.execute(text(_SQLITE_HAS_STAT1)).first() is None:
            return None
        stat = conn.execute(text(_SQLITE_STAT1), {"t": ref.name}).scalar()
        first = str(stat or "").split(" ", 1)[0]
        return int(first) if first.isdigit() else None

    def key_span(self, conn: Connection, ref: TableRef) -> int | None:
        """``MAX(rowid) - MIN(rowid) + 1``: two index lookups, exact unless rows were deleted.

        Most SQLite files were never analysed, so without this a table past the count's bound
        would only be known as "at least" that many rows, too few for volume grading rules.
        """
        if ref.kind != "table":
            return None
        rowid = ref.clause(["rowid"]).c.rowid
        try:
            span = conn.execute(select(func.max(rowid) - func.min(rowid) + 1)).scalar()
        except DBAPIError:  # a WITHOUT ROWID table
            return None
        return int(span) if span is not None else None

    def range_key(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns
    ) -> SampleKey | None:
        """A one-column integer primary key, else the ``rowid``, else an indexed integer column.

        Every table has a ``rowid`` unless made ``WITHOUT ROWID`` (or a column shadows the
        name); such a table is ordered by its primary key, whose leading column can serve. Only
        integers are trusted to order as numbers: SQLite keeps any type in any column.
        """
        if ref.kind != "table":
            return None
        key = index_key(inspector, ref.schema, ref.name, columns, (sqltypes.Integer,))
        if key is not None and key.source == "primary key" and key.unique:
            return key
        return _ROWID if _has_rowid(conn, ref, columns) else key

    def comments(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns
    ) -> tuple[str, dict[str, str]]:
        """``-- comments`` in the stored CREATE statement, which SQLite keeps verbatim.

        A comment on a column's line describes the column; one before the first column, the
        table.
        """
        query = text("SELECT sql FROM sqlite_master WHERE name = :name")
        sql = str(conn.execute(query, {"name": ref.name}).scalar() or "")
        column_comments = {c["name"]: "" for c in columns}
        table_comment, seen_column = "", False
        for line in sql.splitlines():
            code, marker, comment = line.partition("--")
            word = self._FIRST_WORD.match(code)
            if word and word["word"] in column_comments:
                column_comments[word["word"]], seen_column = comment.strip(), True
            elif marker and not seen_column:
                table_comment = comment.strip()
        return table_comment, column_comments


def _has_rowid(conn: Connection, ref: TableRef, columns: Columns) -> bool:
    """Whether ``ref`` answers to ``rowid`` (asked with a query that reads no row)."""
    if any(c["name"].lower() == "rowid" for c in columns):
        return False
    try:
        conn.execute(select(ref.clause(["rowid"]).c.rowid).limit(0)).all()
    except DBAPIError:  # a WITHOUT ROWID table
        return False
    return True
