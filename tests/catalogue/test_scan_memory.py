"""A scan, and the summary shown after it, hold a batch of assets in memory, not the catalogue."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.catalogue import repository, scan
from indsec.catalogue.repository import CatalogueRepository
from indsec.catalogue.service import CatalogueSummary, catalogue_summary
from indsec.classify.service import AssetClassifier
from indsec.discover.base import ConnectorOptions
from indsec.model import EnterpriseProfile
from indsec.settings import Settings

BATCH = 25
SMALL, LARGE = 100, 400
MAX_BYTES_PER_EXTRA_ASSET = 1024  # holding the whole catalogue cost ~14 KB per asset


@pytest.fixture(scope="module")
def classifier() -> AssetClassifier:
    """Built once, outside the measurement: rule packs load once per process anyway."""
    return AssetClassifier.from_packs(AppContext(Settings()).packs)


def _share(root: Path, files: int) -> Path:
    for number in range(files):
        folder = root / f"d{number // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{number:04d}.csv").write_text(f"id,name\n{number},x\n", encoding="utf-8")
    return root


def _traced_peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _summary(settings: Settings) -> CatalogueSummary:
    """The summary in a context of its own, opening the store as a command does."""
    with AppContext(settings) as app:
        return catalogue_summary(app=app)


def _scan_and_summary_peaks(
    tmp_path: Path, classifier: AssetClassifier, files: int
) -> tuple[int, int]:
    share = _share(tmp_path / f"share{files}", files)
    settings = Settings(home=tmp_path / f"home{files}", config=tmp_path / "indsec.toml")
    store = AppContext(settings).store()
    run = scan.ScanRun(
        repository=CatalogueRepository(store),
        classifier=classifier,
        profile=EnterpriseProfile(),
        options=ConnectorOptions(),
        progress=None,
    )
    try:
        scan_peak = _traced_peak(lambda: run.run([str(share)], rule_packs={}))
    finally:
        store.close()
    summary_peak = _traced_peak(lambda: _summary(settings))
    assert _summary(settings).counts.total() == files
    return scan_peak, summary_peak


def test_scan_memory_does_not_grow_with_the_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, classifier: AssetClassifier
) -> None:
    monkeypatch.setattr(scan, "STORE_BATCH", BATCH)
    monkeypatch.setattr(repository, "COPY_BATCH", BATCH)
    _scan_and_summary_peaks(tmp_path, classifier, 5)  # lazily built caches fill once

    small = _scan_and_summary_peaks(tmp_path, classifier, SMALL)
    large = _scan_and_summary_peaks(tmp_path, classifier, LARGE)

    bound = (LARGE - SMALL) * MAX_BYTES_PER_EXTRA_ASSET
    assert large[0] - small[0] < bound, "scanning"
    assert large[1] - small[1] < bound, "summarising the scanned version"
