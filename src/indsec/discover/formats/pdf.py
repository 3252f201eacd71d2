"""PDF documents: the text of the first pages.

Only the first pages are extracted because text extraction is slow (hundreds of milliseconds per
page for complex layouts) and the front of a report, datasheet or drawing carries its
classification markings and subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.errors import ConnectorError

if TYPE_CHECKING:
    from pypdf import PageObject

MAX_PAGES = 20
_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024


@register_format
class Pdf(FileFormat):
    """PDF files, read with pypdf."""

    name = "pdf"
    extensions = frozenset({".pdf"})
    priority = 10

    def detect(self, probe: Probe) -> Confidence:
        """Certain when the ``%PDF-`` header appears in the first kilobyte."""
        return Confidence.CERTAIN if _MAGIC in probe.head[:_MAGIC_WINDOW] else Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Text of up to :data:`MAX_PAGES` pages, bounded; page count in ``metadata``."""
        from pypdf import PdfReader  # deferred: only needed when a PDF is found

        reader = PdfReader(probe.open())
        if reader.is_encrypted and not reader.decrypt(""):
            raise ConnectorError("encrypted PDF (a password is required)")
        pages = reader.pages
        text = "\n".join(_page_text(page, n, context) for n, page in enumerate(pages[:MAX_PAGES]))
        metadata = {"pages": str(len(pages))}
        if len(pages) > MAX_PAGES:
            metadata["pages_read"] = str(MAX_PAGES)
        return [FileContent(text=text[: context.text_limit], metadata=metadata)]


def _page_text(page: PageObject, number: int, context: ReadContext) -> str:
    """The page's text, unless its content stream unpacks past ``context.page_limit``.

    pypdf unpacks a stream up to 75 MB and then tokenises it, which costs half a minute and
    hundreds of megabytes for one page of a 200 KB file; real pages hold kilobytes.
    """
    contents = page.get_contents()
    size = len(contents.get_data()) if contents is not None else 0
    if size > context.page_limit:
        context.warn(f"page {number + 1}: {size}-byte content stream not read (bomb-like)")
        return ""
    return page.extract_text()
