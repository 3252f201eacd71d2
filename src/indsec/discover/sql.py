"""SQL connector: tables and views of SQLite, PostgreSQL and MySQL/MariaDB, read-only and sampled.

Production databases are scanned while they run, so the connector protects them twice: every
session is made read-only by the database itself (not merely by our good behaviour), and every
statement runs under a timeout. This module walks schemas, tables and views the same way for
every engine; what differs between engines lives in the :class:`Dialect` registry of
:mod:`indsec.discover.dialects`. Credentials come from the environment through ``${VAR}``
placeholders and never appear in a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Engine, Select, func, inspect, literal, select
from sqlalchemy.engine import URL, Connection, Inspector, make_url
from sqlalchemy.exc import (
    ArgumentError,
    CompileError,
    DBAPIError,
    NoSuchModuleError,
    SQLAlchemyError,
)

from indsec.discover.base import CONNECTORS, Connector, ConnectorOptions
from indsec.discover.dialects import DIALECTS, Columns, TableRef
from indsec.discover.dialects.postgresql import TABLESAMPLE_OVERSAMPLING
from indsec.discover.formats.values import MAX_VALUE_CHARS, texts_of
from indsec.discover.sampling import bounded_count, key_range_rows, reservoir_rows
from indsec.discover.urls import scrub, url_secrets
from indsec.errors import ConnectorError
from indsec.model import (
    REFERENCES_KEY,
    ROW_COUNT_KEY,
    SAMPLE_METHOD_KEY,
    AssetKind,
    DiscoveredAsset,
    Progress,
    SampledColumn,
    ScanReport,
)

SYSTEM_PARAM = "system"
_MAX_REASON_CHARS = 300
Plan = tuple[str, Callable[[], Sequence[Any]]]
MAX_REFERENCES = 20
ALL_ROWS = "all rows"
TABLESAMPLE = "seeded TABLESAMPLE SYSTEM (random pages)"


@dataclass(frozen=True, slots=True)
class Reading:
    """What reading one table or view gave: its rows (``exact`` or not), the sample, and how."""

    rows: int
    exact: bool
    counted: str
    sample: Sequence[Any]
    method: str

    def metadata(self) -> dict[str, str]:
        """How the rows were counted and sampled, for the asset's metadata (and its reviewer)."""
        methods = {ROW_COUNT_KEY: self.counted, SAMPLE_METHOD_KEY: self.method}
        return {key: value for key, value in methods.items() if value}


def describe_error(exc: BaseException, secrets: Sequence[str] = ()) -> str:
    """The database's own message on one line, bounded, with ``secrets`` masked just in case."""
    origin = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = " ".join(str(origin).split()) or type(origin).__name__
    return scrub(message, list(secrets))[:_MAX_REASON_CHARS]


