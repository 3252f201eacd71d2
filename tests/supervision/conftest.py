"""Supervision worlds on SQLite and PostgreSQL: the identity world's tenants, users and
regulators (A in Suzhou, Jiangsu; B in Hangzhou, Zhejiang), and the dashboards' registry and
filings of two provinces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.app import AppContext
from tests.identity.world import World, build_world, settings_for
from tests.supervision.records import add_supervision_world


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path))
    try:
        yield built
    finally:
        built.app.close()


@pytest.fixture
def supervision_app(store_url: str, tmp_path: Path) -> Iterator[AppContext]:
    app = AppContext(settings_for(store_url, tmp_path))
    add_supervision_world(app)
    try:
        yield app
    finally:
        app.close()
