"""Excel workbooks (OOXML): one asset per worksheet.

Each sheet becomes its own asset named ``path#Sheet`` rather than one asset with prefixed
columns: sheets are usually separate datasets (staff list, recipes, suppliers) that deserve their
own grade, and recognizers match column names such as ``身份证号`` exactly, which a sheet prefix
would break.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from indsec.discover.formats.base import (
    FileContent,
    OfficePackageFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.values import Reservoir, columns_from_rows, header_names

WORKBOOK_PART = "xl/workbook.xml"


def _filled(row: Sequence[object]) -> bool:
    return any(cell is not None and str(cell).strip() for cell in row)


def read_sheet(sheet: Any, context: ReadContext) -> FileContent:
    """The first non-empty row names the columns; later non-empty rows are sampled."""
    rows: Iterator[Sequence[object]] = (
        row for row in sheet.iter_rows(values_only=True) if _filled(row)
    )
    header = header_names(next(rows, ()))
    sample: Reservoir[Sequence[object]] = Reservoir(context.sample_size, context.seed)
    for row in rows:
        sample.offer(row)
    columns = columns_from_rows(header, sample.items)
    return FileContent(
        part=sheet.title, columns=columns, rows=sample.seen, metadata={"sheet": sheet.title}
    )


@register_format
class Xlsx(OfficePackageFormat):
    """XLSX and XLSM workbooks, read with openpyxl in streaming read-only mode."""

    name = "xlsx"
    extensions = frozenset({".xlsx", ".xlsm"})
    main_part = WORKBOOK_PART
    priority = 10

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """One content per worksheet, in workbook order."""
        import openpyxl  # deferred: a heavy import only needed when a workbook is found

        workbook = openpyxl.load_workbook(probe.open(), read_only=True, data_only=True)
        try:
            return [read_sheet(sheet, context) for sheet in workbook.worksheets]
        finally:
            workbook.close()
