"""Lists exported as XLSX: what a regulator opens in Excel is what the page listed."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from indsec.report.service import table_workbook


def test_a_list_becomes_one_sheet_with_its_header_and_rows() -> None:
    data = table_workbook(
        "企业名录", ["统一社会信用代码", "名称"], [["91", "甲厂"], ["92", "乙厂"]]
    )
    sheet = load_workbook(BytesIO(data)).active
    assert sheet is not None and sheet.title == "企业名录"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["统一社会信用代码", "名称"],
        ["91", "甲厂"],
        ["92", "乙厂"],
    ]
    assert sheet.freeze_panes == "A2"


def test_text_that_looks_like_a_formula_stays_text_and_long_titles_are_cut() -> None:
    data = table_workbook("x" * 40, ["note"], [['=HYPERLINK("http://evil")']])
    sheet = load_workbook(BytesIO(data)).active
    assert sheet is not None and len(sheet.title) == 31
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'
