"""Open the database and bring its schema to the newest migration.

SQLite is the embedded default; ``INDSEC_DATABASE_URL`` points at PostgreSQL for a shared or
supervision instance. The schema is only ever changed by Alembic migrations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from indsec.errors import NotFoundError, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@dataclass(frozen=True)
class Pool:
    """How many connections a process keeps open (``size``) and may open beyond them at a peak
    (``overflow``, each closed after use); SQLite's own pooling ignores both."""

    size: int = 5
    overflow: int = 10


def _json_text(value: object) -> str:
    """JSON columns as UTF-8 text, not ``\\uXXXX`` escapes: a filing's Chinese cells are
    stored in a third of the bytes, and encoded, sent and parsed faster (the same values)."""
    return json.dumps(value, ensure_ascii=False)


def open_engine(url: str, pool: Pool = Pool()) -> Engine:
    """Create an engine for ``url``; the SQLite parent directory is created if needed."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL: {exc}") from exc
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        sizes = {} if sqlite else {"pool_size": pool.size, "max_overflow": pool.overflow}
        engine = create_engine(parsed, future=True, json_serializer=_json_text, **sizes)
    except (ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot open database {parsed.render_as_string()}: {exc}") from exc
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for other databases, in-memory or invalid URLs."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(str(parsed.database))
    return None


def describe_url(url: str) -> str:
    """Where the state is, for messages: the SQLite file, or the URL without its password."""
    file = _sqlite_file(url)
    if file is not None:
        return str(file.resolve())
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "an invalid database URL"


def _require_existing(url: str) -> None:
    """A read must not create state: a missing SQLite file is "nothing here", said with where."""
    file = _sqlite_file(url)
    if file is not None and not file.exists():
        raise NotFoundError(
            f"no indsec state at {describe_url(url)}: state lives in .indsec/ of the current "
            "directory (or INDSEC_HOME, INDSEC_DATABASE_URL); cd to where you ran 'indsec scan' "
            "or 'indsec demo' (the demo's directory, e.g. demo-out), or scan here"
        )


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the database: {exc}") from exc


class Store:
    """An opened, migrated database and its session factory."""

    def __init__(self, url: str, *, existing: bool = False, pool: Pool = Pool()) -> None:
        """Open ``url``; with ``existing``, refuse (not create) a SQLite file that is missing."""
        if existing:
            _require_existing(url)
        self.url = url
        self.engine = open_engine(url, pool)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except SQLAlchemyError as exc:
                session.rollback()
                raise StoreError(f"database error: {exc}") from exc
            except BaseException:
                session.rollback()
                raise

    @property
    def where(self) -> str:
        """Where this store's state is, for "nothing here" messages."""
        return describe_url(self.url)

    def close(self) -> None:
        self.engine.dispose()
