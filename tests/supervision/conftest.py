"""A supervision world on SQLite and PostgreSQL: the identity world's tenants, users and
regulators (A in Suzhou, Jiangsu; B in Hangzhou, Zhejiang)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.identity.world import World, build_world, settings_for


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path))
    try:
        yield built
    finally:
        built.app.close()
