"""Document readers: DOCX, PDF, DXF, bounded text and binary, on real generated files."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import docx
import ezdxf
import pytest
from pypdf import PdfReader, PdfWriter

from indsec.discover.formats import FORMATS, ReadContext, read_contents
from indsec.errors import ConnectorError

from ..helpers import probe_of, read_file


def minimal_pdf(pages: list[str]) -> bytes:
    """A valid PDF, written by hand, with one line of Helvetica text per page."""
    page_ids = [4 + 2 * index for index in range(len(pages))]
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for page_id, line in zip(page_ids, pages, strict=True):
        stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def test_docx_paragraphs_tables_and_headers_become_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "机密 - 仅限内部"
    document.add_heading("热处理工艺规程", level=1)
    document.add_paragraph("淬火温度 850℃，保温 2 小时。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "参数", "值"
    table.cell(1, 0).text, table.cell(1, 1).text = "回火温度", "560℃"
    document.save(str(tmp_path / "规程.docx"))

    file_format, [content], _ = read_file(tmp_path / "规程.docx")

    assert file_format == "docx"
    assert content.text.splitlines() == [
        "机密 - 仅限内部",
        "热处理工艺规程",
        "淬火温度 850℃，保温 2 小时。",
        "参数\t值",
        "回火温度\t560℃",
    ]
    assert content.metadata == {"paragraphs": "2", "tables": "1"}


def test_docx_text_is_bounded(tmp_path: Path) -> None:
    document = docx.Document()
    for _ in range(50):
        document.add_paragraph("工艺参数" * 10)
    document.save(str(tmp_path / "long.docx"))

    _, [content], _ = read_file(tmp_path / "long.docx", text_limit=100)

    assert len(content.text) == 100


def test_pdf_text_of_the_first_pages(tmp_path: Path) -> None:
    pages = [f"Recipe R-{number} cure temperature 182 C" for number in range(1, 26)]
    (tmp_path / "recipes.pdf").write_bytes(minimal_pdf(pages))

    file_format, [content], _ = read_file(tmp_path / "recipes.pdf")

    assert file_format == "pdf"
    assert content.metadata == {"pages": "25", "pages_read": "20"}
    assert "Recipe R-1 cure temperature 182 C" in content.text
    assert "Recipe R-20 " in content.text
    assert "Recipe R-21 " not in content.text


def test_a_page_whose_content_unpacks_past_the_limit_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "r.pdf").write_bytes(minimal_pdf(["Recipe R-1", "x" * 2_000, "Recipe R-3"]))

    _, [content], warnings = read_file(tmp_path / "r.pdf", page_limit=1_000)

    assert content.text.splitlines() == ["Recipe R-1", "", "Recipe R-3"]
    assert warnings == ["page 2: 2031-byte content stream not read (bomb-like)"]


def test_the_handwritten_pdf_is_valid() -> None:
    reader = PdfReader(io.BytesIO(minimal_pdf(["one", "two"])), strict=True)

    assert [page.extract_text() for page in reader.pages] == ["one", "two"]


def test_an_encrypted_pdf_is_unreadable(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(minimal_pdf(["secret recipe"])))
    writer.encrypt(user_password="plant", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as handle:
        writer.write(handle)

    with pytest.raises(ConnectorError, match="encrypted PDF"):
        read_file(tmp_path / "locked.pdf")


@pytest.mark.parametrize("dxf_format", ["asc", "bin"])
def test_dxf_text_title_block_layers_and_blocks(tmp_path: Path, dxf_format: str) -> None:
    drawing = ezdxf.new("R2010")
    drawing.layers.add("工艺")
    drawing.layers.add("标题栏")
    title = drawing.blocks.new("TITLE_BLOCK")
    title.add_text("图号")
    title.add_attdef("DRAWN_BY", insert=(0, -5), text="设计")
    model = drawing.modelspace()
    model.add_text("零件号 P-1001", dxfattribs={"layer": "标题栏"})
    model.add_mtext("材料: 42CrMo4\\P热处理: 调质", dxfattribs={"layer": "工艺"})
    model.add_blockref("TITLE_BLOCK", (0, 0)).add_attrib("DRAWN_BY", "张工", insert=(0, -5))
    drawing.saveas(tmp_path / "shaft.dxf", fmt=dxf_format)

    file_format, [content], _ = read_file(tmp_path / "shaft.dxf")

    assert file_format == "dxf"
    assert content.text.splitlines() == [
        "零件号 P-1001",
        "材料: 42CrMo4",
        "热处理: 调质",
        "张工",
        "图号",
        "设计",
    ]
    assert set(content.metadata["layers"].split(",")) >= {"0", "工艺", "标题栏"}
    assert content.metadata["blocks"] == "TITLE_BLOCK"
    assert content.metadata["dxf_version"] == "AC1024"


def test_text_is_bounded_without_cutting_a_character(tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_text("设备" * 10, encoding="utf-8")

    file_format, [content], _ = read_file(tmp_path / "log.txt", text_limit=10)

    assert (file_format, content.text) == ("text", "设备设")
    assert content.metadata == {"encoding": "utf-8", "truncated": "true"}


def test_bad_bytes_past_the_sniffed_head_are_replaced_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_bytes(b"ok line\n" * 10_000 + b"bad \xff byte\n")

    _, [content], warnings = read_file(tmp_path / "log.txt")

    assert content.text.endswith("bad \ufffd byte\n")
    assert warnings == ["undecodable utf-8 bytes from offset 80004 replaced"]


def test_gb18030_text_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "记录.log").write_bytes("操作员 张伟 登录 MES\n".encode("gb18030"))

    _, [content], _ = read_file(tmp_path / "记录.log")

    assert (content.text, content.metadata["encoding"]) == ("操作员 张伟 登录 MES\n", "gb18030")


def _tar_bytes() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("fw/app.bin")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"\x00\x01\x02\x03"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "signature"),
    [
        ("update.img", gzip.compress(b"\x00" * 64, mtime=0), "gzip"),
        ("rootfs", b"hsqs" + bytes(60), "squashfs"),
        ("kernel", b"\x27\x05\x19\x56" + bytes(60), "uimage"),
        ("backup.tar", _tar_bytes(), "tar"),
        ("random.dat", bytes(range(256)) * 4, None),
    ],
)
def test_binary_files_are_metadata_only_with_a_signature(
    tmp_path: Path, name: str, data: bytes, signature: str | None
) -> None:
    (tmp_path / name).write_bytes(data)

    file_format, [content], _ = read_file(tmp_path / name)

    assert (file_format, content.text, content.columns) == ("binary", "", [])
    assert content.metadata.get("signature") == signature


def test_content_that_is_no_drawing_is_a_format_error_for_the_dxf_reader(tmp_path: Path) -> None:
    (tmp_path / "shaft.dxf").write_bytes(b"\x80 not a drawing")
    context = ReadContext(sample_size=1, seed=0, warn=lambda _: None)

    with (
        probe_of(tmp_path / "shaft.dxf") as probe,
        pytest.raises(ConnectorError, match=r"^unreadable dxf file \("),
    ):
        read_contents(FORMATS.get("dxf"), probe, context)
