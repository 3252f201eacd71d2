"""The real-schema evaluation on PostgreSQL: each MariaDB-loaded dump copied over, scanned, scored.

The dumps are MySQL; PostgreSQL cannot load them. ``real_schemas.py --engine postgresql`` loads
one into MariaDB as usual, then this copies its schema — tables, columns (as SQLAlchemy's
generic types), table and column comments, primary and foreign keys — and its rows into a fresh
PostgreSQL database through SQLAlchemy reflection, scans that with the same ``scan_sources`` and
scores it against the same golden file. Both engines' figures are printed; they should agree,
since the connector is meant to see the same tables whatever the engine.

Foreign keys are added after the rows, ``NOT VALID``: MySQL dumps load with
``FOREIGN_KEY_CHECKS=0`` and often break their own keys. A key PostgreSQL refuses (one that
points at columns with no unique constraint, which MySQL allows) is left out and counted.
Views are not copied: their definitions are MySQL SQL.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the repository root holds `benchmarks`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import sqltypes
from sqlalchemy.types import TypeEngine

from benchmarks.real_schemas import (
    drop_database,
    load_into_mariadb,
    read_sql,
    report,
    run_database_name,
    scan_to_assets,
)
from benchmarks.real_schemas_score import Golden
from benchmarks.real_schemas_score import score as score_assets

POSTGRESQL_URL_VARIABLE = "INDSEC_TEST_POSTGRESQL_URL"
_BATCH = 500
Assets = list[dict[str, Any]]


def evaluate_on_both(
    golden: Golden, args: argparse.Namespace, valued: frozenset[str], *, server_url: str
) -> str:
    """The printed figures of one schema on MariaDB, then on its PostgreSQL copy.

    Both databases are this run's own (named after the schema and the process) and are dropped
    afterwards. A failure on the PostgreSQL side is printed, not raised: the MariaDB figures
    stand on their own.
    """
    database = run_database_name(golden.schema)
    details = args.show_held_out or not golden.held_out
    sql = read_sql(golden, args.shared_dir, args.mirror_root)
    try:
        mysql_url = load_into_mariadb(server_url, database, sql)
        with tempfile.TemporaryDirectory() as tmp:
            on_mariadb = scan_to_assets(mysql_url, Path(tmp))
        score = score_assets(golden, on_mariadb, valued)
        blocks = [report(golden, score, details=details)]
        pymysql_url = make_url(mysql_url).set(drivername="mysql+pymysql")
        blocks.append(_postgresql_block(golden, valued, pymysql_url, database, on_mariadb))
    finally:
        drop_database(server_url, database)
    return "\n".join(blocks)


def _postgresql_block(
    golden: Golden, valued: frozenset[str], mysql_url: URL, database: str, on_mariadb: Assets
) -> str:
    server = os.environ.get(POSTGRESQL_URL_VARIABLE)
    if not server:
        return f"-- on PostgreSQL: not run ({POSTGRESQL_URL_VARIABLE} is not set)"
    try:
        pg_url, notes = copy_to_postgresql(mysql_url.render_as_string(False), server, database)
        with tempfile.TemporaryDirectory() as tmp:
            on_postgresql = scan_to_assets(pg_url, Path(tmp))
    except SQLAlchemyError as exc:
        return f"-- on PostgreSQL: not evaluated: {type(exc).__name__}: {str(exc)[:300]}"
    finally:
        _drop(server, database)
    score = score_assets(golden, on_postgresql, valued)
    figures = report(golden, score, details=False).splitlines()[1:-1]  # no mismatches
    differences = asset_differences(on_mariadb, on_postgresql)
    lines = [f"-- on PostgreSQL (copied: {notes})", *figures]
    if not differences:
        lines.append("engines agree: every asset's category, grade, rows, labels and suspicions")
    elif golden.held_out:
        lines.append(f"engines DIFFER on {len(differences)} points (held out: not listed)")
    else:
        lines += ["engines DIFFER (MariaDB vs PostgreSQL):", *(f"  {d}" for d in differences)]
    return "\n".join(lines)


def asset_differences(first: Assets, second: Assets) -> list[str]:
    """What two engines' catalogue exports of one schema say differently, asset by asset."""
    one, two = _by_name(first), _by_name(second)
    found = [f"{name}: only on MariaDB" for name in sorted(one.keys() - two.keys())]
    found += [f"{name}: only on PostgreSQL" for name in sorted(two.keys() - one.keys())]
    for name in sorted(one.keys() & two.keys()):
        a, b = _facts(one[name]), _facts(two[name])
        found += [f"{name} {key}: {a[key]} vs {b[key]}" for key in a if a[key] != b.get(key)]
    return found


def _by_name(assets: Assets) -> dict[str, dict[str, Any]]:
    return {str(asset["name"]): asset for asset in assets}


