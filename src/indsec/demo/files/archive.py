"""Reproducible ZIP containers (XLSX and DOCX are ZIP files).

openpyxl and python-docx stamp every ZIP entry with the current time; rewriting the container
with one fixed timestamp and fixed attributes makes the bytes depend on the content alone.
"""

from __future__ import annotations

import io
import zipfile

from indsec.demo.timeline import AS_OF

_ENTRY_TIME = (AS_OF.year, AS_OF.month, AS_OF.day, AS_OF.hour, AS_OF.minute, AS_OF.second)
_ENTRY_MODE = 0o100644 << 16


def reproducible_zip(container: bytes) -> bytes:
    """``container`` rewritten with every entry's time and attributes fixed."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(container)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_ENTRY_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = _ENTRY_MODE
            fixed.create_system = 3
            target.writestr(fixed, source.read(entry))
    return buffer.getvalue()
