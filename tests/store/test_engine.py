"""The engine a process opens: the connection pool its settings ask for (a pool smaller than
the requests a worker answers at once made every request past it open and close a connection),
and JSON columns stored as UTF-8 text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.pool import QueuePool

from indsec.app import AppContext
from indsec.settings import Settings
from indsec.store.database import Store
from indsec.store.tables import AuditRow, table


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


def test_json_columns_keep_chinese_as_text_not_escapes(store_url: str) -> None:
    """Same values read back; the stored text is a third of the escaped one's size."""
    detail = {"企业": "苏州某厂", "n": 1}
    store = Store(store_url)
    try:
        with store.session() as session:
            session.execute(
                insert(table(AuditRow)).values(
                    at=datetime.now(UTC),
                    actor="a",
                    origin="o",
                    action="x",
                    target="t",
                    detail=detail,
                )
            )
        with store.session() as session:
            stored = session.execute(text("SELECT CAST(detail AS TEXT) FROM audit_log")).scalar()
            assert session.query(AuditRow.detail).scalar() == detail
        assert stored is not None and "苏州某厂" in stored and "\\u" not in stored
    finally:
        store.close()
