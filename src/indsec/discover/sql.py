"""SQL connector: tables and views of SQLite, PostgreSQL and MySQL/MariaDB, read-only and sampled.

Production databases are scanned while they run, so the connector protects them twice: every
session is made read-only by the database itself (not merely by our good behaviour), and every
statement runs under a timeout. This module walks schemas, tables and views the same way for
every engine; what differs between engines lives in the :class:`Dialect` registry of
:mod:`indsec.discover.drivers`. Credentials come from the environment through ``${VAR}``
placeholders and never appear in a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from sqlalchemy import Engine, Select, func, inspect, select
from sqlalchemy.engine import URL, Connection, Inspector, make_url
from sqlalchemy.exc import (
    ArgumentError,
    CompileError,
    DBAPIError,
    NoSuchModuleError,
    SQLAlchemyError,
)

from indsec.discover.base import Connector, ConnectorOptions
from indsec.discover.drivers import DIALECTS, TABLESAMPLE_OVERSAMPLING, Columns, TableRef
from indsec.discover.formats.values import MAX_VALUE_CHARS, texts_of
from indsec.discover.sampling import bounded_count, key_range_rows, reservoir_rows
from indsec.discover.urls import scrub, url_secrets
from indsec.errors import ConnectorError
from indsec.model import (
    REFERENCES_KEY,
    AssetKind,
    DiscoveredAsset,
    Progress,
    SampledColumn,
    ScanReport,
)

SYSTEM_PARAM = "system"
_MAX_REASON_CHARS = 300
Plan = Callable[[], Sequence[Any]]
MAX_REFERENCES = 20


def describe_error(exc: BaseException, secrets: Sequence[str] = ()) -> str:
    """The database's own message on one line, bounded, with ``secrets`` masked just in case."""
    origin = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = " ".join(str(origin).split()) or type(origin).__name__
    return scrub(message, list(secrets))[:_MAX_REASON_CHARS]


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
        rows, exact = self._count(conn, ref)
        sample = self._sample(conn, inspector, ref, columns, rows) if columns else []
        sampled = [
            SampledColumn(
                name=c["name"],
                data_type=_type_name(conn, c["type"]),
                comment=column_comments.get(c["name"], ""),
                values=texts_of(row[index] for row in sample),
            )
            for index, c in enumerate(columns)
        ]
        return DiscoveredAsset(
            source=self.describe(),
            name=ref.display,
            kind=AssetKind.TABLE if ref.kind == "table" else AssetKind.VIEW,
            rows=rows,
            rows_exact=exact,
            comment=table_comment,
            system_hint=self.system_hint,
            columns=sampled,
            metadata=self._metadata(conn, ref),
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

    def _count(self, conn: Connection, ref: TableRef) -> tuple[int, bool]:
        """``(rows, exact)``: the engine's estimate for a large table, else a bounded count.

        ``COUNT(*)`` reads the whole table, so it runs only when exact counts are asked for. A
        count that reaches the bound takes the dialect's key span if that says more.
        """
        whole = ref.clause([])
        if self.options.exact_counts:
            return int(conn.execute(select(func.count()).select_from(whole)).scalar_one()), True
        estimate = self.dialect.estimate_rows(conn, ref)
        if estimate is not None and estimate > self.options.max_scan_rows:
            return estimate, False
        rows, exact = bounded_count(conn, whole, self.options.max_scan_rows)
        if exact:
            return rows, True
        return max(rows, self.dialect.key_span(conn, ref) or 0), False

    def _sample(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns, rows: int
    ) -> Sequence[Any]:
        """At most ``sample_size`` rows: all of a small table, else a seeded random sample.

        The plans, cheapest first: ranges of an integer key (about ``n`` rows read through the
        index), the engine's ``TABLESAMPLE`` (its pages read whole, as a ``LIMIT`` would stop
        in the first of them, then thinned by a seeded reservoir), and a reservoir over a
        bounded read, which always runs.
        """
        n, seed = self.options.sample_size, self.options.seed
        names = [c["name"] for c in columns]
        key = self.dialect.range_key(inspector, ref, columns)
        clause = ref.clause(names if key is None or key in names else [*names, key])
        query = self._bounded(clause, columns)
        if rows <= n:
            return conn.execute(query.limit(n)).fetchall()
        plans: list[Plan] = []
        if key is not None:
            plans.append(partial(key_range_rows, conn, query, clause.c[key], n, seed))
        cap = 2 * TABLESAMPLE_OVERSAMPLING * n  # should the estimate be far too low
        plans.extend(
            partial(reservoir_rows, conn, self._bounded(sampled, columns), n, seed, cap)
            for sampled in self.dialect.table_samples(clause, ref, n, rows, seed)
        )
        plans.append(partial(reservoir_rows, conn, query, n, seed, self.options.max_scan_rows))
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


def _first_that_runs(conn: Connection, plans: list[Plan]) -> Sequence[Any]:
    """Rows of the first plan the engine accepts and that finds any; the last plan decides.

    TABLESAMPLE or a key range can fail on some relations (a timeout, a table without rowid),
    and page-level ``SYSTEM`` sampling of a table that does have rows can still pick no page
    at all: each falls through to the next plan.
    """
    for plan in plans[:-1]:
        try:
            found = plan()
        except DBAPIError:
            _end_transaction(conn)
            continue
        if found:
            return found
    return plans[-1]()


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
