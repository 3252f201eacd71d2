"""What every database engine family has in common, and the defaults the families override.

Each driver family is a pip extra (``indsec[postgresql]``, ``indsec[mysql]``), so a plant
workstation only installs what it scans; importing drivers through :meth:`Dialect.import_driver`,
and nowhere else, turns a missing one into a clear :class:`MissingDriverError` naming the extra
instead of an ``ImportError`` deep inside SQLAlchemy. The same :class:`Dialect` objects hold what
else differs between engines, so the SQL connector stays engine-agnostic: how to make a session
read-only and bound its statements, where comments and row estimates live, which random sampling
is cheap.
"""

from __future__ import annotations

import importlib
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, ClassVar

from sqlalchemy import (
    ARRAY,
    JSON,
    Engine,
    Enum,
    String,
    Text,
    cast,
    create_engine,
    event,
    func,
    null,
)
from sqlalchemy.engine import URL, Connection, Inspector
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import TableClause, column, sqltypes, table
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import NullType

from indsec.discover.dialects.keys import SampleKey, index_key
from indsec.errors import ConnectorError, MissingDriverError

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


def origin(exc: BaseException) -> BaseException:
    """The driver's own exception behind SQLAlchemy's wrapper."""
    cause = getattr(exc, "orig", None)
    return cause if isinstance(cause, BaseException) else exc


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

    def range_key(
        self, conn: Connection, inspector: Inspector, ref: TableRef, columns: Columns
    ) -> SampleKey | None:
        """The indexed column random key ranges can be drawn from (see :func:`index_key`)."""
        if ref.kind != "table":
            return None
        return index_key(inspector, ref.schema, ref.name, columns)

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
