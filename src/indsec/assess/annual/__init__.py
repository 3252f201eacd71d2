"""The annual data-security risk assessment report (数据安全风险评估报告).

The nine sections the assessment rules require (regulation.md §5), written from an assessment
snapshot and the context the assess service gathers, as ``report.html``, ``report.pdf`` and
the ``appendix.xlsx`` holding every listing in full. Valid one year from its first issue.
"""

from __future__ import annotations

from pathlib import Path

from indsec.assess.annual.appendix import write_appendix
from indsec.assess.annual.context import Member, ReportContext
from indsec.assess.annual.document import Document, build_document
from indsec.assess.annual.gather import gather_context
from indsec.assess.annual.render import html, write_pdf
from indsec.assess.annual.validity import Validity, validity
from indsec.errors import OutputError
from indsec.model.assessment import AssessmentSnapshot

__all__ = ["Member", "ReportContext", "Validity", "gather_context", "validity", "write_report"]

FILES = ("report.html", "report.pdf", "appendix.xlsx")
PART = ".part"
"""Suffix of the files being written: a report in place is replaced only once all three are."""


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the report directory {out_dir}: {exc}") from exc


def _write_parts(
    snapshot: AssessmentSnapshot, context: ReportContext, document: Document, parts: list[Path]
) -> None:
    page = html(document)
    parts[0].write_text(page, encoding="utf-8")
    write_pdf(page, parts[1])
    write_appendix(snapshot, context, document.w, parts[2])


def write_report(
    snapshot: AssessmentSnapshot, context: ReportContext, out_dir: Path, lang: str = "zh-CN"
) -> list[Path]:
    """Write the report in ``lang`` (zh-CN or en) into ``out_dir``; the three paths written.

    The three files are written beside their final names and moved in place together, so a
    failed reissue (a missing PDF engine, a full disk) leaves the previous report whole; bad
    input (an unknown language) is refused before anything is touched.
    """
    document = build_document(snapshot, context, lang)
    _prepare(out_dir)
    finals = [out_dir / name for name in FILES]
    parts = [path.with_name(path.name + PART) for path in finals]
    try:
        _write_parts(snapshot, context, document, parts)
        for part, final in zip(parts, finals, strict=True):
            part.replace(final)
    except OSError as exc:
        raise OutputError(f"cannot write the report in {out_dir}: {exc}") from exc
    finally:
        for part in parts:
            part.unlink(missing_ok=True)
    return finals
