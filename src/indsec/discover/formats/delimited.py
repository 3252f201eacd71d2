"""Delimited text tables: CSV (comma, semicolon, pipe) and TSV.

A file is a table only if :class:`csv.Sniffer` finds a delimiter *and* every sampled record has
the same number of fields: the Sniffer alone calls almost any prose with commas a CSV file.

Reading is bounded and never loses the file to one bad record: lines are cut at the text limit,
a record with a field over the csv module's size limit is skipped, columns past the column limit
are left; each with a warning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.values import Reservoir, columns_from_rows, header_names
from indsec.errors import ConnectorError

_DELIMITERS = ",;\t|"
_MIN_RECORDS = 2
_LINE_ENDS = ("\n", "\r")
_Dialect = type[csv.Dialect] | csv.Dialect


def sniff_dialect(probe: Probe) -> type[csv.Dialect] | None:
    """The dialect of the probe's first lines if they form a consistent table of 2+ columns."""
    sample = "\n".join(probe.lines)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return None
    records = [record for record in csv.reader(io.StringIO(sample), dialect) if record]
    widths = {len(record) for record in records}
    if len(records) < _MIN_RECORDS or len(widths) != 1 or widths.pop() < 2:
        return None
    return dialect


@dataclass
class _Damage:
    """What a read had to leave out to stay bounded: cut lines, records it could not parse."""

    cut_lines: int = 0
    bad_records: int = 0
    first_error: str = ""

    def report(self, context: ReadContext) -> None:
        if self.cut_lines:
            context.warn(
                f"{self.cut_lines} lines longer than {context.text_limit} characters cut there"
            )
        if self.bad_records:
            context.warn(f"{self.bad_records} records skipped ({self.first_error})")


def _lines(handle: TextIO, limit: int, damage: _Damage) -> Iterator[str]:
    """The physical lines of ``handle``, each cut at ``limit`` characters (the rest skipped).

    ``csv.reader`` iterating a file holds a whole line in memory, and one line can be the
    whole file; reading at most ``limit`` characters at a time bounds that.
    """
    while line := handle.readline(limit):
        if len(line) == limit and not line.endswith(_LINE_ENDS):
            damage.cut_lines += 1
            while len(rest := handle.readline(limit)) == limit and not rest.endswith(_LINE_ENDS):
                pass
        yield line


def _records(probe: Probe, dialect: _Dialect, context: ReadContext) -> Iterator[list[str]]:
    """Non-empty records; one the csv module refuses (a field over its size limit) is skipped."""
    if probe.encoding is None:
        raise ConnectorError("not decodable as UTF-8 or GB18030 text")
    damage = _Damage()
    with probe.open_text(probe.encoding, newline="") as handle:
        reader = csv.reader(_lines(handle, context.text_limit, damage), dialect)
        while (record := _next_record(reader, damage)) is not None:
            if any(record):
                yield record
    damage.report(context)


def _next_record(reader: Iterator[list[str]], damage: _Damage) -> list[str] | None:
    """The next record, skipping those that raise; None at the end."""
    while True:
        try:
            return next(reader, None)
        except csv.Error as exc:  # the reader starts afresh at the next line
            damage.bad_records += 1
            damage.first_error = damage.first_error or str(exc)


class _DelimitedFormat(FileFormat):
    """A delimited table whose delimiter tells CSV from TSV."""

    tab_separated = False
    fallback_dialect: type[csv.Dialect] = csv.excel

    def detect(self, probe: Probe) -> Confidence:
        """Certain for a consistent table with this family's delimiter, else by extension."""
        if probe.text is None:
            return Confidence.NONE
        dialect = sniff_dialect(probe)
        if dialect is not None and (dialect.delimiter == "\t") == self.tab_separated:
            return Confidence.CERTAIN
        return Confidence.PLAUSIBLE if probe.suffix in self.extensions else Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Header row → column names; data rows counted and reservoir-sampled."""
        dialect = sniff_dialect(probe) or self.fallback_dialect
        records = _records(probe, dialect, context)
        first = next(records, [])
        header = header_names(context.bound_columns(first))
        sample: Reservoir[list[str]] = Reservoir(context.sample_size, context.seed)
        ragged = 0
        for record in records:
            ragged += len(record) != len(first)
            sample.offer(record[: context.max_columns])
        if ragged:
            context.warn(f"{ragged} rows do not have {len(first)} fields")
        metadata = {"encoding": str(probe.encoding), "delimiter": dialect.delimiter}
        columns = columns_from_rows(header, sample.items)
        return [FileContent(columns=columns, rows=sample.seen, metadata=metadata)]


@register_format
class Csv(_DelimitedFormat):
    """Comma-, semicolon- or pipe-separated values."""

    name = "csv"
    extensions = frozenset({".csv"})
    priority = 40


@register_format
class Tsv(_DelimitedFormat):
    """Tab-separated values."""

    name = "tsv"
    extensions = frozenset({".tsv", ".tab"})
    priority = 41
    tab_separated = True
    fallback_dialect = csv.excel_tab