def _facts(asset: dict[str, Any]) -> dict[str, object]:
    """What should not depend on the engine: everything but column types and the source."""
    facts: dict[str, object] = {
        key: asset.get(key)
        for key in ("kind", "rows", "rows_exact", "category", "grade", "general_sublevel")
    }
    for field in asset.get("fields", []):
        facts[f"{field['name']} labels"] = sorted(field.get("labels", []))
        facts[f"{field['name']} suspicions"] = sorted(field.get("suspicions", []))
    return facts


def copy_to_postgresql(mysql_url: str, server_url: str, database: str) -> tuple[str, str]:
    """Copy the tables of ``mysql_url`` into a fresh PostgreSQL ``database``.

    Returns its scan URL and a short note of what was copied.
    """
    _recreate(server_url, database)
    target_url = make_url(server_url).set(database=database).render_as_string(False)
    source_engine, target_engine = create_engine(mysql_url), create_engine(target_url)
    try:
        source = MetaData()
        source.reflect(source_engine, views=False)
        target = MetaData()
        tables = [_copy_table(table, target) for table in source.sorted_tables]
        target.create_all(target_engine)
        rows = sum(
            _copy_rows(source_engine, target_engine, s, t) for s, t in _pairs(source, tables)
        )
        keys, refused = _add_foreign_keys(target_engine, source)
        with target_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    finally:
        source_engine.dispose()
        target_engine.dispose()
    note = f"{len(tables)} tables, {rows:,} rows, {keys} foreign keys ({refused} refused)"
    return target_url, note


def _pairs(source: MetaData, tables: list[Table]) -> Iterator[tuple[Table, Table]]:
    for table in tables:
        yield source.tables[table.name], table


def _copy_table(table: Table, target: MetaData) -> Table:
    """``table`` in ``target`` with generic column types, its comments and primary key."""
    columns = [
        Column(
            c.name,
            generic_type(c.type),
            primary_key=c.primary_key,
            nullable=c.nullable,
            autoincrement=False,
            comment=c.comment,
        )
        for c in table.columns
    ]
    return Table(table.name, target, *columns, comment=table.comment)


def generic_type(column_type: TypeEngine[Any]) -> TypeEngine[Any]:
    """A PostgreSQL type holding every value of a MySQL column type.

    Unsigned integers go one size up (an ``INT UNSIGNED`` exceeds ``integer``); ``ENUM``/``SET``
    become text; ``BIT``/``YEAR`` integers; MySQL's character lengths are kept, collations dropped.
    """
    if isinstance(column_type, mysql.BIT | mysql.YEAR):
        return BigInteger()
    if isinstance(column_type, mysql.ENUM | mysql.SET):
        return String(max(64, *(len(v) for v in getattr(column_type, "enums", ("",)))))
    if isinstance(column_type, sqltypes.Integer) and getattr(column_type, "unsigned", False):
        return BigInteger()
    if isinstance(column_type, mysql.TINYINT):
        return Integer()  # TINYINT(1) is a number in MySQL, not a boolean
    generic = column_type.as_generic()
    if isinstance(generic, sqltypes.LargeBinary | sqltypes._Binary):
        return LargeBinary()
    if isinstance(generic, sqltypes.Text):
        return Text()
    if isinstance(generic, sqltypes.String):  # without MySQL's collation
        return String(generic.length)
    return generic


def _copy_rows(source: Engine, target: Engine, table: Table, copy: Table) -> int:
    """Every row of ``table`` into ``copy``, in batches; NUL characters (PostgreSQL refuses
    them in text) removed."""
    copied = 0
    with source.connect() as reading, target.begin() as writing:
        result = reading.execute(select(table)).mappings()
        while batch := result.fetchmany(_BATCH):
            writing.execute(insert(copy), [{k: _clean(v) for k, v in row.items()} for row in batch])
            copied += len(batch)
    return copied


def _clean(value: object) -> object:
    return value.replace("\x00", "") if isinstance(value, str) else value


def _add_foreign_keys(engine: Engine, source: MetaData) -> tuple[int, int]:
    """Each foreign key of ``source`` on the copy, ``NOT VALID``; ``(added, refused)``."""
    quote = engine.dialect.identifier_preparer.quote
    added = refused = 0
    for table in source.sorted_tables:
        for key in table.foreign_key_constraints:
            columns = ", ".join(quote(c.name) for c in key.columns)
            referred = ", ".join(quote(e.column.name) for e in key.elements)
            ddl = (
                f"ALTER TABLE {quote(table.name)} ADD CONSTRAINT {quote(str(key.name or 'fk'))}"
                f" FOREIGN KEY ({columns}) REFERENCES {quote(key.referred_table.name)}"
                f" ({referred}) NOT VALID"
            )
            try:
                with engine.begin() as conn:
                    conn.execute(text(ddl))
                added += 1
            except SQLAlchemyError:
                refused += 1
    return added, refused


def _recreate(server_url: str, database: str) -> None:
    _drop(server_url, database)
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()


def _drop(server_url: str, database: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
    admin.dispose()
