"""Shared fixtures: fresh databases on SQLite, PostgreSQL and MariaDB.

``make test`` starts real PostgreSQL and MariaDB servers on loopback and exports their URLs.
Every database is created per test under a random name, so parallel workers (pytest-xdist)
never meet.
Without them the server-backed cases are skipped, unless ``INDSEC_REQUIRE_SERVICES=1`` (set by
``make test``) turns a missing server into a failure, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command as alembic_command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from indsec.store.database import Store
from tests.e2e.conftest import Workspace

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
THIRD_PARTY = Path(os.environ.get("INDSEC_TEST_THIRD_PARTY", SHARED / "data"))
"""The third-party data (SigmaHQ, LOLRMM) beside the repository. A new user's machine may lack
it and ``make test`` runs there too, so what reads it is skipped without it; the variable points
the suite elsewhere (a missing directory: the suite as that machine runs it)."""
needs_third_party = pytest.mark.skipif(
    not THIRD_PARTY.is_dir(), reason=f"no third-party data at {THIRD_PARTY}"
)


def require_third_party() -> None:
    """Skip the calling module, which reads the third-party data as it is imported, without it."""
    if not THIRD_PARTY.is_dir():
        pytest.skip(f"no third-party data at {THIRD_PARTY}", allow_module_level=True)


FILES = Path(__file__).parent / "files"


def _server_url(var: str) -> str:
    url = os.environ.get(var)
    if url:
        return url
    if os.environ.get("INDSEC_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{var} is not set but INDSEC_REQUIRE_SERVICES=1")
    pytest.skip(f"{var} not set (run 'make test' to start the test servers)")


def _fresh_database(server_url: str, *, kind: str, template: str | None = None) -> Iterator[str]:
    """A new database (a copy of PostgreSQL database ``template`` if given), dropped after."""
    name = f"indsec_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    copy = f" TEMPLATE {template}" if template else ""
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}{copy}"))
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


@pytest.fixture(scope="session")
def postgresql_store_template() -> Iterator[str]:
    """A PostgreSQL database migrated to the newest revision, once per test session (per xdist
    worker): the store tests' databases are copied from it, as migrating one takes seconds."""
    databases = _fresh_database(_server_url("INDSEC_TEST_POSTGRESQL_URL"), kind="postgresql")
    url = next(databases)
    Store(url).close()
    yield str(make_url(url).database)
    next(databases, None)


def _empty_store(request: pytest.FixtureRequest) -> bool:
    """Whether the test needs a database with no schema: marked so, or in a module that runs
    Alembic's commands (``from alembic import command``) to start from an old revision."""
    marked = request.node.get_closest_marker("empty_store") is not None
    return marked or getattr(request.module, "command", None) is alembic_command


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store's database URL; every store test runs on SQLite and on PostgreSQL.

    The SQLite file does not exist yet. The PostgreSQL database is already migrated (a copy of
    :func:`postgresql_store_template`: opening it migrates nothing), unless the test migrates
    from an older revision itself: it is marked ``empty_store``, or its module drives Alembic.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    template = (
        None if _empty_store(request) else request.getfixturevalue("postgresql_store_template")
    )
    server = _server_url("INDSEC_TEST_POSTGRESQL_URL")
    yield from _fresh_database(server, kind="postgresql", template=template)


def without_indsec_settings(patch: pytest.MonkeyPatch) -> None:
    """Drop every INDSEC_* variable of the caller's environment: a test sees what it sets."""
    for name in [n for n in os.environ if n.startswith("INDSEC_")]:
        patch.delenv(name)


@pytest.fixture
def blank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Workspace:
    """The CLI as a new user meets it: the current directory is all the state there is."""
    without_indsec_settings(monkeypatch)
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # what a pipe or a file is, whatever runs pytest
    monkeypatch.chdir(tmp_path)
    return Workspace(tmp_path, capsys)


@pytest.fixture
def shell(store_url: str, blank: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The command line on the test's store (SQLite, PostgreSQL, MariaDB); a module adds its
    own settings with ``monkeypatch``. ``store_url`` comes first: ``blank`` drops the INDSEC_*
    variables, the test servers' URLs among them."""
    monkeypatch.setenv("INDSEC_DATABASE_URL", store_url)
    return blank
