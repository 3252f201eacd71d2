"""Registry files for the tests: rows written as CSV or XLSX with the importer's headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from indsec.supervision.service import SYNTHETIC_HEADER

HEADER = list(SYNTHETIC_HEADER)
"""统一社会信用代码, 企业名称, 行业代码, 行政区划代码, 营业收入（元）, 是否规上."""


def registry_csv(
    rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER, encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def registry_xlsx(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
