"""Fixtures shared by the classification tests."""

from __future__ import annotations

import pytest

from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.rules.pack import BUILTIN_PACKS, load_pack_file


@pytest.fixture(scope="module")
def taxonomy() -> TaxonomyPack:
    """The built-in taxonomy pack, loaded once per module and known to be valid."""
    pack, problems = load_pack_file(BUILTIN_PACKS / "taxonomy.yaml")
    assert problems == []
    assert isinstance(pack, TaxonomyPack)
    return pack
