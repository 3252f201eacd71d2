"""Uploaded filing files read into the shape the JSON export has, for the one validator.

``indsec filing export`` writes JSON or an XLSX form (a title line, the enterprise line, the
header of column names in Chinese or English, then one row per record). An XLSX is a ZIP, so
its package is checked against the archive bounds before openpyxl opens it.
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from indsec.catalogue.service import FilingPack
from indsec.discover.formats.archive import ArchiveLimits, check_package
from indsec.errors import ConnectorError, FilingRejectedError, Problem

ZIP_MAGIC = b"PK\x03\x04"
PREAMBLE_ROWS = 2
"""Lines above the header in the exported form: the title, then name and USCC."""


def rejected(where: str, message: str) -> FilingRejectedError:
    return FilingRejectedError("the file cannot be read as a filing", [Problem(where, message)])


def read_json(content: bytes) -> dict[str, Any]:
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise rejected("file", f"not valid UTF-8 JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise rejected("file", "the JSON must be an object, as 'indsec filing export' writes")
    return document


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _header(names: list[str], pack: FilingPack) -> tuple[str, list[str | None]]:
    """The language of the header and each column's field id (None: not a filing column)."""
    for lang in ("zh", "en"):
        ids = {f.names.get(lang): f.id for f in pack.fields}
        if sum(n in ids for n in names) * 2 > len(pack.fields):
            return lang, [ids.get(n) for n in names]
    raise rejected(f"row {PREAMBLE_ROWS + 1}", "no header of filing column names (zh or en)")


def _rows(content: bytes, limits: ArchiveLimits) -> list[list[str]]:
    import openpyxl  # deferred: heavy, and only an XLSX upload needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_package(BytesIO(content), limits)
        book = openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (ConnectorError, BadZipFile, InvalidFileException, OSError, ValueError, KeyError) as exc:
        raise rejected("file", f"not a readable XLSX workbook: {exc}") from exc
    try:
        return [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_xlsx(content: bytes, pack: FilingPack, limits: ArchiveLimits) -> dict[str, Any]:
    """The form as the JSON export's shape; rows are records from the line after the header."""
    rows = _rows(content, limits)
    if len(rows) <= PREAMBLE_ROWS:
        raise rejected("file", "too few lines for a filing form (title, enterprise, header)")
    enterprise = [*rows[1], "", "", ""]
    lang, ids = _header(rows[PREAMBLE_ROWS], pack)
    columns = [
        {"id": fid, "name": name} for fid, name in zip(ids, rows[PREAMBLE_ROWS], strict=True) if fid
    ]
    records = [
        {fid: value for fid, value in zip(ids, row, strict=False) if fid}
        for row in rows[PREAMBLE_ROWS + 1 :]
        if any(row)
    ]
    return {
        "enterprise": {"name": enterprise[1], "uscc": enterprise[2]},
        "lang": lang,
        "title": rows[0][0] if rows[0] else "",
        "columns": columns,
        "records": records,
    }


def read_upload(content: bytes, pack: FilingPack, limits: ArchiveLimits) -> dict[str, Any]:
    """A JSON or XLSX filing file, told apart by its content (never by its name)."""
    if content.startswith(ZIP_MAGIC):
        return read_xlsx(content, pack, limits)
    if content.lstrip()[:1] == b"{":
        return read_json(content)
    raise rejected("file", "neither a JSON filing nor an XLSX workbook")
