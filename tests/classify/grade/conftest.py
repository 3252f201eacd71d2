"""Fixtures shared by the grading tests."""

from __future__ import annotations

import pytest

from indsec.classify.grade.pack import GradingPack
from indsec.rules.pack import BUILTIN_PACKS, load_pack_file


@pytest.fixture(scope="module")
def grading() -> GradingPack:
    """The built-in grading pack, loaded once per module and known to be valid."""
    pack, problems = load_pack_file(BUILTIN_PACKS / "grading.yaml")
    assert problems == []
    assert isinstance(pack, GradingPack)
    return pack