@CONNECTORS.decorator("sqlite")
@CONNECTORS.decorator("postgresql")
@CONNECTORS.decorator("mysql")
class SqlConnector(Connector):
    """Discovers the tables and views of one database through SQLAlchemy."""

    def __init__(self, url: str, *, options: ConnectorOptions) -> None:
        super().__init__(url, options=options)
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):
            # SQLAlchemy's message quotes the raw URL, password included: keep it out of the chain
            raise ConnectorError(f"not a valid database URL: {self.describe()}") from None
        hint = parsed.query.get(SYSTEM_PARAM, "")
        self.system_hint = hint if isinstance(hint, str) else hint[0]
        self.dialect = DIALECTS.get(parsed.get_backend_name())
        self._url = parsed.difference_update_query([SYSTEM_PARAM])

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read-only connection with the statement timeout set, closed on exit.

        Raises:
            ConnectorError: the database is unreachable, refuses the credentials or the driver
                is missing; the message never contains the password.
        """
        url = self.dialect.connection_url(self._url, os.environ)
        engine = self._create_engine(url)
        try:
            try:
                connection = engine.connect()
            except SQLAlchemyError as exc:
                secrets = [*url_secrets(self.url), *([url.password] if url.password else [])]
                reason = describe_error(exc, secrets)
                raise ConnectorError(f"cannot connect to {self.describe()}: {reason}") from exc
            with connection:
                yield connection
        finally:
            engine.dispose()

    def _create_engine(self, url: URL) -> Engine:
        if url.get_driver_name() == self.dialect.sqlalchemy_driver:
            self.dialect.import_driver()
        try:
            return self.dialect.create_engine(url, self.options.statement_timeout_s)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise ConnectorError(f"cannot open {self.describe()}: {exc}") from exc

    def discover(
        self, report: ScanReport, progress: Progress | None = None
    ) -> Iterator[DiscoveredAsset]:
        """Yield one asset per table and view; a table that cannot be read is reported."""
        with self.connect() as conn:
            inspector = inspect(conn)
            for ref in self._relations(inspector):
                if progress is not None:
                    progress(ref.display)
                asset = self._scan(conn, inspector, ref, report)
                if asset is not None:
                    yield asset

    def _relations(self, inspector: Inspector) -> Iterator[TableRef]:
        try:
            schemas = self.dialect.schemas(inspector)
        except SQLAlchemyError as exc:
            raise ConnectorError(
                f"cannot list schemas of {self.describe()}: {describe_error(exc)}"
            ) from exc
        for schema in schemas:
            try:
                found = self.dialect.relations(inspector, schema)
            except SQLAlchemyError as exc:
                # the source's assets are then unknown, not gone: the scan carries them over
                where = "" if schema is None else f" (schema {schema})"
                raise ConnectorError(
                    f"cannot list the tables of {self.describe()}{where}: {describe_error(exc)}"
                ) from exc
            default = schema is None or schema == inspector.default_schema_name
            for name, kind in found:
                yield TableRef(schema, name, kind, name if default else f"{schema}.{name}")

    def _scan(
        self, conn: Connection, inspector: Inspector, ref: TableRef, report: ScanReport
    ) -> DiscoveredAsset | None:
        report.assets_seen += 1
        try:
            asset = self._read(conn, inspector, ref)
        except SQLAlchemyError as exc:
            report.fail(ref.display, self._reason(exc))
            return None
        finally:
            _end_transaction(conn)
        report.assets_read += 1
        report.values_sampled += sum(len(c.values) for c in asset.columns)
        return asset

    def _reason(self, exc: SQLAlchemyError) -> str:
        """Why a table could not be read; a statement timeout says so, whatever the engine."""
        if self.dialect.timed_out(exc):
            return f"statement timeout after {self.options.statement_timeout_s:g} s"
        return describe_error(exc)

    def _read(self, conn: Connection, inspector: Inspector, ref: TableRef) -> DiscoveredAsset:
        columns = inspector.get_columns(ref.name, schema=ref.schema)
        table_comment, column_comments = self.dialect.comments(conn, inspector, ref, columns)
        if ref.kind == "view":
            reading = self._read_view(conn, ref, columns)
        else:
            reading = self._read_table(conn, inspector, ref, columns)
        sampled = [
            SampledColumn(
                name=c["name"],
                data_type=_type_name(conn, c["type"]),
                comment=column_comments.get(c["name"], ""),
                values=texts_of(row[index] for row in reading.sample),
            )
            for index, c in enumerate(columns)
        ]
        return DiscoveredAsset(
            source=self.describe(),
            name=ref.display,
            kind=AssetKind.TABLE if ref.kind == "table" else AssetKind.VIEW,
            rows=reading.rows,
            rows_exact=reading.exact,
            comment=table_comment,
            system_hint=self.system_hint,
            columns=sampled,
            metadata={**self._metadata(conn, ref), **reading.metadata()},
        )

    def _metadata(self, conn: Connection, ref: TableRef) -> dict[str, str]:
        metadata = {"object_type": ref.kind, "dialect": self.dialect.name}
        if ref.schema is not None:
            metadata["schema"] = ref.schema
            if comment := self.dialect.schema_comment(conn, ref.schema):
                metadata["schema_comment"] = comment
        if references := _references(conn, ref):
            metadata[REFERENCES_KEY] = references
        return metadata

    def _read_table(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns
    ) -> Reading:
        rows, exact, counted = self._count(conn, ref)
        if not columns:
            return Reading(rows, exact, counted, [], "")
        method, sample = self._sample(conn, inspector, ref, columns, (rows, exact))
        return Reading(rows, exact, counted, sample, method)

    def _read_view(self, conn: Connection, ref: TableRef, columns: Columns) -> Reading:
        """One streamed read of at most ``max_scan_rows`` rows both counts and samples a view.

        A view keeps no statistics and no index of its own, and computing it may cost a join
        or an aggregate over large tables, so it is read once, with ``LIMIT`` and no ``ORDER
        BY``: below the bound the read counted it exactly, at the bound it has "at least" that
        many rows. ``exact_counts`` does not apply: a view's ``COUNT(*)`` has no bound.
        """
        limit = self.options.max_scan_rows
        query = self._bounded(ref.clause([c["name"] for c in columns]), columns)
        if not columns:
            query = select(literal(1)).select_from(ref.clause([]))
        read = reservoir_rows(conn, query, self.options.sample_size, self.options.seed, limit)
        if read.seen < limit:
            return Reading(read.seen, True, "counted by reading the view", read.items, ALL_ROWS)
        counted = f"read up to {limit:,} rows: at least that many (a view keeps no statistics)"
        return Reading(limit, False, counted, read.items, _first_rows(limit, "a view"))

    def _count(self, conn: Connection, ref: TableRef) -> tuple[int, bool, str]:
        """``(rows, exact, how)``: the engine's estimate for a large table, else a bounded count.

        ``COUNT(*)`` reads the whole table, so it runs only when exact counts are asked for. A
        count that reaches the bound takes the dialect's key span if that says more.
        """
        whole = ref.clause([])
        if self.options.exact_counts:
            rows = int(conn.execute(select(func.count()).select_from(whole)).scalar_one())
            return rows, True, "COUNT(*) (exact counts asked for)"
        estimate = self.dialect.estimate_rows(conn, ref)
        if estimate is not None and estimate > self.options.max_scan_rows:
            return estimate, False, "estimate from the database's statistics"
        rows, exact = bounded_count(conn, whole, self.options.max_scan_rows)
        if exact:
            return rows, True, "counted (below the scan bound)"
        span = self.dialect.key_span(conn, ref) or 0
        if span > rows:
            return span, False, "estimate from the key span"
        return rows, False, f"counted up to {rows:,} rows: at least that many"

    def _sample(
        self,
        conn: Connection,
        inspector: Inspector,
        ref: TableRef,
        columns: Columns,
        count: tuple[int, bool],
    ) -> tuple[str, Sequence[Any]]:
        """At most ``sample_size`` rows: all of a table counted small, else a seeded random sample.

        ``count`` is ``(rows, exact)``; "at least N" rows may be many more than N, so only an
        exact count lets the first rows be the whole table.

        The plans, cheapest first: ranges of an indexed integer or time key (about ``n`` rows
        read through the index), the engine's ``TABLESAMPLE`` (its pages read whole, as a
        ``LIMIT`` would stop in the first of them, then thinned by a seeded reservoir), and a
        reservoir over a bounded read, which always runs. Returns the method that sampled.
        """
        n, seed = self.options.sample_size, self.options.seed
        names = [c["name"] for c in columns]
        key = self.dialect.range_key(conn, inspector, ref, columns)
        clause = ref.clause(names if key is None or key.column in names else [*names, key.column])
        query = self._bounded(clause, columns)
        rows, exact = count
        if exact and rows <= n:
            return ALL_ROWS, conn.execute(query.limit(n)).fetchall()
        plans: list[Plan] = []
        if key is not None:
            sampled_by_key = partial(key_range_rows, conn, query, clause.c[key.column], n, seed)
            plans.append((key.describe(), sampled_by_key))
        cap = 2 * TABLESAMPLE_OVERSAMPLING * n  # should the estimate be far too low
        plans.extend(
            (TABLESAMPLE, partial(_items, conn, self._bounded(sampled, columns), n, seed, cap))
            for sampled in self.dialect.table_samples(clause, ref, n, rows, seed)
        )
        limit = self.options.max_scan_rows
        bounded_read = partial(_items, conn, query, n, seed, limit)
        plans.append((_first_rows(limit, "no index to draw key ranges from"), bounded_read))
        return _first_that_runs(conn, plans)

    def _bounded(self, source: Any, columns: Columns) -> Select[Any]:
        """SELECT of every column of ``source``, each value cut by the engine."""
        bounded = self.dialect.bounded
        return select(
            *(
                bounded(source.c[c["name"]], c["type"], MAX_VALUE_CHARS).label(c["name"])
                for c in columns
            )
        ).select_from(source)


def _references(conn: Connection, ref: TableRef) -> str:
    """The tables a table's foreign keys point to (what the table is about, for the classifier);
    a catalogue that will not say is no failure: the table is classified without them."""
    if ref.kind != "table":
        return ""
    try:
        keys = inspect(conn).get_foreign_keys(ref.name, schema=ref.schema)
    except (SQLAlchemyError, NotImplementedError):
        return ""
    names = sorted({key["referred_table"] for key in keys if key.get("referred_table")})
    return ", ".join(names[:MAX_REFERENCES])


def _first_that_runs(conn: Connection, plans: list[Plan]) -> tuple[str, Sequence[Any]]:
    """``(method, rows)`` of the first plan the engine accepts and that finds any rows.

    TABLESAMPLE or a key range can fail on some relations (a timeout, a table without rowid),
    and page-level ``SYSTEM`` sampling of a table that does have rows can still pick no page
    at all: each falls through to the next plan; the last plan decides.
    """
    for method, plan in plans[:-1]:
        try:
            found = plan()
        except DBAPIError:
            _end_transaction(conn)
            continue
        if found:
            return method, found
    method, plan = plans[-1]
    return method, plan()


def _items(conn: Connection, query: Select[Any], n: int, seed: int, limit: int) -> Sequence[Any]:
    """The rows of a seeded reservoir over a bounded read."""
    return reservoir_rows(conn, query, n, seed, limit).items


def _first_rows(limit: int, why: str) -> str:
    """The sample method of a bounded read, which says it may be biased, and why."""
    return f"seeded reservoir over the first {limit:,} rows ({why}: the sample may be biased)"


def _end_transaction(conn: Connection) -> None:
    """Roll back the read transaction, aborted or not; a dead connection ends the scan."""
    try:
        conn.rollback()
    except SQLAlchemyError as exc:
        raise ConnectorError(f"lost the database connection: {describe_error(exc)}") from exc


def _type_name(conn: Connection, column_type: Any) -> str:
    try:
        return str(column_type.compile(dialect=conn.dialect))
    except CompileError:
        return type(column_type).__name__
