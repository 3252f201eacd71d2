"""Word documents (OOXML): page headers, then paragraphs and table rows in document order.

Process specifications, test reports and drawings' cover sheets arrive as DOCX; their sensitive
content is prose and tables. The XML parts are streamed through expat and reading stops once
``text_limit`` characters are kept, so neither a long document nor a decompression bomb decides
memory: python-docx builds the whole XML tree first, about six bytes of memory per unpacked
byte, which let a 3 MB file take gigabytes.
"""

from __future__ import annotations

import re
import zipfile
from typing import Final
from xml.parsers import expat

from indsec.discover.formats.archive import ArchiveLimits, member_chunks
from indsec.discover.formats.base import (
    FileContent,
    OfficePackageFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.errors import ConnectorError

DOCUMENT_PART = "word/document.xml"
HEADER_PART = re.compile(r"word/header\d*\.xml")
_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_BREAKS: Final = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


class TextCollector:
    """Expat handlers turning WordprocessingML into lines, keeping at most ``room`` characters.

    A body paragraph is a line; a table row is a line of tab-separated cells, a cell being its
    paragraphs joined by newlines (nested tables fold into their cell).
    """

    def __init__(self, room: int) -> None:
        self.room = room
        self.lines: list[str] = []
        self.paragraphs = 0
        self.tables = 0
        self._depth = 0  # of nested tables
        self._in_text = False
        self._runs: list[str] = []
        self._cell: list[str] = []
        self._row: list[str] = []

    def start(self, name: str, _attributes: object) -> None:
        """Open an element: text runs, breaks and tables matter."""
        if name == f"{_W}t":
            self._in_text = True
        elif name in _BREAKS:
            self._keep(_BREAKS[name])
        elif name == f"{_W}tbl":
            self.tables += self._depth == 0
            self._depth += 1

    def end(self, name: str) -> None:
        """Close an element: paragraphs, cells and rows become text."""
        if name == f"{_W}t":
            self._in_text = False
        elif name == f"{_W}p":
            self._end_paragraph()
        elif name == f"{_W}tbl":
            self._depth -= 1
        elif self._depth == 1 and name == f"{_W}tc":
            self._row.append("\n".join(self._cell))
            self._cell = []
        elif self._depth == 1 and name == f"{_W}tr":
            self.lines.append("\t".join(self._row))
            self._row = []

    def characters(self, data: str) -> None:
        """Character data counts only inside a text run."""
        if self._in_text:
            self._keep(data)

    def finish(self) -> None:
        """Keep the text of the paragraph, cell and row that reading stopped in."""
        cell = "\n".join([*self._cell, "".join(self._runs)])
        self.lines.append("\t".join([*self._row, cell]))

    def _keep(self, data: str) -> None:
        kept = data[: max(self.room, 0)]
        self.room -= len(kept)
        if kept:
            self._runs.append(kept)

    def _end_paragraph(self) -> None:
        text = "".join(self._runs)
        self._runs = []
        self.room -= 1  # its line break: so empty paragraphs, too, fill the room
        if self._depth:
            self._cell.append(text)
        else:
            self.paragraphs += 1
            self.lines.append(text)


def _refuse_doctype(*_: object) -> None:
    raise ConnectorError("a document type declaration in an Office part (entity expansion)")


def parse_part(
    archive: zipfile.ZipFile, name: str, collector: TextCollector, limits: ArchiveLimits
) -> bool:
    """Stream part ``name`` into ``collector``; False if it stopped early, its room full."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.characters
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        for chunk in member_chunks(archive, name, limits):
            parser.Parse(chunk, False)
            if collector.room <= 0:
                return False
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ConnectorError(f"{name}: malformed XML ({exc})") from exc
    return True


@register_format
class Docx(OfficePackageFormat):
    """DOCX documents, streamed part by part."""

    name = "docx"
    extensions = frozenset({".docx", ".docm"})
    main_part = DOCUMENT_PART
    priority = 11

    def read_package(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Headers, then the body; bounded, with ``truncated`` when the bound cut it."""
        collector = TextCollector(context.text_limit)
        with probe.open() as handle, zipfile.ZipFile(handle) as archive:
            headers = sorted(n for n in archive.namelist() if HEADER_PART.fullmatch(n))
            complete = all(parse_part(archive, h, collector, context.archive) for h in headers)
            paragraphs, tables = collector.paragraphs, collector.tables  # the headers' own
            complete = complete and parse_part(archive, DOCUMENT_PART, collector, context.archive)
        collector.finish()
        text = "\n".join(line for line in collector.lines if line.strip())
        metadata = {
            "paragraphs": str(collector.paragraphs - paragraphs),
            "tables": str(collector.tables - tables),
        }
        if not complete:
            metadata["truncated"] = "true"
        return [FileContent(text=text[: context.text_limit], metadata=metadata)]
