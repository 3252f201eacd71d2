"""Delimited text tables: CSV (comma, semicolon, pipe) and TSV.

A file is a table only if :class:`csv.Sniffer` finds a delimiter *and* every sampled record has
the same number of fields: the Sniffer alone calls almost any prose with commas a CSV file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

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


def _records(probe: Probe, dialect: type[csv.Dialect] | csv.Dialect) -> Iterator[list[str]]:
    if probe.encoding is None:
        raise ConnectorError("not decodable as UTF-8 or GB18030 text")
    with probe.path.open(encoding=probe.encoding, newline="") as handle:
        yield from (record for record in csv.reader(handle, dialect) if any(record))


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
        records = _records(probe, dialect)
        header = header_names(next(records, []))
        sample: Reservoir[list[str]] = Reservoir(context.sample_size, context.seed)
        ragged = 0
        for record in records:
            ragged += len(record) != len(header)
            sample.offer(record)
        if ragged:
            context.warn(f"{ragged} rows do not have {len(header)} fields")
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
