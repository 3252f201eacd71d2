"""Fixtures of connector tests: the plant database on each engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .plant_db import PlantDatabase, build_plant


@pytest.fixture
def sqlite_plant(tmp_path: Path) -> Iterator[PlantDatabase]:
    """The plant database in a SQLite file."""
    plant = build_plant("sqlite", f"sqlite:///{tmp_path / 'plant.db'}")
    yield plant
    plant.admin.dispose()


@pytest.fixture
def postgresql_plant(postgresql_url: str) -> Iterator[PlantDatabase]:
    """The plant database on PostgreSQL."""
    plant = build_plant("postgresql", postgresql_url)
    yield plant
    plant.admin.dispose()


@pytest.fixture
def mysql_plant(mysql_url: str) -> Iterator[PlantDatabase]:
    """The plant database on MariaDB."""
    plant = build_plant("mysql", mysql_url)
    yield plant
    plant.admin.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgresql),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def plant(request: pytest.FixtureRequest) -> PlantDatabase:
    """The plant database on each engine in turn."""
    plant: PlantDatabase = request.getfixturevalue(f"{request.param}_plant")
    return plant
