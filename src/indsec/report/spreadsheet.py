"""Any list a page shows, as an XLSX workbook: regulators and plant officers work in Excel.

One sheet, the header frozen and filtered, widths fitted, every text cell typed as text so a
value starting with ``=`` is never written as a formula (``cells.write_table`` does all three).
Built in memory with the write-only workbook, which keeps a sheet of tens of thousands of rows
to one pass and no cell objects held.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook

from indsec.cells import write_table

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_LIMIT = 31
"""Excel refuses a sheet title longer than this."""


def table_workbook(title: str, header: Sequence[object], rows: Sequence[Sequence[object]]) -> bytes:
    """``header`` and ``rows`` as the bytes of an XLSX file whose one sheet is ``title``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:SHEET_TITLE_LIMIT] or "Sheet")
    write_table(sheet, header, rows)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
