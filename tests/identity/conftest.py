"""A world per test on SQLite and on PostgreSQL (the ``store_url`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.identity.world import World, build_world, settings_for


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path, login_max_failures=3))
    try:
        yield built
    finally:
        built.app.close()
