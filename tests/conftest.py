"""Shared fixtures: fresh databases on SQLite, PostgreSQL and MariaDB.

``make test`` starts real PostgreSQL and MariaDB servers on loopback and exports their URLs.
Without them the server-backed cases are skipped, unless ``INDSEC_REQUIRE_SERVICES=1`` (set by
``make test``) turns a missing server into a failure, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FILES = Path(__file__).parent / "files"


def _server_url(var: str) -> str:
    url = os.environ.get(var)
    if url:
        return url
    if os.environ.get("INDSEC_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{var} is not set but INDSEC_REQUIRE_SERVICES=1")
    pytest.skip(f"{var} not set (run 'make test' to start the test servers)")


def _fresh_database(server_url: str, *, kind: str) -> Iterator[str]:
    name = f"indsec_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            if kind == "postgresql":
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database."""
    yield from _fresh_database(_server_url("INDSEC_TEST_POSTGRESQL_URL"), kind="postgresql")


@pytest.fixture
def mysql_url() -> Iterator[str]:
    """A fresh, empty MariaDB database."""
    yield from _fresh_database(_server_url("INDSEC_TEST_MYSQL_URL"), kind="mysql")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store's database URL; every store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield from _fresh_database(_server_url("INDSEC_TEST_POSTGRESQL_URL"), kind="postgresql")
