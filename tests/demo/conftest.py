"""One full-size demo per test session: generating it takes a few seconds, reading it is cheap."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from indsec.demo import DemoEnterprise, generate_demo


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
