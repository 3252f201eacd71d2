"""A server process keeps the connection pool its settings ask for: a pool smaller than the
requests a worker answers at once made every request past it open (and close) a connection."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.pool import QueuePool

from indsec.app import AppContext
from indsec.settings import Settings


def test_the_pool_is_the_settings_size_on_a_database_server(store_url: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=store_url, home=tmp_path, database_pool_size=7, database_pool_overflow=3
    )
    with AppContext(settings) as app:
        pool = app.store().engine.pool
        if store_url.startswith("sqlite"):  # SQLite pools its own way; the settings are ignored
            assert app.store().session  # opened and migrated all the same
            return
        assert isinstance(pool, QueuePool)
        assert (pool.size(), pool._max_overflow) == (7, 3)


def test_the_default_pool_covers_a_workers_concurrent_requests() -> None:
    settings = Settings()
    assert settings.database_pool_size >= 20
    assert settings.serve_workers == 0  # one per core
