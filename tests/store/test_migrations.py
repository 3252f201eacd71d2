"""The Alembic migrations build exactly the schema the ORM declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from indsec.store.database import Store
from indsec.store.tables import Base


def test_migrated_schema_matches_models(store_url: str) -> None:
    store = Store(store_url)
    try:
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
        assert diff == []
        assert {"scans", "catalogue_assets", "reviews", "detection_runs", "alerts"} <= tables
    finally:
        store.close()


def test_migrating_twice_is_harmless(store_url: str) -> None:
    Store(store_url).close()
    store = Store(store_url)
    try:
        with store.engine.connect() as connection:
            version = MigrationContext.configure(connection).get_current_revision()
        assert version == "0003"
    finally:
        store.close()
