"""What sniffing looks at: the first bytes of a file, decoded as text when they are text.

Formats are told apart by content, not by name, because plant file shares are full of exports
with wrong or missing extensions. A :class:`Probe` reads the head of a file once and derives,
lazily, everything the format detectors ask about: the text encoding, the first lines and, for
ZIP containers, the part names that tell an XLSX from a DOCX.

A probe reads the file through the descriptor the connector opened and checked, never by name
again, so readers get handles on that same file (:meth:`Probe.open`, :meth:`Probe.open_text`).
"""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from indsec.discover.formats.archive import DEFAULT_MAX_MEMBERS, declared_members
from indsec.discover.formats.descriptor import open_binary, open_text

HEAD_BYTES = 64 * 1024
PROBE_LINES = 50
ZIP_MAGIC = b"PK\x03\x04"
_TEXT_ENCODINGS = ("utf-8", "gb18030")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HARMLESS_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MAX_CONTROL_RATIO = 0.05


def suffix_of(path: Path) -> str:
    """The lower-case extension, counting dot-files such as ``.env`` as their own extension."""
    if path.suffix:
        return path.suffix.lower()
    return path.name.lower() if path.name.startswith(".") else ""


def decode_prefix(data: bytes, encoding: str, *, final: bool) -> str:
    """Decode ``data`` strictly, tolerating a multi-byte character cut at its end unless final."""
    decoder = codecs.getincrementaldecoder(encoding)()
    return decoder.decode(data, final=final)


def detect_encoding(data: bytes, *, final: bool) -> str | None:
    """The encoding of ``data`` if it is text, else None.

    A byte-order mark decides, if what follows it decodes. Otherwise UTF-8 is tried before
    GB18030 because GB18030 accepts most UTF-8 byte sequences as (wrong) Chinese text; NUL bytes
    or many control characters mean binary whatever decodes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding if _decodes(data, encoding, final=final) else None
    if b"\x00" in data:
        return None
    for encoding in _TEXT_ENCODINGS:
        try:
            text = decode_prefix(data, encoding, final=final)
        except UnicodeDecodeError:
            continue
        if _looks_textual(text):
            return encoding
    return None


def _decodes(data: bytes, encoding: str, *, final: bool) -> bool:
    """Whether ``data`` is valid ``encoding``: a byte-order mark alone proves nothing."""
    try:
        decode_prefix(data, encoding, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _looks_textual(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in _HARMLESS_CONTROLS)
    return controls <= len(text) * _MAX_CONTROL_RATIO


@dataclass
class Probe:
    """The head of one file and what can be derived from it.

    Attributes:
        path: where the file is, for its extension and for messages; never opened again.
        descriptor: the open file, owned (and closed) by whoever opened it.
        max_zip_members: a ZIP declaring more members is not listed (its directory alone
            would take memory in proportion), so it is sniffed as an unreadable container.
    """

    path: Path
    size: int
    head: bytes
    descriptor: int
    max_zip_members: int = DEFAULT_MAX_MEMBERS

    @classmethod
    def read(
        cls, path: Path, descriptor: int, *, max_zip_members: int = DEFAULT_MAX_MEMBERS
    ) -> Probe:
        """Read the first :data:`HEAD_BYTES` of the open file ``descriptor``."""
        size = os.fstat(descriptor).st_size
        return cls(path, size, os.pread(descriptor, HEAD_BYTES, 0), descriptor, max_zip_members)

    def open(self) -> io.BufferedReader:
        """A new binary handle on the file, at its start."""
        return open_binary(self.descriptor)

    def open_text(
        self, encoding: str, *, newline: str | None = None, errors: str = "strict"
    ) -> io.TextIOWrapper:
        """A new text handle on the file, at its start."""
        return open_text(self.descriptor, encoding, newline=newline, errors=errors)

    @property
    def suffix(self) -> str:
        """Lower-case extension, used only as a tie-breaking hint."""
        return suffix_of(self.path)

    @property
    def complete(self) -> bool:
        """Whether the head holds the whole file."""
        return len(self.head) >= self.size

    @cached_property
    def encoding(self) -> str | None:
        """The text encoding of the head, or None when the file is binary or undecodable."""
        return detect_encoding(self.head, final=self.complete)

    @cached_property
    def text(self) -> str | None:
        """The head as text, or None when it is not text."""
        if self.encoding is None:
            return None
        return decode_prefix(self.head, self.encoding, final=self.complete)

    @cached_property
    def lines(self) -> list[str]:
        """Up to :data:`PROBE_LINES` complete lines of the head; a line the head cuts is dropped."""
        if self.text is None:
            return []
        lines = self.text.splitlines()
        if not self.complete and lines:
            lines.pop()
        return lines[:PROBE_LINES]

    @cached_property
    def zip_names(self) -> frozenset[str] | None:
        """Member names of a ZIP container, or None if the file is not a readable ZIP."""
        if not self.head.startswith(ZIP_MAGIC):
            return None
        try:
            with self.open() as handle:
                if declared_members(handle) > self.max_zip_members:
                    return None
                with zipfile.ZipFile(handle) as archive:
                    return frozenset(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None

    def has_zip_part(self, name: str) -> bool:
        """Whether the file is a ZIP holding ``name`` (OOXML main parts tell XLSX from DOCX)."""
        return self.zip_names is not None and name in self.zip_names


LineTest = Callable[[str], bool]


def share_of_lines(lines: list[str], test: LineTest) -> float:
    """The share of non-blank ``lines`` passing ``test`` (0.0 for no lines)."""
    content = [line for line in lines if line.strip()]
    if not content:
        return 0.0
    return sum(1 for line in content if test(line)) / len(content)
