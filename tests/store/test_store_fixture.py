"""The ``store_url`` fixture: a PostgreSQL store is copied from a migrated template (migrating
one costs seconds, for hundreds of tests), and is empty for a test that migrates it itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from indsec.store.database import MIGRATIONS, open_engine


def _revision_and_tables(url: str) -> tuple[str | None, set[str]]:
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            return revision, set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def test_a_postgresql_store_starts_at_the_newest_revision(store_url: str) -> None:
    file = _sqlite_file(store_url)
    if file is not None:
        assert not file.exists(), "a SQLite store is created by the code under test"
        return
    revision, tables = _revision_and_tables(store_url)
    assert revision == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert {"scans", "users", "filings"} <= tables


@pytest.mark.empty_store
def test_a_test_marked_empty_store_gets_no_schema(store_url: str) -> None:
    file = _sqlite_file(store_url)
    if file is not None:
        assert not file.exists()
        return
    assert _revision_and_tables(store_url) == (None, set())
