"""Write the demo MES/ERP database: ``schema.sql``, then every table's rows in one transaction."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from importlib.resources import files
from pathlib import Path

from indsec.demo.tables import TABLE_BUILDERS, RowBuilder
from indsec.demo.world import DemoWorld
from indsec.errors import StoreError


def demo_schema() -> str:
    """The DDL of the demo database, comments included."""
    return files("indsec.demo").joinpath("schema.sql").read_text("utf-8")


def write_database(path: Path, world: DemoWorld) -> None:
    """Create the SQLite file at ``path`` (which must not exist) and fill every table.

    Raises:
        StoreError: the file cannot be created or written.
    """
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            # A fresh file that is rebuilt on failure needs no journal; this keeps the
            # 200,000-row time series within a second or two.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.executescript(demo_schema())
            connection.execute("BEGIN")
            for table, builder in TABLE_BUILDERS.items():
                _insert_rows(connection, table, builder, world)
            connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the demo database {path}: {exc}") from exc


def _insert_rows(
    connection: sqlite3.Connection, table: str, builder: RowBuilder, world: DemoWorld
) -> None:
    width = len(connection.execute(f'PRAGMA table_info("{table}")').fetchall())
    if width == 0:
        raise StoreError(f"schema.sql has no table '{table}'")
    placeholders = ", ".join("?" * width)
    connection.executemany(f'INSERT INTO "{table}" VALUES ({placeholders})', builder(world))
