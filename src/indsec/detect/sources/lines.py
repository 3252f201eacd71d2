"""Bounded, located reading of text logs: numbered lines and CSV records, bad ones reported.

Log files reach gigabytes and are often damaged (truncated writes, mixed encodings, a binary
blob pasted into a message). Every reader walks them through here so memory stays bounded by
one line (or one CSV record) and each skipped piece lands in the ``ScanReport`` with
``path:line`` and the reason, while the rest of the file is still read.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from indsec.errors import LogSourceError
from indsec.model.source import ScanReport

MAX_LINE_BYTES = 1 << 20
"""Longest line kept; a longer one is reported and skipped rather than filling memory."""

READ_BUFFER_BYTES = 1 << 20
"""Logs are read in large blocks: with the default 8 KiB, a line costs twice as much."""

_BOM = "\ufeff"


def open_log(path: Path) -> BinaryIO:
    """Open a log for reading, read-only.

    Raises:
        LogSourceError: the file cannot be opened at all.
    """
    try:
        return path.open("rb", buffering=READ_BUFFER_BYTES)
    except OSError as exc:
        raise LogSourceError(f"{path}: cannot open log: {exc.strerror or exc}") from exc


def stat_log(path: Path) -> os.stat_result:
    """The log's size and times.

    Raises:
        LogSourceError: the file does not exist or cannot be examined.
    """
    try:
        return path.stat()
    except OSError as exc:
        raise LogSourceError(f"{path}: cannot open log: {exc.strerror or exc}") from exc


def _skip_rest_of_line(stream: BinaryIO, chunk: bytes, limit: int) -> None:
    while chunk and not chunk.endswith(b"\n"):
        chunk = stream.readline(limit)


def iter_byte_lines(
    path: Path, report: ScanReport, *, max_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes]]:
    """Each line of ``path`` as bytes, line ending included, with its 1-based number.

    Over-long lines are reported as failures and skipped. Readers whose parser takes bytes
    (orjson) use this directly and skip a decode per line.
    """
    with open_log(path) as stream:
        number = 0
        while chunk := stream.readline(max_bytes):
            number += 1
            if len(chunk) == max_bytes and not chunk.endswith(b"\n"):
                _skip_rest_of_line(stream, chunk, max_bytes)
                report.fail(f"{path}:{number}", f"line longer than {max_bytes} bytes; skipped")
                continue
            yield number, chunk


def iter_lines(
    path: Path, report: ScanReport, *, max_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, str]]:
    """Each UTF-8 line of ``path`` without its line ending, with its 1-based number.

    Undecodable and over-long lines are reported as failures and skipped; a UTF-8 byte-order
    mark (Excel exports) is dropped.
    """
    for number, chunk in iter_byte_lines(path, report, max_bytes=max_bytes):
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            report.fail(f"{path}:{number}", undecodable(exc))
            continue
        if number == 1 and text.startswith(_BOM):
            text = text[1:]
        yield number, text.rstrip("\r\n")


def undecodable(exc: UnicodeDecodeError) -> str:
    """The report message for a line that is not UTF-8."""
    return f"not UTF-8 at byte {exc.start + 1}; skipped"


class _RecordFeed:
    """Feeds lines to ``csv.reader`` and remembers where the current record began."""

    def __init__(self, lines: Iterator[tuple[int, str]]) -> None:
        self._lines = lines
        self.first_line = 0
        self._fresh = True

    def __iter__(self) -> _RecordFeed:
        return self

    def __next__(self) -> str:
        number, text = next(self._lines)
        if self._fresh:
            self.first_line = number
            self._fresh = False
        return text + "\n"  # keeps newlines inside quoted multi-line fields

    def next_record(self) -> None:
        self._fresh = True


def iter_csv_rows(
    path: Path, report: ScanReport, **dialect: str | bool
) -> Iterator[tuple[int, list[str]]]:
    """Each non-empty CSV record of ``path`` with the line it starts on.

    ``dialect`` takes ``csv.reader`` format parameters. A record the csv module rejects is
    reported and reading resumes with the next one; a runaway quoted field is bounded by
    ``csv.field_size_limit``.
    """
    feed = _RecordFeed(iter_lines(path, report))
    reader = csv.reader(feed, **dialect)  # type: ignore[arg-type]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.fail(f"{path}:{feed.first_line}", f"bad CSV record: {exc}; skipped")
            feed.next_record()
            continue
        if row:
            yield feed.first_line, row
        feed.next_record()
