"""The written report: a real PDF whose text holds the Chinese section titles in CJK fonts, the
HTML beside it, and the XLSX appendix with every listing in full."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from benchmarks.assess_report_world import build_world
from openpyxl import load_workbook
from pypdf import PdfReader

from indsec.assess.annual import write_report
from indsec.assess.annual.wording import ZH
from indsec.errors import MissingDriverError, OutputError
from indsec.model import Grade


def _embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_the_pdf_holds_the_nine_chinese_titles_in_noto_cjk(tmp_path: Path) -> None:
    snapshot, context = build_world(asset_count=60, alert_count=20)
    context = dataclasses.replace(context, listed_rows=10)
    written = write_report(snapshot, context, tmp_path / "out")
    assert [p.name for p in written] == ["report.html", "report.pdf", "appendix.xlsx"]
    reader = PdfReader(written[1])
    assert len(reader.pages) > 3
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for number in range(1, 10):
        assert ZH[f"s{number}"].replace(" ", "") in text
    assert "有效期至2027-12-07" in text
    fonts = _embedded_fonts(reader)
    assert fonts and all("CJK" in font for font in fonts)
    book = load_workbook(written[2])
    sheets = [ZH["sheet_controls"], ZH["sheet_risks"], ZH["sheet_tasks"], ZH["sheet_assets"]]
    assert book.sheetnames == sheets
    important = sum(a.grade is not Grade.GENERAL for a in context.assets)
    assert book[ZH["sheet_assets"]].max_row == important + 1
    assert book[ZH["sheet_risks"]].max_row == len(snapshot.risks) + 1
    digests = {row[5] for row in book[ZH["sheet_controls"]].iter_rows(min_row=2, values_only=True)}
    assert snapshot.results[0].evidence[0].digest in digests


def test_a_failed_reissue_names_the_extra_and_leaves_the_previous_report_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("report.html", "report.pdf", "appendix.xlsx"):
        (tmp_path / name).write_text(f"previous {name}", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(MissingDriverError, match=r"indsec\[report\]"):
        write_report(*build_world(asset_count=5, alert_count=0), tmp_path)
    left = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert left == {n: f"previous {n}" for n in ("report.html", "report.pdf", "appendix.xlsx")}


def test_an_output_directory_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="taken"):
        write_report(*build_world(asset_count=5, alert_count=0), taken)
