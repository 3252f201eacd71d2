"""A server world on SQLite and on PostgreSQL: the identity world plus one catalogue version,
and a registry holding its two enterprises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.model import Grade
from indsec.supervision import service as supervision
from tests.catalogue.conftest import make_asset
from tests.identity.world import CLI, World, build_world, settings_for
from tests.supervision.files import registry_csv


def world_registry(world: World) -> bytes:
    """Tenants A and B as rows of a registry file: above-scale manufacturers."""
    a, b = world.tenants["A"], world.tenants["B"]
    return registry_csv(
        [
            (a.uscc, a.name, "C3511", a.region_code, "50000000", "是"),
            (b.uscc, b.name, "C2611", b.region_code, "30000000", "是"),
        ]
    )


def add_registry(world: World) -> None:
    """The supervision instance's registry holds both tenants."""
    supervision.import_registry(
        app=world.app, actor=CLI, principal=None, name="world.csv", data=world_registry(world)
    )


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
    add_registry(built)
    try:
        yield built
    finally:
        built.app.close()
