"""The file connector on a share someone is tampering with: swaps after listing, loops, bad names.

Swaps are made deterministic through the progress callback, which the connector calls after it
listed a directory and before it opens the file it names.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.catalogue.service import catalogue_view, scan_sources
from indsec.discover.base import open_connector
from indsec.model import DiscoveredAsset, ScanReport
from indsec.settings import Settings

from .helpers import scan_url

SECRET = "outside secret: do not catalogue"


def _scan_with_hook(
    root: Path, at: str, hook: Callable[[], None]
) -> tuple[list[DiscoveredAsset], ScanReport]:
    """Scan ``root``, running ``hook`` once, when the walk is about to open ``at``."""

    def progress(name: str) -> None:
        if name == at:
            hook()

    report = ScanReport()
    return list(open_connector(str(root)).discover(report, progress)), report


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """``share/{a.txt, b.txt, docs/spec.txt}`` beside ``outside/secret.txt``."""
    root = tmp_path / "share"
    (root / "docs").mkdir(parents=True)
    (root / "a.txt").write_text("inside a", encoding="utf-8")
    (root / "b.txt").write_text("inside b", encoding="utf-8")
    (root / "docs" / "spec.txt").write_text("inside spec", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    return root


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(share: Path) -> None:
    def swap() -> None:
        (share / "a.txt").unlink()
        (share / "a.txt").symlink_to(share.parent / "outside" / "secret.txt")

    assets, report = _scan_with_hook(share, "a.txt", swap)

    assert [a.name for a in assets] == ["b.txt", "docs/spec.txt"]
    assert not any(SECRET in a.text for a in assets)
    assert [(w.where, w.message) for w in report.warnings] == [
        ("a.txt", "symbolic link leaves the scanned root; not followed")
    ]


def test_a_directory_swapped_for_a_link_after_listing_is_not_walked(share: Path) -> None:
    def swap() -> None:
        shutil.rmtree(share / "docs")
        (share / "docs").symlink_to(share.parent / "outside")

    assets, report = _scan_with_hook(share, "b.txt", swap)

    assert [a.name for a in assets] == ["a.txt", "b.txt"]
    assert [(w.where, w.message) for w in report.warnings] == [
        ("docs", "symbolic link leaves the scanned root; not followed")
    ]


def test_a_fifo_swapped_in_after_listing_is_skipped_without_blocking(share: Path) -> None:
    """A writer serves the FIFO: a reader that blocks on it would read what the writer sends."""
    fifo = share / "a.txt"
    stop, stopped = threading.Event(), threading.Event()

    def serve_every_reader() -> None:
        while not stop.is_set():
            try:
                with fifo.open("w", encoding="utf-8") as pipe:  # blocks until a reader opens
                    pipe.write(SECRET)
            except BrokenPipeError:
                pass  # the reader looked, saw a FIFO and closed it unread
        stopped.set()

    def swap() -> None:
        fifo.unlink()
        os.mkfifo(fifo)
        threading.Thread(target=serve_every_reader, daemon=True).start()

    assets, report = _scan_with_hook(share, "a.txt", swap)
    stop.set()
    last_reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the waiting writer finish
    stopped.wait()
    os.close(last_reader)

    assert [a.name for a in assets] == ["b.txt", "docs/spec.txt"]
    assert [(w.where, w.message) for w in report.warnings] == [
        ("a.txt", "not a regular file (device, socket or pipe); skipped")
    ]


def test_symbolic_link_loops_are_warnings_and_the_walk_goes_on(share: Path) -> None:
    (share / "self").symlink_to("self")
    (share / "ping").symlink_to("pong")
    (share / "pong").symlink_to("ping")
    (share / "docs" / "up").symlink_to("../docs/up")

    assets, report = scan_url(str(share))

    assert [a.name for a in assets] == ["a.txt", "b.txt", "docs/spec.txt"]
    assert {w.where: w.message for w in report.warnings} == {
        name: "symbolic link loop; skipped" for name in ["docs/up", "ping", "pong", "self"]
    }
    assert report.failures == []


def _undecodable_names(share: Path) -> None:
    """A file and a directory (with a file in it) whose names are not UTF-8."""
    (share / os.fsdecode(b"\xff\xfe.csv")).write_text("姓名,电话\n张伟,13800138000\n")
    gbk_dir = share / "docs" / os.fsdecode("工艺".encode("gbk"))
    gbk_dir.mkdir()
    (gbk_dir / "recipe.txt").write_text("recipe", encoding="utf-8")


def test_undecodable_names_are_failures_shown_escaped(share: Path) -> None:
    _undecodable_names(share)

    assets, report = scan_url(str(share))

    assert [a.name for a in assets] == ["a.txt", "b.txt", "docs/spec.txt"]
    assert [(f.where, f.message) for f in report.failures] == [
        ("docs/\\xb9\\xa4\\xd2\\xd5", "name is not valid UTF-8 (shown escaped); skipped"),
        ("\\xff\\xfe.csv", "name is not valid UTF-8 (shown escaped); skipped"),
    ]


def test_a_scan_with_undecodable_names_is_stored(share: Path, tmp_path: Path) -> None:
    """Before, the name reached the catalogue database and the whole scan ended in a traceback."""
    _undecodable_names(share)
    settings = Settings(home=tmp_path / ".indsec", config=tmp_path / "indsec.toml")

    with AppContext(settings) as app:
        outcome = scan_sources(app=app, sources=[str(share)])
        version, assets = catalogue_view(app=app)

    assert version.number == outcome.version
    assert sorted(a.name for a in assets) == ["a.txt", "b.txt", "docs/spec.txt"]
    assert len(version.report["failures"]) == 2
