"""The demo file share: every file is present and opens with the library that reads its format;
the deliberately broken ones really are broken."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pyarrow.parquet as pq
import pypdf
import pytest
from ezdxf.filemanagement import readfile
from pypdf.errors import PdfReadError
from stdnum.cn import ric, uscc

from indsec.demo import DemoEnterprise

EXPECTED_FILES = [
    "人事/员工花名册_2024.xlsx",
    "人事/通讯录.csv",
    "销售/合同台账_2024.xlsx",
    "销售/客户名录.json",
    "财务/供应商付款明细_2024Q1.csv",
    "生产/质量检验记录_导出.csv",
    "生产/日产量统计_2023.parquet",
    "生产/数采导出/opcua_collector_20240219.jsonl",
    "研发/数据分析/L1渗碳炉趋势_202402.parquet",
    "研发/配方/HT-CARB-02.json",
    "研发/工艺规程/GY-RG-017_输出轴渗碳淬火工艺规程.docx",
    "研发/图纸/DWG-RG-3050_减速器输出轴.dxf",
    "研发/数控程序/O1001_输出轴粗车.nc",
    "采购/合同/CG-2024-0036_采购合同.pdf",
    "行政/关于2024年春节放假安排的通知.txt",
    "自动化/PLC/FB_CarburizingZone.st",
    "自动化/PLC/Line1_Furnace.xml",
    "自动化/PLC/PLC-L1-FURN_变量表.csv",
    "自动化/固件/GW-3000_V2.9.4.bin",
    "IT/网络/OT网络资产清单.json",
    "IT/配置/mes-gateway/.env",
    "IT/配置/mes-gateway/application.yml",
    "IT/配置/数采网关/collector.ini",
    "归档/损坏文件/2023年度经营报表.xlsx",
    "归档/损坏文件/扫描件_质量协议.pdf",
    "归档/损坏文件/导出数据_20231231.csv",
]


@pytest.fixture(scope="module")
def share(demo: DemoEnterprise) -> Path:
    return demo.files


@pytest.mark.parametrize("relative", EXPECTED_FILES)
def test_file_is_present_and_not_empty(share: Path, relative: str) -> None:
    assert (share / relative).stat().st_size > 0


def test_no_unexpected_files(share: Path) -> None:
    found = {p.relative_to(share).as_posix() for p in share.rglob("*") if p.is_file()}
    recipes = {f"研发/配方/{name}" for name in ("HT-CARB-03.json", "MC-TURN-11.json")}
    recipes |= {f"研发/配方/{name}" for name in ("GR-GRND-05.json", "AS-PRESS-02.json")}
    assert found == set(EXPECTED_FILES) | recipes


def test_staff_roster_workbook(share: Path) -> None:
    workbook = openpyxl.load_workbook(share / "人事/员工花名册_2024.xlsx", read_only=True)
    assert workbook.sheetnames == ["花名册", "部门薪资汇总"]
    rows = list(workbook["花名册"].iter_rows(values_only=True))
    assert rows[0][:4] == ("工号", "姓名", "性别", "身份证号")
    assert len(rows) > 500
    assert all(ric.is_valid(row[3]) for row in rows[1:])
    assert workbook.properties.created.year == 2024
    workbook.close()


def test_contract_ledger_workbook(share: Path) -> None:
    workbook = openpyxl.load_workbook(share / "销售/合同台账_2024.xlsx", read_only=True)
    rows = list(workbook["合同台账"].iter_rows(values_only=True))
    assert rows[0][2] == "统一社会信用代码"
    assert all(uscc.is_valid(row[2]) for row in rows[1:])
    workbook.close()


def test_gb18030_csv_is_not_utf8(share: Path) -> None:
    raw = (share / "财务/供应商付款明细_2024Q1.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("gb18030"))))
    assert rows[0][:3] == ["付款单号", "供应商编码", "供应商名称"]
    assert all(uscc.is_valid(row[3]) for row in rows[1:])


@pytest.mark.parametrize(
    ("relative", "encoding", "first_column"),
    [
        ("人事/通讯录.csv", "utf-8-sig", "姓名"),
        ("生产/质量检验记录_导出.csv", "utf-8", "inspection_no"),
        ("自动化/PLC/PLC-L1-FURN_变量表.csv", "utf-8-sig", "Name"),
    ],
)
def test_csv_exports_parse(share: Path, relative: str, encoding: str, first_column: str) -> None:
    text = (share / relative).read_text(encoding=encoding)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == first_column
    assert len(rows) > 5
    assert {len(row) for row in rows} == {len(rows[0])}


def test_parquet_files_have_typed_columns(share: Path) -> None:
    output = pq.read_table(share / "生产/日产量统计_2023.parquet")
    assert output.num_rows == 365 * 6
    assert str(output.schema.field("stat_date").type) == "date32[day]"
    trend = pq.read_table(share / "研发/数据分析/L1渗碳炉趋势_202402.parquet")
    assert trend.num_rows == 24_000
    assert str(trend.schema.field("ts").type) == "timestamp[ms]"
    assert all(tag.startswith("Line1.") for tag in trend.column("tag").to_pylist())


def test_json_and_jsonl_parse(share: Path) -> None:
    customers = json.loads((share / "销售/客户名录.json").read_text(encoding="utf-8"))
    assert len(customers) == 150
    assert all(uscc.is_valid(c["统一社会信用代码"]) for c in customers)
    recipe = json.loads((share / "研发/配方/HT-CARB-02.json").read_text(encoding="utf-8"))
    assert recipe["steps"][1]["parameters"][0] == {
        "name": "炉温",
        "set_point": 930.0,
        "unit": "℃",
        "tolerance": 5.0,
    }
    inventory = json.loads((share / "IT/网络/OT网络资产清单.json").read_text(encoding="utf-8"))
    assert "控制区-热处理" in inventory["zones"]
    lines = (share / "生产/数采导出/opcua_collector_20240219.jsonl").read_text("utf-8").splitlines()
    samples = [json.loads(line) for line in lines]
    assert len(samples) == 3_000
    assert all(s["node"].startswith("ns=2;s=") for s in samples)


def test_process_specification_docx(share: Path) -> None:
    document = docx.Document(str(share / "研发/工艺规程/GY-RG-017_输出轴渗碳淬火工艺规程.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "密级：商业秘密" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "工步",
        "工序",
        "参数",
        "设定值",
        "单位",
        "公差",
    ]
    units = {row.cells[4].text for row in table.rows[1:]}
    assert {"℃", "MPa", "rpm", "mm/s"} <= units
    assert document.core_properties.created is not None
    assert document.core_properties.created.year == 2023


def test_supplier_contract_pdf(share: Path, demo: DemoEnterprise) -> None:
    reader = pypdf.PdfReader(share / "采购/合同/CG-2024-0036_采购合同.pdf", strict=True)
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert "采购合同" in text
    assert demo.profile.uscc in text
    codes = set(re.findall(r"统一社会信用代码：(\w{18})", text))
    assert len(codes) == 2
    assert demo.profile.uscc in codes
    assert all(uscc.is_valid(code) for code in codes)
    assert reader.metadata is not None
    assert reader.metadata.title == "采购合同 CG-2024-0036"


def test_shaft_drawing_dxf(share: Path) -> None:
    doc = readfile(share / "研发/图纸/DWG-RG-3050_减速器输出轴.dxf")
    assert {"轮廓", "中心线", "标注", "图框"} <= {layer.dxf.name for layer in doc.layers}
    texts = [e.dxf.text for e in doc.modelspace().query("TEXT")]
    assert {"图号", "DWG-RG-3050", "零件名称", "材料", "20CrMnTi", "比例", "1:2"} <= set(texts)
    assert not doc.audit().has_errors


def test_gcode_program(share: Path) -> None:
    lines = (share / "研发/数控程序/O1001_输出轴粗车.nc").read_text("utf-8").splitlines()
    assert lines[0] == lines[-1] == "%"
    assert lines[1].startswith("O1001")
    numbers = [int(line.split()[0][1:]) for line in lines if line.startswith("N")]
    assert numbers == sorted(numbers)
    words = {word for line in lines for word in line.split()}
    assert {"G00", "G01", "G02", "M03", "M30"} <= words
    assert any(word.startswith("F") for word in words)


def test_structured_text_program(share: Path) -> None:
    text = (share / "自动化/PLC/FB_CarburizingZone.st").read_text("utf-8")
    assert text.count("FUNCTION_BLOCK FB_CarburizingZone") == 1
    assert text.count("END_FUNCTION_BLOCK") == 1
    assert text.count("VAR_INPUT") == text.count("VAR_OUTPUT") == 1
    assert "rSetTemp : REAL := 930.0;" in text
    assert text.rstrip().endswith("END_PROGRAM")


def test_plcopen_xml(share: Path) -> None:
    namespace = {"p": "http://www.plcopen.org/xml/tc6_0201", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(share / "自动化/PLC/Line1_Furnace.xml").getroot()
    assert root.tag == "{http://www.plcopen.org/xml/tc6_0201}project"
    pou = root.find("p:types/p:pous/p:pou", namespace)
    assert pou is not None
    assert pou.attrib == {"name": "FB_CarburizingZone", "pouType": "functionBlock"}
    inputs = pou.findall("p:interface/p:inputVars/p:variable", namespace)
    assert "rSetTemp" in {v.get("name") for v in inputs}
    body = root.find("p:types/p:pous/p:pou/p:body/p:ST/x:p", namespace)
    assert body is not None
    assert body.text is not None
    assert "rHeaterOutput :=" in body.text


def test_firmware_has_a_consistent_uimage_header(share: Path) -> None:
    image = (share / "自动化/固件/GW-3000_V2.9.4.bin").read_bytes()
    header, payload = image[:64], image[64:]
    magic, header_crc, _, size, load, _, data_crc = struct.unpack(">7I", header[:28])
    assert magic == 0x27051956
    assert size == len(payload)
    assert load == 0x80008000
    assert data_crc == zlib.crc32(payload)
    assert header_crc == zlib.crc32(header[:4] + b"\x00" * 4 + header[8:])
    assert header[32:].rstrip(b"\x00") == b"GW-3000 OPC UA Gateway V2.9.4"
    assert b"default_pass=demo-fake-" in payload


@pytest.mark.parametrize(
    ("relative", "marker"),
    [
        ("IT/配置/mes-gateway/.env", "MES_DB_PASSWORD=demo-fake-"),
        ("IT/配置/mes-gateway/application.yml", "password: demo-fake-"),
        ("IT/配置/数采网关/collector.ini", "password = demo-fake-"),
    ],
)
def test_config_files_hold_obviously_fake_credentials(
    share: Path, relative: str, marker: str
) -> None:
    assert marker in (share / relative).read_text("utf-8")


def test_truncated_workbook_is_corrupt(share: Path) -> None:
    with pytest.raises(zipfile.BadZipFile):
        openpyxl.load_workbook(share / "归档/损坏文件/2023年度经营报表.xlsx")


def test_garbled_pdf_is_corrupt(share: Path) -> None:
    path = share / "归档/损坏文件/扫描件_质量协议.pdf"
    assert path.read_bytes().startswith(b"%PDF-1.4\n")
    with pytest.raises(PdfReadError):
        pypdf.PdfReader(path)


def test_binary_csv_is_corrupt(share: Path) -> None:
    raw = (share / "归档/损坏文件/导出数据_20231231.csv").read_bytes()
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            raw.decode(encoding)
    with pytest.raises(csv.Error):
        list(csv.reader(io.StringIO(raw.decode("latin-1"))))
