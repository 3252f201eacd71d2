"""The minimal PDF writer produces files a strict reader accepts and extracts text from."""

from __future__ import annotations

import io
from datetime import datetime

import pypdf
import pytest

from indsec.demo.files.pdf import pdf_document

CREATED = datetime(2024, 3, 15, 9, 30)


def _read(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content), strict=True)


@pytest.mark.parametrize(
    "line",
    [
        "Plain ASCII line",
        "Parentheses (nested) and a backslash \\ survive",
        "中文：统一社会信用代码 91320412MA1N7Q2K55",
        "设定值 930 ℃ ±5",
    ],
)
def test_text_round_trips_through_a_strict_reader(line: str) -> None:
    reader = _read(pdf_document([[line]], title="t", author="a", created=CREATED))
    assert reader.pages[0].extract_text() == line


def test_pages_lines_and_metadata() -> None:
    content = pdf_document(
        [["第一页", "second line"], ["第三行"]], title="采购合同", author="陈思远", created=CREATED
    )
    reader = _read(content)
    assert [page.extract_text() for page in reader.pages] == ["第一页\nsecond line", "第三行"]
    assert reader.metadata is not None
    assert reader.metadata.title == "采购合同"
    assert reader.metadata.author == "陈思远"
    assert reader.metadata.creation_date == datetime.fromisoformat("2024-03-15T09:30:00+08:00")


def test_output_depends_only_on_input() -> None:
    pages = [["同样的输入"]]
    first = pdf_document(pages, title="x", author="y", created=CREATED)
    assert first == pdf_document(pages, title="x", author="y", created=CREATED)
    assert first != pdf_document(pages, title="x", author="y", created=datetime(2024, 3, 16))
