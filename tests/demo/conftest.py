"""One full-size demo per test session: generating it takes a few seconds, reading it is cheap."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.demo import DemoEnterprise, generate_demo

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests reading the full demo share one xdist worker (``--dist loadgroup``), which
    builds it once, instead of each worker building its own (the demo is read-only to them)."""
    for item in items:
        uses_demo = "demo" in getattr(item, "fixturenames", ())
        if uses_demo and item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.xdist_group("full-demo"))


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoEnterprise:
    """The demo exactly as users get it: default seed and sensor volume."""
    return generate_demo(tmp_path_factory.mktemp("demo") / "enterprise")


@pytest.fixture
def demo_db(demo: DemoEnterprise) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the demo database."""
    connection = sqlite3.connect(f"file:{demo.database}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()
