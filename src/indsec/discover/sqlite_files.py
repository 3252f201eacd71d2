"""How to open a SQLite file so that reading it creates no file beside it.

``mode=ro`` alone is not enough for a WAL-mode database: a reader needs the ``-shm`` index and
the ``-wal`` log, and SQLite creates them when they are missing — a read-only connection then
cannot delete them, so a scan leaves two files beside a production database, and on a
read-only directory the scan fails. What is safe depends on which files exist:

* not WAL (rollback journal): ``mode=ro``; readers create nothing.
* WAL with ``-wal`` and ``-shm``: a writer has it open (or left them). ``mode=ro`` reads the
  committed state under SQLite's own locks and creates nothing, as both files exist.
* WAL without ``-wal``: every committed page is in the main file, so it is read with
  ``immutable=1`` — no locks, no ``-shm``, no ``-wal``; works on a read-only directory. Immutable
  is only true while nobody checkpoints into the file; in WAL mode that needs a writer that
  opens the file, fills a ``-wal`` and checkpoints, so a :class:`ChangeGuard` compares the file's
  size and mtime before every statement and stops the source when it changed, instead of
  reading torn pages.
* WAL with ``-wal`` but no ``-shm`` (a crashed or exclusive-mode writer): the committed state
  needs a ``-shm`` that would be created beside the file, and reading only the main file could
  miss committed transactions, so the source is refused with the reason.

A private copy of the files was the other choice; it was not taken because it reads and writes
the whole database (gigabytes on a historian) to sample a thousand rows per table, and a copy
of a file under a live writer is no more consistent than reading it under SQLite's locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indsec.errors import ConnectorError

_HEADER = b"SQLite format 3\x00"
_WAL_VERSION_OFFSET = 18  # file format write version: 1 legacy, 2 WAL
_WAL = 2


@dataclass(frozen=True, slots=True)
class ChangeGuard:
    """The size and modification time of a file opened ``immutable``, to notice a change."""

    path: Path
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> ChangeGuard:
        """The file's state now.

        Raises:
            ConnectorError: the file cannot be read (removed or renamed during the scan).
        """
        try:
            stat = path.stat()
        except OSError as exc:
            raise ConnectorError(f"{path.name} cannot be read: {exc.strerror}") from exc
        return cls(path, stat.st_size, stat.st_mtime_ns)

    def check(self, *_: object) -> None:
        """Raise if the file changed since it was opened (a statement-event listener).

        Raises:
            ConnectorError: the file changed; reading on without locks could see torn pages.
        """
        if ChangeGuard.of(self.path) != self:
            raise ConnectorError(
                f"{self.path.name} changed while it was read without locks (a writer"
                " checkpointed into it); scan it again"
            )


def open_query(path: Path) -> tuple[str, ChangeGuard | None]:
    """The URI query opening ``path`` read-only, and the guard an immutable open needs.

    Raises:
        ConnectorError: a WAL database whose ``-wal`` has no ``-shm`` beside it.
    """
    if not _is_wal(path):
        return "mode=ro", None
    wal, shm = (Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    if wal and shm:
        return "mode=ro", None
    if wal:
        raise ConnectorError(
            f"{path.name} has a -wal log but no -shm index (left by a crashed or exclusive"
            " writer): reading it would create a file beside the database; let its"
            " application open it once, or scan a copy"
        )
    return "mode=ro&immutable=1", ChangeGuard.of(path)


def _is_wal(path: Path) -> bool:
    """Whether the header of ``path`` says WAL; False when it cannot be read as SQLite."""
    try:
        with path.open("rb") as file:
            header = file.read(_WAL_VERSION_OFFSET + 1)
    except OSError:
        return False
    return header.startswith(_HEADER) and header[_WAL_VERSION_OFFSET] == _WAL
