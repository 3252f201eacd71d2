"""PostgreSQL: read-only session characteristics, ``statement_timeout``, ``TABLESAMPLE``."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, literal, tablesample, text
from sqlalchemy.engine import Connection, Inspector
from sqlalchemy.sql import TableClause

from indsec.discover.dialects.base import Dialect, TableRef, origin

TABLESAMPLE_OVERSAMPLING = 4


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
        return getattr(origin(exc), "sqlstate", None) == "57014"

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
