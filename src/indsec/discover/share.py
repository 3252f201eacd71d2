"""Opening entries of a file share so that what is read is what was found there.

A share is writable by people who are not the one scanning it. Between listing a directory and
reading a file, an entry can become a link to ``/etc/shadow`` or a FIFO that blocks the reader
forever. So every entry is opened relative to its directory's descriptor (``openat``), without
following a link in its last component (``O_NOFOLLOW``) and without waiting on a pipe or device
(``O_NONBLOCK``); what was opened is then judged by ``fstat`` of the descriptor itself, never by
the name. Directories are walked through their descriptors too, so a directory swapped for a link
leads nowhere outside the share.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class SymlinkEntryError(OSError):
    """The entry is a symbolic link (now, whatever the listing said)."""


class SpecialFileError(OSError):
    """The entry is neither a regular file nor a directory (a FIFO, socket or device)."""


@dataclass(frozen=True, slots=True)
class Opened:
    """An entry opened beneath a directory descriptor, with its ``fstat``; closed on exit."""

    descriptor: int
    status: os.stat_result

    @property
    def is_directory(self) -> bool:
        """Whether the descriptor is a directory."""
        return stat.S_ISDIR(self.status.st_mode)

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *_exc: object) -> None:
        os.close(self.descriptor)


def open_beneath(name: str, directory: int | None) -> Opened:
    """Open ``name`` in the directory ``directory`` (a descriptor) as a regular file or directory.

    With no ``directory``, ``name`` is the root the user named and a link there is followed.

    Raises:
        SymlinkEntryError: ``name`` is a symbolic link; it is not followed.
        SpecialFileError: ``name`` is a FIFO, socket or device; it is closed unread.
        OSError: it cannot be opened at all.
    """
    flags = _FLAGS if directory is not None else _FLAGS & ~os.O_NOFOLLOW
    try:
        descriptor = os.open(name, flags, dir_fd=directory)
    except OSError as exc:
        if exc.errno == errno.ELOOP and directory is not None:
            raise SymlinkEntryError(exc.errno, "symbolic link") from exc
        raise
    try:
        status = os.fstat(descriptor)
        if not (stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode)):
            raise SpecialFileError(errno.EINVAL, "not a regular file")
    except OSError:
        os.close(descriptor)
        raise
    return Opened(descriptor, status)


def listing(directory: int) -> list[os.DirEntry[str]]:
    """The entries of the directory ``directory`` (a descriptor), sorted by name."""
    with os.scandir(directory) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def is_decodable(name: str) -> bool:
    """Whether a name read from the file system is valid UTF-8 (and so can be stored)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(name: str) -> str:
    """``name`` with its undecodable bytes written as ``\\xNN``, safe to store and print."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")
