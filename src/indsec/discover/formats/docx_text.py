"""Word documents (OOXML): paragraphs, tables and page headers as text.

Process specifications, test reports and drawings' cover sheets arrive as DOCX; their sensitive
content is prose and tables, so both are extracted in document order of appearance per kind.
"""

from __future__ import annotations

from typing import Any

from indsec.discover.formats.base import (
    FileContent,
    OfficePackageFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe

DOCUMENT_PART = "word/document.xml"


def _table_lines(document: Any) -> list[str]:
    return [
        "\t".join(cell.text for cell in row.cells)
        for table in document.tables
        for row in table.rows
    ]


def _header_lines(document: Any) -> list[str]:
    headers = [section.header for section in document.sections]
    return [
        p.text for header in headers if not header.is_linked_to_previous for p in header.paragraphs
    ]


@register_format
class Docx(OfficePackageFormat):
    """DOCX documents, read with python-docx."""

    name = "docx"
    extensions = frozenset({".docx", ".docm"})
    main_part = DOCUMENT_PART
    priority = 11

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Headers, paragraphs, then table rows (cells tab-separated), bounded."""
        import docx  # deferred: a heavy import only needed when a document is found

        document = docx.Document(probe.open())
        paragraphs = [p.text for p in document.paragraphs]
        lines = [*_header_lines(document), *paragraphs, *_table_lines(document)]
        text = "\n".join(line for line in lines if line.strip())
        metadata = {"paragraphs": str(len(paragraphs)), "tables": str(len(document.tables))}
        return [FileContent(text=text[: context.text_limit], metadata=metadata)]
