"""Decompression bombs built on the fly: a valid Office package with one part replaced.

Each bomb starts from a real document written by openpyxl or python-docx and swaps one part for
a highly repetitive one streamed through deflate, so the file on disk stays small (a few
kilobytes per unpacked megabyte) and no test ever holds the unpacked bytes in memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

import docx
import openpyxl

SHEET_PART = "xl/worksheets/sheet1.xml"
DOCUMENT_PART = "word/document.xml"
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CHUNK = 1 << 20
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["name"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _document() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _repeat(unit: bytes, count: int) -> Iterable[bytes]:
    per_chunk = max(1, _CHUNK // len(unit))
    while count > 0:
        batch = min(count, per_chunk)
        yield unit * batch
        count -= batch


def replace_part(
    template: bytes,
    path: Path,
    part: str,
    chunks: Iterable[bytes],
    compression: int = zipfile.ZIP_DEFLATED,
    *,
    zip64: bool = False,
) -> Path:
    """Write ``template`` to ``path`` with ``part`` streamed from ``chunks``.

    ``zip64`` is needed past 2 GiB unpacked; the size fields then live in an extra field.
    """
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
                continue
            replaced = zipfile.ZipInfo(part)
            replaced.compress_type = compression
            with target.open(replaced, "w", force_zip64=zip64) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return path


def xlsx_rows(path: Path, rows: int) -> Path:
    """A workbook whose one sheet holds ``rows`` rows of one small number each."""
    body = _repeat(b'<row><c t="n"><v>7</v></c></row>', rows)
    chunks = [_SHEET_HEAD + b"<sheetData>", *body, b"</sheetData></worksheet>"]
    return replace_part(_workbook(), path, SHEET_PART, chunks)


def xlsx_huge_cell(path: Path, chars: int) -> Path:
    """A workbook whose one cell is an inline string of ``chars`` characters."""
    head = _SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    chunks = [head, *_repeat(b"A", chars), b"</t></is></c></row></sheetData></worksheet>"]
    return replace_part(_workbook(), path, SHEET_PART, chunks)


def xlsx_wide_dimension(path: Path, rows: int) -> Path:
    """A small sheet that claims the whole grid (A1:XFD1048576), so every row is padded."""
    body = _repeat(b'<row><c t="n"><v>7</v></c></row>', rows)
    head = _SHEET_HEAD + b'<dimension ref="A1:XFD1048576"/><sheetData>'
    return replace_part(_workbook(), path, SHEET_PART, [head, *body, b"</sheetData></worksheet>"])


def docx_paragraphs(path: Path, paragraphs: int) -> Path:
    """A document of ``paragraphs`` one-word paragraphs."""
    body = _repeat(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", paragraphs)
    chunks = [_DOCUMENT_HEAD, *body, b"</w:body></w:document>"]
    return replace_part(_document(), path, DOCUMENT_PART, chunks)


def docx_huge_run(path: Path, chars: int) -> Path:
    """A document of one paragraph whose one run holds ``chars`` characters."""
    head = _DOCUMENT_HEAD + b"<w:p><w:r><w:t>"
    chunks = [head, *_repeat(b"x", chars), b"</w:t></w:r></w:p></w:body></w:document>"]
    return replace_part(_document(), path, DOCUMENT_PART, chunks)


def many_members(path: Path, members: int) -> Path:
    """A valid workbook plus ``members`` empty extra members."""
    with zipfile.ZipFile(io.BytesIO(_workbook())) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for index in range(members):
            target.writestr(f"customXml/item{index}.xml", b"")
    return path


def understate_size(path: Path, part: str, declared: int) -> Path:
    """Make both headers of ``part`` claim ``declared`` unpacked bytes: a lying archive."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = data.find(signature)
        while start >= 0:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, declared)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


def add_shared_strings(path: Path, strings: list[str]) -> Path:
    """Add a shared-string table holding ``strings`` to the workbook at ``path``."""
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    table = (
        f'<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(SHARED_STRINGS_PART, table)
    return path
