"""A server world on SQLite and on PostgreSQL: the identity world plus one catalogue version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.model import Grade
from tests.catalogue.conftest import make_asset
from tests.identity.world import World, build_world, settings_for
from tests.supervision.records import add_tenant_records


def add_catalogue_version(world: World) -> None:
    repository = CatalogueRepository(world.app.store())
    number = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repository.add_assets(
        number, [make_asset("员工档案", Grade.IMPORTANT), make_asset("工艺参数", Grade.CORE)]
    )
    repository.finish_version(number, status=COMPLETE, report={})


@pytest.fixture
def server_world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path))
    add_catalogue_version(built)
    add_tenant_records(built.app, built.tenants)
    try:
        yield built
    finally:
        built.app.close()
