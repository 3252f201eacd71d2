"""Reading a registry file: CSV or XLSX rows as text cells under the registry's own columns.

Regulators' spreadsheets come from many offices, so headers are matched by alias, Chinese or
English, ignoring case, spaces and a unit in brackets; a revenue header that says 万元 scales
its values. XLSX is streamed (openpyxl read-only) and CSV decoded as UTF-8 (with or without
BOM), else GB18030, so a province-sized file is read in one pass. A file that cannot be read
at all, or lacks a column, is one :class:`~indsec.errors.RegistryFileError`; its rows are
checked one by one later.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from indsec.errors import RegistryFileError

COLUMNS = ("uscc", "name", "industry", "region", "revenue", "above_scale")
ALIASES = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "unifiedsocialcreditcode"),
    "name": ("企业名称", "单位名称", "名称", "name", "enterprisename", "companyname"),
    "industry": ("行业代码", "国民经济行业代码", "行业分类代码", "industrycode", "industry"),
    "region": ("行政区划代码", "区划代码", "地区代码", "regioncode", "region"),
    "revenue": ("营业收入", "年营业收入", "主营业务收入", "annualrevenue", "revenue"),
    "above_scale": ("是否规上", "规上企业", "是否规模以上", "规模以上", "abovescale"),
}
"""Our column → the headers that name it, in their normal form (:func:`_header_key`)."""
_BY_ALIAS = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
_UNIT = re.compile(r"[（(]([^）)]*)[）)]")
TEN_THOUSAND = Decimal(10_000)
ENCODINGS = ("utf-8-sig", "gb18030")
HEADER_ROWS = 5
"""How far down the header row is looked for."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Which cell holds which column, and what a revenue value is worth in yuan."""

    positions: dict[str, int]
    revenue_scale: Decimal


def _header_key(header: str) -> str:
    return re.sub(r"[\s_\-/]", "", _UNIT.sub("", header)).lower()


def layout(headers: list[str]) -> Layout:
    """Where each column is; a missing or repeated column makes the file unreadable."""
    positions: dict[str, int] = {}
    scale = Decimal(1)
    for index, header in enumerate(headers):
        column = _BY_ALIAS.get(_header_key(header))
        if column is None:
            continue
        if column in positions:
            raise RegistryFileError(f"two columns name the {column} ({header!r})")
        positions[column] = index
        if column == "revenue" and "万元" in header:
            scale = TEN_THOUSAND
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        wanted = "; ".join(f"{c}: {' / '.join(ALIASES[c][:2])}" for c in missing)
        raise RegistryFileError(f"the header row lacks columns ({wanted})")
    return Layout(positions, scale)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(numbered: Iterator[tuple[int, list[str]]]) -> tuple[list[str], Layout]:
    """The header row: the first of the first :data:`HEADER_ROWS` that names every column
    (offices put a title or a date above it); if none does, the first row's fault."""
    first: RegistryFileError | None = None
    for number, cells in numbered:
        try:
            return cells, layout(cells)
        except RegistryFileError as exc:
            first = first or exc
        if number >= HEADER_ROWS:
            break
    raise first or RegistryFileError("the file is empty (no header row)")


def _records(rows: Iterable[list[str]]) -> Iterator[tuple[int, dict[str, str], Layout]]:
    numbered = enumerate(rows, start=1)
    header, found = _header(numbered)
    for number, cells in numbered:
        if not any(cells):
            continue
        padded = cells + [""] * (len(header) - len(cells))
        yield number, {c: padded[i] for c, i in found.positions.items()}, found


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return (list(map(_text, row)) for row in csv.reader(io.StringIO(text, newline="")))
    raise RegistryFileError("the CSV file is neither UTF-8 nor GB18030 text")


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegistryFileError(f"not a readable XLSX workbook: {exc}") from exc
    sheet = book.worksheets[0]
    try:
        for row in sheet.iter_rows(values_only=True):
            yield [_text(v) for v in row]
    finally:
        book.close()


def read_registry(name: str, data: bytes) -> Iterator[tuple[int, dict[str, str], Layout]]:
    """Each data row of the file ``name`` (numbered as a spreadsheet shows it, the header
    being row 1) as column → text, with the file's layout."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return _records(_csv_rows(data))
    if suffix == ".xlsx":
        return _records(_xlsx_rows(data))
    raise RegistryFileError(f"{name}: a registry is a .csv or .xlsx file")
