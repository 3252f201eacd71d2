"""Read one already opened file through as many independent handles as its readers need.

The file connector opens each file once, without following links, and checks the descriptor it
got is a regular file inside the share. Readers must then read *that* file, never reopen it by
name: a name can be swapped for a link to anything between the check and the read. Parsers
(ZIP, openpyxl, pypdf) also want handles of their own with their own positions, and a plain
``os.dup`` would share one position between them, so each handle here reads with ``pread`` at
its own offset and leaves the descriptor open for its owner to close.
"""

from __future__ import annotations

import errno
import io
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

BUFFER_BYTES = 64 * 1024


class DescriptorReader(io.RawIOBase):
    """A seekable, read-only raw stream over ``descriptor`` with a position of its own."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self._descriptor = descriptor
        self._position = 0

    def readable(self) -> bool:
        """Always readable."""
        return True

    def seekable(self) -> bool:
        """Always seekable: every read names its offset."""
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        """Fill ``buffer`` from the current position; 0 at end of file."""
        count = os.preadv(self._descriptor, [buffer], self._position)
        self._position += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move the position of this handle only."""
        if whence == io.SEEK_CUR:
            offset += self._position
        elif whence == io.SEEK_END:
            offset += os.fstat(self._descriptor).st_size
        if offset < 0:
            raise OSError(errno.EINVAL, "negative seek position")
        self._position = offset
        return offset

    def tell(self) -> int:
        """The position of this handle."""
        return self._position


def open_binary(descriptor: int) -> io.BufferedReader:
    """A new buffered binary handle on ``descriptor``, starting at offset 0."""
    return io.BufferedReader(DescriptorReader(descriptor), buffer_size=BUFFER_BYTES)


def open_text(
    descriptor: int, encoding: str, *, newline: str | None = None, errors: str = "strict"
) -> io.TextIOWrapper:
    """A new text handle on ``descriptor``, decoding strictly unless told otherwise."""
    return io.TextIOWrapper(
        open_binary(descriptor), encoding=encoding, newline=newline, errors=errors
    )
