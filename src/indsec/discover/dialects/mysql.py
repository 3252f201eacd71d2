"""MySQL and MariaDB: read-only transactions and the engine's own statement time limit."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Inspector
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import NullType

from indsec.discover.dialects.base import Columns, Dialect, TableRef, origin

_MYSQL_TIMEOUT_CODES = (1969, 3024)


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
        args: tuple[object, ...] = origin(exc).args
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
