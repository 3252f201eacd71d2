"""Decompression bombs: refused from the ZIP directory, bounded while streaming, reported.

The bombs are small on disk (kilobytes) and a few megabytes unpacked; the limits are lowered
where a case needs it, so the same paths run as on a multi-gigabyte bomb with default limits.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from indsec.discover.base import ConnectorOptions
from indsec.discover.formats import ArchiveLimits
from indsec.discover.formats.archive import declared_members, member_chunks
from indsec.errors import ConnectorError
from indsec.settings import Settings

from ..helpers import probe_of, read_file, scan_url
from . import bombs

MIB = 1024 * 1024
NO_RATIO = ArchiveLimits(max_ratio=1e9)


def test_a_docx_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = bombs.docx_paragraphs(tmp_path / "spec.docx", 200_000)  # 7 MB from ~10 KB

    with pytest.raises(ConnectorError, match=r"bomb-like .*'word/document.xml' unpacks \d+ times"):
        read_file(path)


def test_a_workbook_with_one_huge_cell_is_refused_by_its_ratio(tmp_path: Path) -> None:
    path = bombs.xlsx_huge_cell(tmp_path / "ledger.xlsx", 5 * MIB)

    with pytest.raises(ConnectorError, match=r"bomb-like .*'xl/worksheets/sheet1.xml' unpacks"):
        read_file(path)


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (ArchiveLimits(max_member_bytes=MIB, max_ratio=1e9), r"unpacks to \d+ bytes$"),
        (ArchiveLimits(max_total_bytes=MIB, max_ratio=1e9), r"unpack to \d+ bytes in all$"),
        (ArchiveLimits(max_members=5), r"\d+ members \(limit 5\)$"),
        (
            ArchiveLimits(max_shared_strings_bytes=100, max_ratio=1e9),
            r"shared strings unpack to \d+ bytes, loaded whole$",
        ),
    ],
)
def test_each_directory_bound_refuses_a_package(
    tmp_path: Path, limits: ArchiveLimits, reason: str
) -> None:
    path = bombs.xlsx_rows(tmp_path / "output.xlsx", 100_000)  # 3.2 MB unpacked, 10 members
    bombs.add_shared_strings(path, ["设备编号", "温度"])

    with pytest.raises(ConnectorError, match=f"^bomb-like archive, not unpacked: .*{reason}"):
        read_file(path, archive=limits)


def test_a_package_within_bounds_is_read(tmp_path: Path) -> None:
    path = bombs.add_shared_strings(bombs.xlsx_rows(tmp_path / "output.xlsx", 1_000), ["温度"])

    _, [content], warnings = read_file(path)

    assert (content.rows, content.metadata, warnings) == (999, {"sheet": "Sheet"}, [])


def test_a_small_member_may_compress_well(tmp_path: Path) -> None:
    path = bombs.docx_paragraphs(tmp_path / "spec.docx", 20_000)  # 700 KB: under the 1 MiB floor

    _, [content], _ = read_file(path)

    assert content.metadata == {"paragraphs": "20000", "tables": "0"}


def test_a_member_compressed_without_an_output_bound_is_refused(tmp_path: Path) -> None:
    path = bombs.replace_part(
        bombs._workbook(), tmp_path / "a.xlsx", bombs.SHEET_PART, [b"<x/>"], zipfile.ZIP_BZIP2
    )

    with pytest.raises(ConnectorError, match=r"'xl/worksheets/sheet1\.xml': compression method 12"):
        read_file(path)


@pytest.mark.parametrize(
    ("build", "part"),
    [
        (lambda p: bombs.xlsx_rows(p / "a.xlsx", 100_000), bombs.SHEET_PART),
        (lambda p: bombs.docx_paragraphs(p / "a.docx", 100_000), bombs.DOCUMENT_PART),
    ],
)
def test_a_directory_understating_a_member_fails_cleanly(
    tmp_path: Path, build: Callable[[Path], Path], part: str
) -> None:
    path = bombs.understate_size(build(tmp_path), part, 1_000)

    with pytest.raises(ConnectorError, match=r"Bad CRC-32|malformed XML"):
        read_file(path)


def test_streaming_a_member_stops_at_the_member_bound(tmp_path: Path) -> None:
    path = bombs.docx_paragraphs(tmp_path / "spec.docx", 100_000)  # 3.5 MB
    limits = ArchiveLimits(max_member_bytes=MIB)

    with zipfile.ZipFile(path) as archive:
        chunks = member_chunks(archive, bombs.DOCUMENT_PART, limits)
        with pytest.raises(ConnectorError, match=f"unpacks past {MIB} bytes"):
            sum(len(chunk) for chunk in chunks)


def test_too_many_members_are_not_listed_while_sniffing(tmp_path: Path) -> None:
    path = bombs.many_members(tmp_path / "export.zip", 50)

    with probe_of(path, max_zip_members=20) as probe:
        assert probe.zip_names is None
    with path.open("rb") as handle:
        assert declared_members(handle) == 50 + 9


def test_the_zip64_member_count_is_read(tmp_path: Path) -> None:
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 70_000, 70_000, 0, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 0, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    (tmp_path / "big.zip").write_bytes(record + locator + end)

    with (tmp_path / "big.zip").open("rb") as handle:
        assert declared_members(handle) == 70_000


def test_a_long_sheet_is_sampled_up_to_the_cell_limit_and_its_rows_estimated(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    for number in range(5_000):
        book.active.append([f"T-{number}"])
    book.save(tmp_path / "trend.xlsx")

    _, [content], warnings = read_file(tmp_path / "trend.xlsx", cell_limit=999)

    assert (content.rows, content.rows_exact) == (4_999, False)  # from the dimension A1:A5000
    assert content.metadata == {"sheet": "Sheet", "truncated": "true"}
    assert warnings == ["sheet 'Sheet': read stopped after 999 cells"]
    assert len(content.columns[0].values) == 332  # 333 rows of three cells' cost, less the header


def test_without_a_dimension_the_rows_seen_are_the_estimate(tmp_path: Path) -> None:
    path = bombs.xlsx_rows(tmp_path / "trend.xlsx", 5_000)

    _, [content], _ = read_file(path, cell_limit=999)

    assert (content.rows, content.rows_exact) == (332, False)


def test_a_sheet_claiming_the_whole_grid_counts_its_padding(tmp_path: Path) -> None:
    path = bombs.xlsx_wide_dimension(tmp_path / "grid.xlsx", 10)  # 2**34 padded cells

    _, [content], _ = read_file(path, cell_limit=100_000)

    assert len(content.columns) == 16_384
    assert len(content.columns[0].values) == 5  # six rows of 16386 cells' cost, less the header
    assert (content.rows, content.rows_exact) == (1_048_575, False)


def test_the_file_connector_keeps_the_estimate(tmp_path: Path) -> None:
    bombs.xlsx_rows(tmp_path / "trend.xlsx", 5_000)

    [asset], report = scan_url(str(tmp_path), ConnectorOptions(max_sheet_cells=999))

    assert (asset.rows, asset.rows_exact) == (332, False)
    assert [w.message for w in report.warnings] == ["sheet 'Sheet': read stopped after 999 cells"]


def test_docx_text_stops_at_the_limit_and_says_so(tmp_path: Path) -> None:
    path = bombs.docx_huge_run(tmp_path / "spec.docx", 3 * MIB)

    _, [content], _ = read_file(path, text_limit=1_000, archive=NO_RATIO)

    assert content.text == "x" * 1_000
    assert content.metadata == {"paragraphs": "0", "tables": "0", "truncated": "true"}


def test_a_document_type_declaration_is_refused(tmp_path: Path) -> None:
    laughs = b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    head = bombs._DOCUMENT_HEAD.replace(b"?>", b"?>" + laughs, 1)
    chunks = [head, b"<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"]
    path = bombs.replace_part(bombs._document(), tmp_path / "a.docx", bombs.DOCUMENT_PART, chunks)

    with pytest.raises(ConnectorError, match="document type declaration"):
        read_file(path)


def test_the_file_connector_reports_a_bomb_and_goes_on(tmp_path: Path) -> None:
    bombs.docx_paragraphs(tmp_path / "bomb.docx", 200_000)
    bombs.xlsx_rows(tmp_path / "fine.xlsx", 10)
    limits = ArchiveLimits(max_members=100)

    assets, report = scan_url(str(tmp_path), ConnectorOptions(archive=limits))

    assert [asset.name for asset in assets] == ["fine.xlsx#Sheet"]
    [failure] = report.failures
    assert failure.where == "bomb.docx"
    assert failure.message.startswith("bomb-like archive, not unpacked: member 'word/document")


def test_the_bounds_are_settings_with_safe_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDSEC_MAX_UNPACK_RATIO", "50")
    settings = Settings()

    assert settings.max_unpack_ratio == 50
    assert settings.max_archive_members == ArchiveLimits().max_members
    assert settings.max_unpacked_member_bytes == ArchiveLimits().max_member_bytes
    assert settings.max_unpacked_bytes == ArchiveLimits().max_total_bytes
    assert settings.max_shared_strings_bytes == ArchiveLimits().max_shared_strings_bytes
    assert settings.max_sheet_cells == ConnectorOptions().max_sheet_cells
    assert settings.max_pdf_page_bytes == ConnectorOptions().max_pdf_page_bytes
