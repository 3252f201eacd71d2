"""The file connector: walking, sniffing, reporting; over checked-in fixtures and tmp trees."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.files import FileConnector
from indsec.errors import ConnectorError
from indsec.model import AssetKind, ScanReport

from .helpers import by_name, scan, scan_url

SOURCES = Path(__file__).resolve().parents[1] / "files" / "sources"
NOBODY = 65534


@pytest.fixture(scope="module")
def fixture_scan() -> tuple[dict[str, object], ScanReport]:
    """One scan of the checked-in fixture tree, shared by the table-driven cases."""
    assets, report = scan_url(str(SOURCES))
    return by_name(assets), report  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("name", "file_format", "signature"),
    [
        ("cnc/spindle_housing.nc", "gcode", None),
        ("plc/mixer_control.st", "iec61131_st", None),
        ("plc/mixer_project.xml", "plcopen_xml", None),
        ("config/device.xml", "xml", None),
        ("config/line1.ini", "ini", None),
        ("config/historian.yaml", "yaml", None),
        ("config/opcua.toml", "toml", None),
        ("config/app.properties", "properties", None),
        ("config/.env", "env", None),
        ("firmware/controller.hex", "binary", "intel_hex"),
        ("firmware/sensor.s19", "binary", "motorola_srec"),
        ("firmware/plc_image.bin", "binary", "elf"),
    ],
)
def test_fixture_files_are_sniffed_by_content(
    fixture_scan: tuple[dict, ScanReport], name: str, file_format: str, signature: str | None
) -> None:
    asset = fixture_scan[0][name]

    assert asset.file_format == file_format
    assert asset.metadata.get("signature") == signature
    assert asset.kind is AssetKind.FILE
    assert asset.size_bytes == (SOURCES / name).stat().st_size


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken/staff.xlsx", "unreadable xlsx file (BadZipFile"),
        ("broken/process_spec.docx", "unreadable docx file"),
        ("broken/report.pdf", "unreadable pdf file"),
        ("broken/telemetry.parquet", "unreadable parquet file (ArrowInvalid"),
        ("broken/recipes.json", "line 3 column 8"),
        ("broken/sensor_log.csv", "not a readable csv file: binary or undecodable"),
        ("broken/shift_notes.txt", "not a readable text file: binary or undecodable"),
    ],
)
def test_corrupt_files_are_reported_and_the_walk_goes_on(
    fixture_scan: tuple[dict, ScanReport], name: str, reason: str
) -> None:
    assets, report = fixture_scan
    failures = {f.where: f.message for f in report.failures}

    assert reason in failures[name]
    assert name not in assets


def test_the_fixture_walk_is_complete_and_deterministic(
    fixture_scan: tuple[dict, ScanReport],
) -> None:
    assets, report = fixture_scan
    files = sorted(p.relative_to(SOURCES).as_posix() for p in SOURCES.rglob("*") if p.is_file())

    assert sorted([*assets, *(f.where for f in report.failures)]) == files
    assert list(assets) == sorted(assets)
    assert (report.assets_seen, report.assets_read) == (len(files), len(assets))
    assert report.bytes_read == sum((SOURCES / name).stat().st_size for name in assets)


def test_text_formats_carry_their_text(fixture_scan: tuple[dict, ScanReport]) -> None:
    assets = fixture_scan[0]

    assert "G02 X40.0 Y0 I20.0 J0" in assets["cnc/spindle_housing.nc"].text
    assert "MES_DB_PASSWORD=" in assets["config/.env"].text
    assert "配料控制" in assets["plc/mixer_project.xml"].text
    assert assets["firmware/controller.hex"].text == ""


@pytest.mark.parametrize(
    "url_of",
    [
        lambda root: str(root),
        lambda root: f"file://{root}",
        lambda root: f"file://{root}?system=PLM",
    ],
)
def test_absolute_roots_in_every_spelling(tmp_path: Path, url_of) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")
    connector = open_connector(url_of(tmp_path))

    assets, _ = scan(connector)

    assert isinstance(connector, FileConnector)
    assert [a.name for a in assets] == ["a.txt"]
    assert assets[0].source == f"file://{tmp_path.as_posix()}" == connector.describe()


def test_a_relative_file_url_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "share" / "docs").mkdir(parents=True)
    (tmp_path / "share" / "docs" / "a.txt").write_text("hello", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    assets, _ = scan_url("file://share/docs")

    assert [(a.name, a.source) for a in assets] == [("a.txt", f"file://{tmp_path}/share/docs")]


def test_the_system_hint_comes_from_the_url(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")

    assets, _ = scan_url(f"file://{tmp_path}?system=PLM")

    assert assets[0].system_hint == "PLM"


def test_a_single_file_can_be_the_root(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("设备点检记录", encoding="utf-8")

    assets, _ = scan_url(str(target))

    assert [(a.name, a.text) for a in assets] == [("notes.txt", "设备点检记录")]


def test_a_missing_root_is_a_connector_error(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="no such file or directory"):
        scan_url(str(tmp_path / "absent"))


def test_the_walk_is_sorted_and_depth_first(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "C.txt", "a.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    seen: list[str] = []

    list(open_connector(str(tmp_path)).discover(ScanReport(), seen.append))

    assert seen == ["C.txt", "a/b/c.txt", "a/z.txt", "a.txt", "b.txt"]


def test_symbolic_links_are_never_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "docs").mkdir(parents=True)
    outside.mkdir()
    (root / "docs" / "spec.txt").write_text("inside", encoding="utf-8")
    (outside / "secret.txt").write_text("outside", encoding="utf-8")
    (root / "inner_link.txt").symlink_to(root / "docs" / "spec.txt")
    (root / "docs_link").symlink_to(root / "docs")
    (root / "escape.txt").symlink_to(outside / "secret.txt")
    (root / "escape_dir").symlink_to(outside)
    (root / "dangling.txt").symlink_to(root / "gone.txt")

    assets, report = scan_url(str(root))

    assert [a.name for a in assets] == ["docs/spec.txt"]
    assert {w.where: w.message for w in report.warnings} == {
        "dangling.txt": "broken symbolic link; skipped",
        "escape.txt": "symbolic link leaves the scanned root; not followed",
        "escape_dir": "symbolic link leaves the scanned root; not followed",
    }


@pytest.mark.parametrize(
    ("name", "guessed_format"),
    [("historian_dump.csv", "csv"), ("line3.parquet", "parquet"), ("disk.raw", "")],
)
def test_files_over_the_size_limit_are_recorded_but_not_read(
    tmp_path: Path, name: str, guessed_format: str
) -> None:
    size = 300 * 1024 * 1024
    with (tmp_path / name).open("wb") as handle:
        handle.truncate(size)  # sparse: no data is written

    assets, report = scan_url(str(tmp_path))

    assert len(assets) == 1
    asset = assets[0]
    assert (asset.name, asset.file_format, asset.size_bytes) == (name, guessed_format, size)
    assert asset.metadata == {"skipped": "size limit"}
    assert (asset.columns, asset.text) == ([], "")
    assert [w.where for w in report.warnings] == [name]
    assert "exceeds the 209715200-byte limit" in report.warnings[0].message
    assert report.bytes_read == 0


def test_the_size_limit_is_an_option(tmp_path: Path) -> None:
    (tmp_path / "small.txt").write_text("x" * 10, encoding="utf-8")
    (tmp_path / "large.txt").write_text("x" * 11, encoding="utf-8")

    assets, _ = scan_url(str(tmp_path), ConnectorOptions(max_file_bytes=10))

    assert {a.name: a.metadata.get("skipped") for a in assets} == {
        "large.txt": "size limit",
        "small.txt": None,
    }


@contextmanager
def _unprivileged() -> Iterator[None]:
    """Run as ``nobody`` when the tests run as root, who would read files whatever their mode."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def shared_tree() -> Iterator[Path]:
    """A directory that ``nobody`` may traverse (pytest's own tmp dirs are private to root)."""
    root = Path(tempfile.mkdtemp(prefix="indsec-share-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root)


def test_unreadable_files_and_directories_are_reported_and_the_walk_goes_on(
    shared_tree: Path,
) -> None:
    (shared_tree / "a.txt").write_text("a", encoding="utf-8")
    (shared_tree / "a.txt").chmod(0o644)
    (shared_tree / "b.txt").write_text("b", encoding="utf-8")
    (shared_tree / "b.txt").chmod(0)
    (shared_tree / "vault").mkdir(mode=0)

    with _unprivileged():
        assets, report = scan_url(str(shared_tree))

    assert [a.name for a in assets] == ["a.txt"]
    assert [(f.where, f.message) for f in report.failures] == [
        ("b.txt", "cannot read: Permission denied"),
        ("vault", "cannot list directory: Permission denied"),
    ]


def test_special_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")

    assets, report = scan_url(str(tmp_path))

    assert [a.name for a in assets] == ["a.txt"]
    assert [w.where for w in report.warnings] == ["pipe"]


def test_workbook_sheets_become_separate_assets(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.title = "员工"
    workbook.active.append(["姓名", "手机号"])
    workbook.active.append(["张伟", "13800138000"])
    workbook.create_sheet("配方").append(["温度"])
    workbook.save(tmp_path / "台账.xlsx")

    assets, report = scan_url(str(tmp_path))

    assert [(a.name, a.file_format, a.rows) for a in assets] == [
        ("台账.xlsx#员工", "xlsx", 1),
        ("台账.xlsx#配方", "xlsx", 0),
    ]
    assert (report.assets_seen, report.assets_read, report.values_sampled) == (1, 1, 2)
