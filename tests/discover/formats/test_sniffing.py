"""Content sniffing: content decides, the extension only breaks ties (positives and negatives)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indsec.discover.formats import FORMATS, Confidence, format_for_extension, sniff_format
from indsec.discover.formats.probe import HEAD_BYTES, detect_encoding, suffix_of

from ..helpers import probe_of, scan_url

CSV_ROWS = "姓名,工号,电话\n张伟,A001,13800138000\n王芳,A002,13900139000\n"
JSON_LINES = '{"设备": "A1", "温度": 180}\n{"设备": "A2", "温度": 181}\n'
ST_CODE = "PROGRAM Main\nVAR\n  x : INT;\nEND_VAR\nx := x + 1;\nEND_PROGRAM\n"
GCODE = "G21\nG90\nG01 X10 Y20 F300\nM30\n"
INTEL_HEX = ":10010000214601360121470136007EFE09D2190140\n:00000001FF\n"
DXF_TEXT = "  0\nSECTION\n  2\nHEADER\n  0\nENDSEC\n  0\nEOF\n"


def _sniff(tmp_path: Path, name: str, content: bytes | str) -> str:
    path = tmp_path / name
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    with probe_of(path) as probe:
        return sniff_format(probe).name


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # magic bytes win over any extension
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        ("data.bin", b"PAR1\x15\x04\x15\x10", "parquet"),
        ("drawing.bin", b"AutoCAD Binary DXF\r\n\x1a\x00", "dxf"),
        ("noext", DXF_TEXT, "dxf"),
        ("drawing.dxf", "999\ncreated by CAD\n0\nSECTION\n2\nHEADER\n0\nENDSEC\n", "dxf"),
        # structured text, with and without a telling extension
        ("export.dat", CSV_ROWS, "csv"),
        ("export.csv", "a;b;c\n1;2;3\n4;5;6\n", "csv"),
        ("export.txt", "a|b\n1|2\n3|4\n", "csv"),
        ("export.csv", "a\tb\n1\t2\n3\t4\n", "tsv"),
        ("single_column.csv", "工号\nA001\nA002\n", "csv"),
        ("events", JSON_LINES, "jsonl"),
        ("events.csv", JSON_LINES, "jsonl"),
        ("one.jsonl", '{"a": 1}\n', "json"),  # one object is a whole JSON document
        ("one", '{"a": 1}\n', "json"),
        ("doc.txt", '[{"a": 1}, {"a": 2}]', "json"),
        ("broken.json", '{"a": ', "json"),
        ("main", ST_CODE, "iec61131_st"),
        ("part", GCODE, "gcode"),
        (
            "project.xml",
            '<?xml version="1.0"?><project xmlns="http://www.plcopen.org/xml/tc6_0201"/>',
            "plcopen_xml",
        ),
        ("device.cfg", '<?xml version="1.0"?>\n<device id="7"/>', "xml"),
        ("device.xml", '<device id="7"/>', "xml"),
        ("settings", "[db]\nhost = 10.0.0.1\n", "ini"),
        ("deploy", "# secrets\nDB_PASS=x\nexport API_KEY=y\n", "env"),
        ("app.yml", "name: mes\n", "yaml"),
        ("doc", "---\nname: mes\n", "yaml"),
        ("pyproject.toml", 'name = "x"\n', "toml"),
        ("app.properties", "a=b\n", "properties"),
        ("fw.txt", INTEL_HEX, "binary"),
        # things that only look alike
        ("notes.csv.txt", "Hello, world. We met, talked, and left.\nNo table here.\n", "text"),
        ("log.txt", "2024-05-01 start\n2024-05-01 stop, code 3\n", "text"),
        ("readme", "# README\nplain words\n", "text"),
        ("notes.json", "just words\n", "text"),
        ("noext", "{not json at all\n", "text"),
        ("utf16.txt", codecs.BOM_UTF16_LE + "设备台账\n".encode("utf-16-le"), "text"),
        ("gbk.txt", "设备台账，温度记录\n".encode("gb18030"), "text"),
        ("empty.txt", b"", "text"),
        ("blob", bytes(range(256)), "binary"),
        ("blob.xlsx", b"PK\x03\x04" + bytes(60), "xlsx"),
        ("blob.zip", b"PK\x03\x04" + bytes(60), "binary"),
        ("blob", b"PK\x03\x04" + bytes(60), "binary"),
    ],
)
def test_formats_are_sniffed_from_content(
    tmp_path: Path, name: str, content: bytes | str, expected: str
) -> None:
    assert _sniff(tmp_path, name, content) == expected


def test_ooxml_containers_are_told_apart_by_their_parts(tmp_path: Path) -> None:
    import docx
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "book.bin")
    docx.Document().save(str(tmp_path / "letter.bin"))

    assert _sniff(tmp_path, "book.bin", (tmp_path / "book.bin").read_bytes()) == "xlsx"
    assert _sniff(tmp_path, "letter.bin", (tmp_path / "letter.bin").read_bytes()) == "docx"


def test_a_cut_head_still_sniffs_its_format(tmp_path: Path) -> None:
    body = CSV_ROWS + "".join(f"李{i},B{i:04d},139{i:08d}\n" for i in range(HEAD_BYTES // 10))

    assert _sniff(tmp_path, "big", body) == "csv"


@pytest.mark.parametrize(
    ("data", "final", "expected"),
    [
        (b"plain ascii", True, "utf-8"),
        (codecs.BOM_UTF8 + b"bom", True, "utf-8-sig"),
        (codecs.BOM_UTF16_BE + "x".encode("utf-16-be"), True, "utf-16"),
        ("设备".encode(), True, "utf-8"),
        ("设备".encode()[:-1], False, "utf-8"),  # a character cut by the head
        ("设备".encode()[:-1], True, None),
        ("温度记录".encode("gb18030"), True, "gb18030"),
        (b"caf\xe9 au lait", True, None),
        (b"text\x00with nul", True, None),
        (b"\x01\x02\x03\x04 mostly controls", True, None),
    ],
)
def test_encodings_are_detected(data: bytes, final: bool, expected: str | None) -> None:
    assert detect_encoding(data, final=final) == expected


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("a.CSV", ".csv"),
        (".env", ".env"),
        ("prod.env", ".env"),
        ("Makefile", ""),
        ("a.tar.gz", ".gz"),
    ],
)
def test_suffixes_count_dot_files(name: str, suffix: str) -> None:
    assert suffix_of(Path(name)) == suffix


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [(".xlsx", "xlsx"), (".xml", "xml"), (".log", "text"), (".hex", "binary"), (".unknown", None)],
)
def test_formats_named_by_extension(suffix: str, expected: str | None) -> None:
    fmt = format_for_extension(suffix)
    assert (fmt.name if fmt else None) == expected


def test_every_built_in_format_is_registered() -> None:
    assert FORMATS.names() == [
        "binary",
        "csv",
        "docx",
        "dxf",
        "env",
        "gcode",
        "iec61131_st",
        "ini",
        "json",
        "jsonl",
        "parquet",
        "pdf",
        "plcopen_xml",
        "properties",
        "text",
        "toml",
        "tsv",
        "xlsx",
        "xml",
        "yaml",
    ]


def test_text_fallback_refuses_binary_and_binary_accepts_it(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(bytes(range(256)))
    with probe_of(path) as probe:
        assert FORMATS.get("text").detect(probe) is Confidence.NONE
        assert FORMATS.get("binary").detect(probe) is Confidence.PLAUSIBLE


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF8 + b"Name,\xe7\x00 broken", codecs.BOM_UTF16_LE + b"odd"],
)
def test_a_byte_order_mark_before_undecodable_bytes_is_not_text(data: bytes) -> None:
    assert detect_encoding(data, final=True) is None


def test_a_file_behind_a_false_byte_order_mark_is_reported_and_the_scan_goes_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "tags.csv").write_bytes(codecs.BOM_UTF8 + b"Name,Address\r\nZone1,\xe7DB1\r\n")
    (tmp_path / "notes.txt").write_text("ok", encoding="utf-8")

    assets, report = scan_url(str(tmp_path))

    assert [asset.name for asset in assets] == ["notes.txt"]
    assert [(f.where, f.message) for f in report.failures] == [
        ("tags.csv", "not a readable csv file: binary or undecodable content")
    ]
