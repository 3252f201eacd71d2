"""A server world on SQLite and on PostgreSQL: the identity world plus one catalogue version."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.model import Grade
from indsec.supervision import service as supervision
from tests.catalogue.conftest import make_asset
from tests.identity.world import World, build_world, settings_for
from tests.supervision.filings import add_change, scale


def add_catalogue_version(world: World) -> None:
    repository = CatalogueRepository(world.app.store())
    number = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repository.add_assets(
        number, [make_asset("员工档案", Grade.IMPORTANT), make_asset("工艺参数", Grade.CORE)]
    )
    repository.finish_version(number, status=COMPLETE, report={})


def add_due_clocks(world: World) -> None:
    """Tenant A's filing, reviewed nowhere since January 2026 (overdue whatever today is), and
    the reminders it raised for its regulators and (for the re-filing it owes) its people."""
    shanghai = ZoneInfo("Asia/Shanghai")
    add_change(world.app, "submitted", datetime(2026, 1, 6, 10, tzinfo=shanghai), scale(1000, 1000))
    supervision.remind(app=world.app, now=datetime(2026, 6, 1, 9, tzinfo=shanghai))


@pytest.fixture
def server_world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path))
    add_catalogue_version(built)
    add_due_clocks(built)
    try:
        yield built
    finally:
        built.app.close()
