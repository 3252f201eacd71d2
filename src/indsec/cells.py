"""Cells of the spreadsheets and CSV files people open: data is always text, never a formula.

Table, file and column names are chosen by whoever controls a scanned source. Written as they
are into an XLSX or CSV file, ``=HYPERLINK(...)`` becomes a live formula in the spreadsheet of
the officer or regulator who opens it (CSV injection, OWASP). Every XLSX and CSV writer goes
through this module: XLSX cells holding text are typed as strings, so openpyxl never writes a
formula; CSV text that a spreadsheet would evaluate gets OWASP's leading single quote.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# OWASP CSV injection: a cell starting with one of these is evaluated by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH = 8
MAX_WIDTH = 60


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell: text a spreadsheet would evaluate gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    """A CSV row of data, every cell passed through :func:`csv_cell`."""
    return [csv_cell(v) for v in values]


def xlsx_cell(sheet: Any, value: object) -> Cell:
    """A cell whose text stays text: typed string, and characters XML cannot hold made visible."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    cell: Cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make any text starting with '=' a formula
    return cell


def _display_width(value: object) -> int:
    text = "" if value is None else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def column_widths(header: Sequence[object], rows: Sequence[Sequence[object]]) -> list[int]:
    """Each column's width in characters: its widest cell (CJK counts double), within bounds."""
    widths = []
    for index in range(len(header)):
        widest = max(_display_width(r[index]) for r in [header, *rows] if index < len(r))
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    return widths


def write_table(
    sheet: Any,
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    preamble: Sequence[Sequence[object]] = (),
) -> None:
    """Write ``preamble`` lines, a header and rows as a form: fitted widths, frozen header, filters.

    ``sheet`` may be a write-only sheet, so the layout is set before the first row is written.
    """
    header_row = len(preamble) + 1
    for index, width in enumerate(column_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    last = f"{get_column_letter(max(1, len(header)))}{header_row + len(rows)}"
    sheet.auto_filter.ref = f"A{header_row}:{last}"
    for line in preamble:
        sheet.append([xlsx_cell(sheet, value) for value in line])
    sheet.append([_bold(xlsx_cell(sheet, value)) for value in header])
    for line in rows:
        sheet.append([xlsx_cell(sheet, value) for value in line])


def _bold(cell: Cell) -> Cell:
    cell.font = Font(bold=True)
    return cell
