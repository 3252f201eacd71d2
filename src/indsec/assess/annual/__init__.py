"""The annual data-security risk assessment report (数据安全风险评估报告).

The nine sections the assessment rules require (regulation.md §5), written from an assessment
snapshot and the context the assess service gathers, as ``report.html``, ``report.pdf`` and
the ``appendix.xlsx`` holding every listing in full. Valid one year from its first issue.
"""

from __future__ import annotations

from pathlib import Path

from indsec.assess.annual.appendix import write_appendix
from indsec.assess.annual.context import Member, ReportContext
from indsec.assess.annual.document import build_document
from indsec.assess.annual.gather import gather_context
from indsec.assess.annual.render import html, write_pdf
from indsec.assess.annual.validity import Validity, validity
from indsec.errors import OutputError
from indsec.model.assessment import AssessmentSnapshot

__all__ = ["Member", "ReportContext", "Validity", "gather_context", "validity", "write_report"]

FILES = ("report.html", "report.pdf", "appendix.xlsx")


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the report directory {out_dir}: {exc}") from exc


def write_report(
    snapshot: AssessmentSnapshot, context: ReportContext, out_dir: Path, lang: str = "zh-CN"
) -> list[Path]:
    """Write the report in ``lang`` (zh-CN or en) into ``out_dir``; the three paths written."""
    document = build_document(snapshot, context, lang)
    _prepare(out_dir)
    html_path, pdf_path, xlsx_path = (out_dir / name for name in FILES)
    page = html(document)
    try:
        html_path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {html_path}: {exc}") from exc
    write_pdf(page, pdf_path)
    write_appendix(snapshot, context, document.w, xlsx_path)
    return [html_path, pdf_path, xlsx_path]
