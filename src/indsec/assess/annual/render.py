"""HTML from the packaged Jinja2 template, and the PDF WeasyPrint lays out from that HTML.

The PDF is typeset with the Noto CJK fonts Debian ships (``fonts-noto-cjk``), named first in the
stylesheet so that Chinese never falls back to a font without the glyphs (tofu boxes). WeasyPrint
needs Pango from the system; with Jinja2 it is the optional extra ``indsec[report]``, imported
here only and lazily, so the rest of the assess feature works without it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indsec.assess.annual.document import Document
from indsec.errors import MissingDriverError, OutputError

if TYPE_CHECKING:
    from jinja2 import Environment


@cache
def _environment() -> Environment:
    try:
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    except ImportError as exc:
        raise MissingDriverError("jinja2", "report") from exc
    return Environment(
        loader=PackageLoader("indsec.assess.annual", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(document: Document) -> str:
    """The report as one self-contained HTML page (styles inline, no external asset)."""
    page: str = _environment().get_template("report.html.j2").render(doc=document, t=document.w.t)
    return page


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # OSError: the package is there, Pango is not
        raise MissingDriverError("weasyprint", "report") from exc
    return weasyprint


def write_pdf(html_text: str, path: Path) -> None:
    """Lay ``html_text`` out as a PDF at ``path``."""
    weasyprint = _weasyprint()
    try:
        weasyprint.HTML(string=html_text).write_pdf(path)
    except OSError as exc:
        raise OutputError(f"cannot write the report PDF {path}: {exc}") from exc
