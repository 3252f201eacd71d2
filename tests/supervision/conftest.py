"""An application context on SQLite and on PostgreSQL holding the dashboards' world."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.app import AppContext
from tests.identity.world import settings_for
from tests.supervision.records import add_supervision_world


@pytest.fixture
def supervision_app(store_url: str, tmp_path: Path) -> Iterator[AppContext]:
    app = AppContext(settings_for(store_url, tmp_path))
    add_supervision_world(app)
    try:
        yield app
    finally:
        app.close()
