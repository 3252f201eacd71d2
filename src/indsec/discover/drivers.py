"""Database engine families: their optional drivers and everything engine-specific.

Each driver family is a pip extra (``indsec[postgresql]``, ``indsec[mysql]``), so a plant
workstation only installs what it scans; importing drivers here, and nowhere else, turns a
missing one into a clear :class:`MissingDriverError` naming the extra instead of an
``ImportError`` deep inside SQLAlchemy. The same :class:`Dialect` objects hold what else differs
between engines, so the SQL connector stays engine-agnostic: how to make a session read-only
and bound its statements, where comments and row estimates live, which random sampling is cheap.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import quote

from sqlalchemy import (
    ARRAY,
    JSON,
    Engine,
    Enum,
    String,
    Text,
    case,
    cast,
    create_engine,
    event,
    func,
    literal,
    null,
    select,
    tablesample,
    text,
)
from sqlalchemy.engine import URL, Connection, Inspector
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import TableClause, column, sqltypes, table
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import NullType

from indsec.discover.sqlite_files import open_query
from indsec.errors import ConnectorError, MissingDriverError
from indsec.plugins import Registry, instance_of

TABLESAMPLE_OVERSAMPLING = 4
_SQLITE_PROGRESS_STEPS = 1000
_MYSQL_TIMEOUT_CODES = (1969, 3024)
_SQLITE_HAS_STAT1 = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
_SQLITE_STAT1 = "SELECT stat FROM sqlite_stat1 WHERE tbl = :t ORDER BY idx IS NOT NULL LIMIT 1"
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

Columns = list[ReflectedColumn]
_BINARY = sqltypes._Binary  # the common base of BLOB, BYTEA, (VAR)BINARY, MySQL's xBLOBs
_LONG = (String, JSON, ARRAY, NullType)  # column types whose values can be long


def resolve_placeholders(value: str | None, environ: Mapping[str, str]) -> str | None:
    """Replace each ``${VAR}`` in ``value`` by that environment variable.

    Raises:
        ConnectorError: a referenced variable is not set (the message names it, never a value).
    """
    if value is None:
        return None

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise ConnectorError(f"environment variable {name} (used in the source URL) is not set")
        return environ[name]

    return _PLACEHOLDER.sub(substitute, value)


@dataclass(frozen=True, slots=True)
class TableRef:
    """A table or view to scan; ``display`` is its asset name (schema omitted when default)."""

    schema: str | None
    name: str
    kind: str
    display: str

    def clause(self, columns: Sequence[str]) -> TableClause:
        """A quoted, schema-qualified selectable over ``columns``."""
        return table(self.name, *(column(name) for name in columns), schema=self.schema)


class Dialect(ABC):
    """One database engine family; the defaults suit SQLAlchemy's generic inspector.

    Attributes:
        name: the URL backend name (``postgresql`` in ``postgresql+psycopg://``).
        module: Python module of the DBAPI driver indsec ships for the family.
        extra: pip extra of indsec that installs it ("" for the standard library).
        sqlalchemy_driver: the ``+driver`` used when a URL names none, so ``postgresql://``
            never falls back to a driver indsec does not ship.
        password_env: variable the family's tools read the password from.
        system_schemas: schemas of the engine's own catalog, never scanned.
    """

    name: ClassVar[str]
    module: ClassVar[str]
    extra: ClassVar[str]
    sqlalchemy_driver: ClassVar[str]
    password_env: ClassVar[str] = ""
    system_schemas: ClassVar[re.Pattern[str]] = re.compile(r"^$")

    def import_driver(self) -> ModuleType:
        """Import the DBAPI module.

        Raises:
            MissingDriverError: the module is not installed; the message names the pip extra.
        """
        try:
            return importlib.import_module(self.module)
        except ImportError as exc:
            raise MissingDriverError(self.module, self.extra) from exc

    def connection_url(self, url: URL, environ: Mapping[str, str]) -> URL:
        """``url`` ready for the driver: ``${VAR}`` credentials resolved, default driver named.

        Placeholders are resolved at connect time, so secrets live only in the environment of
        the scanning process, never in stored scan definitions. Without a password in the URL,
        :attr:`password_env` is used if set.
        """
        url = url.set(
            username=resolve_placeholders(url.username, environ),
            password=resolve_placeholders(url.password, environ),
            host=resolve_placeholders(url.host, environ),
            database=resolve_placeholders(url.database, environ),
        )
        if url.password is None and self.password_env in environ:
            url = url.set(password=environ[self.password_env])
        if "+" not in url.drivername:
            url = url.set(drivername=f"{url.drivername}+{self.sqlalchemy_driver}")
        return url

    def create_engine(self, url: URL, timeout_s: float, **options: Any) -> Engine:
        """An engine whose every new session goes through :meth:`prepare_session`.

        ``options`` for ``create_engine`` replace the default, a connect timeout.
        """
        options = options or {"connect_args": {"connect_timeout": max(2, round(timeout_s))}}
        engine = create_engine(url, poolclass=NullPool, **options)
        event.listen(engine, "connect", lambda dbapi, _: self.prepare_session(dbapi, timeout_s))
        return engine

    @abstractmethod
    def prepare_session(self, dbapi_connection: Any, timeout_s: float) -> None:
        """Make a new session read-only and bound every statement by ``timeout_s``."""

    def timed_out(self, exc: BaseException) -> bool:
        """Whether ``exc`` is the engine cancelling a statement past the timeout."""
        return False

    def schemas(self, inspector: Inspector) -> list[str | None]:
        """Every schema except the engine's own catalogs."""
        names = inspector.get_schema_names()
        return [name for name in names if not self.system_schemas.match(name)]

    def relations(self, inspector: Inspector, schema: str | None) -> list[tuple[str, str]]:
        """``(name, kind)`` of the tables, then the views, of ``schema``, sorted."""
        tables = [(name, "table") for name in sorted(inspector.get_table_names(schema))]
        return tables + [(name, "view") for name in sorted(inspector.get_view_names(schema))]

    def schema_comment(self, conn: Connection, schema: str) -> str:
        """The comment on ``schema``; most engines have none."""
        return ""

    def comments(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns
    ) -> tuple[str, dict[str, str]]:
        """The table comment and each column's comment."""
        table_comment = inspector.get_table_comment(ref.name, schema=ref.schema).get("text")
        return table_comment or "", {c["name"]: c.get("comment") or "" for c in columns}

    def estimate_rows(self, conn: Connection, ref: TableRef) -> int | None:
        """The engine's cheap row estimate, or None when it keeps none."""
        return None

    def key_span(self, conn: Connection, ref: TableRef) -> int | None:
        """An index-only size estimate of a table the statistics miss, or None."""
        return None

    def range_key(self, inspector: Inspector, ref: TableRef, columns: Columns) -> str | None:
        """The indexed integer key random key ranges can be drawn from: a one-column primary key."""
        if ref.kind != "table":
            return None
        key = inspector.get_pk_constraint(ref.name, schema=ref.schema)["constrained_columns"]
        types = {c["name"]: c["type"] for c in columns}
        integer = len(key) == 1 and isinstance(types.get(key[0]), sqltypes.Integer)
        return key[0] if integer else None

    def table_samples(
        self, clause: TableClause, ref: TableRef, n: int, rows: int, seed: int
    ) -> list[Any]:
        """FROM clauses of the engine's own seeded random samples of a table, if it has any.

        The caller selects ``n`` bounded rows from each, then falls back to key ranges.
        """
        return []

    def bounded(self, value: ColumnClause[Any], column_type: Any, limit: int) -> Any:
        """``value`` as the sample query fetches it: never more than ``limit`` characters.

        Values are cut by the engine, not after fetching: a view of a thousand 10 MB texts
        otherwise crosses the network and fills memory whole. Text, JSON, arrays and types
        SQLAlchemy does not know are cut (the last two as their text form); opaque binary is
        not fetched at all, as bytes carry no text evidence; numbers, times, booleans and enums
        are small and keep their type.
        """
        if isinstance(column_type, _BINARY):
            return null()
        if isinstance(column_type, Enum) or not isinstance(column_type, _LONG):
            return value
        text_value = value if isinstance(column_type, String) else cast(value, Text)
        return func.substr(text_value, 1, limit)


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
        origin = _origin(exc)
        return isinstance(origin, sqlite3.OperationalError) and str(origin) == "interrupted"

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

    def range_key(self, inspector: Inspector, ref: TableRef, columns: Columns) -> str | None:
        """The primary key, else the ``rowid`` every table has unless made ``WITHOUT ROWID``."""
        key = super().range_key(inspector, ref, columns)
        if key is not None or ref.kind != "table":
            return key
        return None if any(c["name"].lower() == "rowid" for c in columns) else "rowid"

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


class PostgresqlDialect(Dialect):
    """PostgreSQL: read-only session characteristics, ``statement_timeout``, ``TABLESAMPLE``."""

    name = "postgresql"
    module, extra, sqlalchemy_driver = "psycopg", "postgresql", "psycopg"
    password_env = "PGPASSWORD"
    system_schemas = re.compile(r"^(pg_.*|information_schema)$")

    def prepare_session(self, dbapi_connection: Any, timeout_s: float) -> None:
        """Every transaction of the session read-only, every statement bounded."""
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.execute(f"SET statement_timeout = {round(timeout_s * 1000)}")
        dbapi_connection.commit()

    def timed_out(self, exc: BaseException) -> bool:
        """SQLSTATE 57014, ``query_canceled``: what ``statement_timeout`` raises."""
        return getattr(_origin(exc), "sqlstate", None) == "57014"

    def relations(self, inspector: Inspector, schema: str | None) -> list[tuple[str, str]]:
        """Tables, views, then materialized views."""
        materialized = sorted(inspector.get_materialized_view_names(schema))
        return [
            *super().relations(inspector, schema),
            *((n, "materialized view") for n in materialized),
        ]

    def schema_comment(self, conn: Connection, schema: str) -> str:
        """``COMMENT ON SCHEMA``, through ``obj_description``."""
        query = "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = :s"
        return str(conn.execute(text(query), {"s": schema}).scalar() or "")

    def estimate_rows(self, conn: Connection, ref: TableRef) -> int | None:
        """``pg_class.reltuples``, kept by ANALYZE; before any, the live rows the server counted.

        A view has neither.
        """
        query = (
            "SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE s.n_live_tup END"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid"
            " WHERE n.nspname = :s AND c.relname = :t AND c.relkind <> 'v'"
        )
        estimate = conn.execute(text(query), {"s": ref.schema, "t": ref.name}).scalar()
        return int(estimate) if estimate is not None and estimate >= 0 else None

    def table_samples(
        self, clause: TableClause, ref: TableRef, n: int, rows: int, seed: int
    ) -> list[Any]:
        """Page-level ``SYSTEM`` sampling, ``REPEATABLE (seed)``, of tables and materialized views.

        The percentage comes from the row estimate, so it picks about
        ``TABLESAMPLE_OVERSAMPLING × n`` rows' worth of pages from the whole table. (Row-level
        ``BERNOULLI`` is not used: it reads every page.)
        """
        if ref.kind == "view":
            return []
        percent = min(100.0, 100.0 * n * TABLESAMPLE_OVERSAMPLING / rows)
        return [tablesample(clause, func.system(percent), seed=literal(seed))]


class MysqlDialect(Dialect):
    """MySQL and MariaDB: read-only transactions and the engine's own statement time limit."""

    name = "mysql"
    module, extra, sqlalchemy_driver = "pymysql", "mysql", "pymysql"
    password_env = "MYSQL_PWD"
    system_schemas = re.compile(r"^(information_schema|mysql|performance_schema|sys)$")

    def prepare_session(self, dbapi_connection: Any, timeout_s: float) -> None:
        """MariaDB's ``max_statement_time`` is in seconds, MySQL's ``max_execution_time`` in ms."""
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT VERSION()")
            mariadb = "mariadb" in str(cursor.fetchone()[0]).lower()
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
            if mariadb:
                cursor.execute(f"SET SESSION max_statement_time = {timeout_s:.3f}")
            else:
                cursor.execute(f"SET SESSION max_execution_time = {round(timeout_s * 1000)}")
        dbapi_connection.commit()

    def timed_out(self, exc: BaseException) -> bool:
        """MariaDB's ``max_statement_time`` (1969) or MySQL's ``max_execution_time`` (3024)."""
        args: tuple[object, ...] = _origin(exc).args
        return bool(args) and args[0] in _MYSQL_TIMEOUT_CODES

    def schemas(self, inspector: Inspector) -> list[str | None]:
        """The URL's database (as the default schema) if it names one, else all of them."""
        return [None] if inspector.default_schema_name else super().schemas(inspector)

    def comments(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns
    ) -> tuple[str, dict[str, str]]:
        """As stored, except the ``VIEW`` placeholder MySQL reports as a view's comment."""
        table_comment, column_comments = super().comments(conn, inspector, ref, columns)
        return ("" if table_comment == "VIEW" else table_comment), column_comments

    def estimate_rows(self, conn: Connection, ref: TableRef) -> int | None:
        """``information_schema.TABLES.TABLE_ROWS`` (exact for MyISAM, an estimate for InnoDB)."""
        query = (
            "SELECT TABLE_ROWS FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = COALESCE(:s, DATABASE()) AND TABLE_NAME = :t"
        )
        estimate = conn.execute(text(query), {"s": ref.schema, "t": ref.name}).scalar()
        return int(estimate) if estimate is not None else None

    def bounded(self, value: ColumnClause[Any], column_type: Any, limit: int) -> Any:
        """Types SQLAlchemy does not know (geometries) as they are: MariaDB cannot cast them."""
        if isinstance(column_type, NullType):
            return value
        return super().bounded(value, column_type, limit)


def _origin(exc: BaseException) -> BaseException:
    """The driver's own exception behind SQLAlchemy's wrapper."""
    origin = getattr(exc, "orig", None)
    return origin if isinstance(origin, BaseException) else exc


DIALECTS: Registry[Dialect] = Registry(
    "sql dialects", entry_point_group="indsec.sql_dialects", accepts=instance_of(Dialect)
)
for _dialect in (SqliteDialect(), PostgresqlDialect(), MysqlDialect()):
    DIALECTS.register(_dialect.name, _dialect)
