"""The rule-pack YAML loader, pack loading and Sigma rule parsing, fed hostile YAML.

Rule packs and Sigma rules come from site directories and third parties. Property: every
problem comes back as a located :class:`Problem` (or an :class:`IndsecError`), the rest loads;
never another exception, never a hang. Examples are arbitrary text, real files with damaged
bytes, and real files whose parsed tree had one node replaced or dropped (which gets past the
YAML parser to the schema and pySigma).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from indsec.errors import IndsecError, Problem
from indsec.rules.pack import load_pack_file
from indsec.rules.yaml_loader import load_located
from indsec.sigma.parse import load_rule_files

from .conftest import watchdog
from .mutate import hostile_text, reshaped

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted(
    [*(ROOT / "src/indsec/rules/packs").rglob("*.yaml"), *(ROOT / "tests/files/packs").glob("*")]
)
SIGMA = sorted(
    p
    for d in ("src/indsec/rules/packs/sigma/rules", "tests/files/sigma")
    for p in (ROOT / d).rglob("*")
    if p.suffix in {".yml", ".yaml"}
)


def _texts(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


def _trees(paths: list[Path]) -> list[Any]:
    trees = []
    for path in paths:
        try:
            trees += [t for t in yaml.safe_load_all(path.read_text(encoding="utf-8")) if t]
        except yaml.YAMLError:
            continue  # the deliberately broken fixtures
    return trees


def hostile_yaml(paths: list[Path]) -> st.SearchStrategy[str]:
    """Damaged text of ``paths``, or one of their documents reshaped and dumped again."""
    dumped = st.sampled_from(_trees(paths)).flatmap(reshaped)
    return hostile_text(_texts(paths)) | dumped.map(
        lambda tree: yaml.safe_dump(tree, allow_unicode=True)
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for every example's file."""
    return tmp_path_factory.mktemp("rules")


@given(text=hostile_yaml(PACKS))
def test_the_strict_loader_returns_located_problems(text: str) -> None:
    with watchdog():
        document, problems = load_located(Path("site.yaml"), text)
    assert all(isinstance(p, Problem) and p.where.startswith("site.yaml") for p in problems)
    assert document is not None or problems


@given(text=hostile_yaml(PACKS))
def test_a_hostile_pack_is_refused_with_problems(workdir: Path, text: str) -> None:
    path = workdir / "site_pack.yaml"
    path.write_text(text, encoding="utf-8")
    with watchdog():
        try:
            pack, problems = load_pack_file(path)
        except IndsecError:
            return
    assert pack is not None or problems


@given(text=hostile_yaml(SIGMA))
def test_a_hostile_sigma_file_costs_only_its_own_rules(workdir: Path, text: str) -> None:
    path = workdir / "rule.yml"
    path.write_text(text, encoding="utf-8")
    with watchdog():
        loaded = load_rule_files([path])
    assert loaded.files == 1
    assert all(isinstance(p, Problem) for p in loaded.problems)
