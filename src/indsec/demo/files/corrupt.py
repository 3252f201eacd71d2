"""Deliberately broken files: a scan must report each of them and carry on with the rest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from indsec.demo.files.share import place
from indsec.demo.files.spreadsheets import workbook_bytes
from indsec.demo.world import DemoWorld

_FOLDER = "归档/损坏文件"
_JUNK_BYTES = 4096
# 0x80 and 0xFF are invalid as lead bytes in UTF-8 and GB18030 alike, and NUL stops csv readers.
_UNDECODABLE = b"\x80\xff\x00\xfe"


def write_truncated_workbook(share: Path, world: DemoWorld) -> None:
    """2023年度经营报表.xlsx: a real workbook cut off before its ZIP central directory."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["月份", "营业收入（万元）", "利润总额（万元）"])
    rng = world.rng_for("files/truncated")
    for month in range(1, 13):
        sheet.append([f"2023-{month:02d}", rng.randint(12_000, 18_000), rng.randint(600, 1_900)])
    content = workbook_bytes(workbook, author="财务部", created=datetime(2024, 1, 15, 9, 0))
    place(share, f"{_FOLDER}/2023年度经营报表.xlsx").write_bytes(content[: len(content) // 2])


def write_garbled_pdf(share: Path, world: DemoWorld) -> None:
    """扫描件_质量协议.pdf: a PDF header followed by noise, with no objects, xref or trailer."""
    noise = world.rng_for("files/garbled-pdf").randbytes(_JUNK_BYTES)
    place(share, f"{_FOLDER}/扫描件_质量协议.pdf").write_bytes(b"%PDF-1.4\n" + noise)


def write_binary_csv(share: Path, world: DemoWorld) -> None:
    """导出数据_20231231.csv: binary junk under a CSV name."""
    noise = world.rng_for("files/binary-csv").randbytes(_JUNK_BYTES)
    place(share, f"{_FOLDER}/导出数据_20231231.csv").write_bytes(_UNDECODABLE + noise)
