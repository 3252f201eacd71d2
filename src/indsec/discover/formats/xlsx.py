"""Excel workbooks (OOXML): one asset per worksheet.

Each sheet becomes its own asset named ``path#Sheet`` rather than one asset with prefixed
columns: sheets are usually separate datasets (staff list, recipes, suppliers) that deserve their
own grade, and recognizers match column names such as ``身份证号`` exactly, which a sheet prefix
would break.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from indsec.discover.formats.archive import ArchiveLimits, bomb
from indsec.discover.formats.base import (
    FileContent,
    OfficePackageFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.values import Reservoir, columns_from_rows, header_names

WORKBOOK_PART = "xl/workbook.xml"
SHARED_STRINGS = re.compile(r"(?i)xl/sharedStrings\d*\.xml")
ROW_CELLS = 2


def _filled(row: Sequence[object]) -> bool:
    return any(cell is not None and str(cell).strip() for cell in row)


class BoundedRows:
    """A sheet's rows until ``limit`` cells were read, padding cells and empty rows included.

    openpyxl pads every row to the sheet's declared dimension and yields the empty rows up to
    it, so a few kilobytes claiming ``A1:XFD1048576`` make billions of cells; counting what is
    yielded, not what is stored, bounds the time of any sheet. A row costs openpyxl about
    :data:`ROW_CELLS` cells of work beyond its own cells (15 us against 10 us per cell), so a
    sheet of a million one-cell rows is bounded too.
    """

    def __init__(self, sheet: Any, limit: int) -> None:
        self.sheet = sheet
        self.limit = limit
        self.cut = False

    def __iter__(self) -> Iterator[Sequence[object]]:
        cells = 0
        for row in self.sheet.iter_rows(values_only=True):
            cells += len(row) + ROW_CELLS
            if cells > self.limit:
                self.cut = True
                return
            yield row


def read_sheet(sheet: Any, context: ReadContext) -> FileContent:
    """The first non-empty row names the columns; later non-empty rows are sampled."""
    bounded = BoundedRows(sheet, context.cell_limit)
    rows = (row for row in bounded if _filled(row))
    header = header_names(next(rows, ()))
    sample: Reservoir[Sequence[object]] = Reservoir(context.sample_size, context.seed)
    for row in rows:
        sample.offer(row)
    content = FileContent(
        part=sheet.title,
        columns=columns_from_rows(header, sample.items),
        rows=sample.seen,
        metadata={"sheet": sheet.title},
    )
    if bounded.cut:
        _estimate_rows(content, sheet)
        context.warn(f"sheet {sheet.title!r}: read stopped after {context.cell_limit} cells")
    return content


def _estimate_rows(content: FileContent, sheet: Any) -> None:
    """Rows of a sheet read in part: those seen, or the declared dimension's if more."""
    declared = (sheet.max_row or 0) - 1  # less the header row
    content.rows = max(content.rows or 0, declared)
    content.rows_exact = False
    content.metadata["truncated"] = "true"


def check_shared_strings(handle: BinaryIO, limits: ArchiveLimits) -> None:
    """Refuse a shared-string table larger than ``limits.max_shared_strings_bytes``.

    Sheets stream, but openpyxl loads the table of shared strings whole, at about seven bytes
    of memory per unpacked byte (78 MB of strings: 528 MB RSS and 50 s), so it has a bound of
    its own, lower than any member's.
    """
    with zipfile.ZipFile(handle) as archive:
        size = sum(i.file_size for i in archive.infolist() if SHARED_STRINGS.fullmatch(i.filename))
    if size > limits.max_shared_strings_bytes:
        raise bomb(f"shared strings unpack to {size} bytes, loaded whole")


@register_format
class Xlsx(OfficePackageFormat):
    """XLSX and XLSM workbooks, read with openpyxl in streaming read-only mode."""

    name = "xlsx"
    extensions = frozenset({".xlsx", ".xlsm"})
    main_part = WORKBOOK_PART
    priority = 10

    def read_package(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """One content per worksheet, in workbook order."""
        import openpyxl  # deferred: a heavy import only needed when a workbook is found

        with probe.open() as handle:
            check_shared_strings(handle, context.archive)
        workbook = openpyxl.load_workbook(probe.open(), read_only=True, data_only=True)
        try:
            return [read_sheet(sheet, context) for sheet in workbook.worksheets]
        finally:
            workbook.close()
