"""The platform benchmark's seeder writes catalogue rows exactly as the catalogue repository
does (its own ``_asset_row``, every column), only renamed: a bench on rows the application never
writes would measure nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.platform_seed import seed_catalogue
from sqlalchemy import select

from indsec.app import AppContext
from indsec.catalogue.repository import _asset_row
from indsec.model import Grade
from indsec.settings import Settings
from indsec.store.tables import AssetRow
from tests.catalogue.conftest import make_asset


@pytest.fixture
def postgresql_url(store_url: str) -> str:
    if not store_url.startswith("postgresql"):
        pytest.skip("the seeder copies with PostgreSQL's COPY")
    return store_url


@pytest.fixture
def app(postgresql_url: str, tmp_path: Path) -> Iterator[AppContext]:
    with AppContext(Settings(database_url=postgresql_url, home=tmp_path)) as context:
        context.store()  # migrated
        yield context


def test_seeded_rows_are_the_repositorys_rows_renamed(app: AppContext, postgresql_url: str) -> None:
    assets = [make_asset("员工档案", Grade.IMPORTANT), make_asset("工艺参数", Grade.CORE)]
    assert seed_catalogue(postgresql_url, assets, total=6, versions=2) == 6
    columns = [c for c in AssetRow.__table__.columns if c.name != "id"]
    with app.store().session() as session:
        stored = session.execute(select(*columns).order_by(AssetRow.id)).all()
    expected = [
        _asset_row(scan_id, asset.model_copy(update={"name": f"{asset.name}#{n}"}))
        for scan_id in (1, 2)
        for n, asset in ((0, assets[0]), (0, assets[1]), (1, assets[0]))
    ]
    assert [tuple(row) for row in stored] == [
        tuple(getattr(row, c.name) for c in columns) for row in expected
    ]
