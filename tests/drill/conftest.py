"""A drill's world: an application context over a fresh store, the real rule packs and, when the
shared data is here, the curated SigmaHQ rules; and a directory outside the sandbox to watch."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.model.identity import Actor
from indsec.settings import Settings
from tests.conftest import THIRD_PARTY

ACTOR = Actor(name="cli:drill-test", origin="cli@test")


@pytest.fixture
def app(tmp_path: Path, store_url: str) -> Iterator[AppContext]:
    settings = Settings(
        home=tmp_path / ".indsec",
        database_url=store_url,
        config=tmp_path / "indsec.toml",
        sigma_third_party=THIRD_PARTY,
        drill_max_decoy_bytes=8192,
    )
    with AppContext(settings) as context:
        yield context


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A sibling of the sandbox with files, a folder and a symlink: what must never change."""
    root = tmp_path / "outside"
    (root / "plant").mkdir(parents=True)
    (root / "victim.txt").write_text("production recipe, must survive\n", encoding="utf-8")
    (root / "plant" / "line1.csv").write_text("t,pressure\n0,1.2\n", encoding="utf-8")
    (root / "link-to-victim").symlink_to(root / "victim.txt")
    return root


def tree_digest(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links as their targets, never followed), with its digest."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if path.is_symlink():
            found[relative] = "link:" + str(path.readlink())
        elif path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[relative] = "dir"
    return found
