"""A scan holds a batch of assets in memory, not the catalogue: memory does not grow per file."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from indsec.catalogue import scan
from indsec.catalogue.repository import CatalogueRepository
from indsec.catalogue.service import load_rule_packs, open_store
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
    return AssetClassifier.from_packs(load_rule_packs(Settings()))


def _share(root: Path, files: int) -> Path:
    for number in range(files):
        folder = root / f"d{number // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{number:04d}.csv").write_text(f"id,name\n{number},x\n", encoding="utf-8")
    return root


def _peak_traced_bytes(tmp_path: Path, classifier: AssetClassifier, files: int) -> int:
    share = _share(tmp_path / f"share{files}", files)
    store = open_store(Settings(home=tmp_path / f"home{files}"))
    run = scan.ScanRun(
        repository=CatalogueRepository(store),
        classifier=classifier,
        profile=EnterpriseProfile(),
        options=ConnectorOptions(),
        progress=None,
    )
    tracemalloc.start()
    try:
        outcome = run.run([str(share)], rule_packs={})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        store.close()
    assert outcome.stored == files
    return peak


def test_scan_memory_does_not_grow_with_the_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, classifier: AssetClassifier
) -> None:
    monkeypatch.setattr(scan, "STORE_BATCH", BATCH)
    _peak_traced_bytes(tmp_path, classifier, 5)  # lazily built caches fill once

    small = _peak_traced_bytes(tmp_path, classifier, SMALL)
    large = _peak_traced_bytes(tmp_path, classifier, LARGE)

    assert large - small < (LARGE - SMALL) * MAX_BYTES_PER_EXTRA_ASSET
