"""Output files named with ``-o/--output``: checked before any work, opened with one clear error.

A user who mistypes a directory should read one line that names the path, not a traceback from
deep inside a writer after the catalogue was already read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from indsec.errors import OutputError


def checked_output(path: Path) -> Path:
    """``path`` if a file can be written there; else :class:`OutputError` saying why."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory (name a file inside it)")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: directory {parent} does not exist")
    writable = os.access(path, os.W_OK) if path.exists() else os.access(parent, os.W_OK)
    if not writable:
        raise OutputError(f"cannot write {path}: permission denied")
    return path


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or the checked file at ``path`` (UTF-8, newlines as written)."""
    if path is None:
        yield sys.stdout
        return
    checked_output(path)
    try:
        with path.open("w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
