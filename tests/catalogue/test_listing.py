"""The catalogue list answered by the database (SQLite and PostgreSQL): filters see the grade
and category as reviewed, counts and pages cover every match, labels survive a carry-over,
and a store migrated from before 0013 has its assets' list columns filled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, column, insert, table

from indsec.catalogue.listing import AssetFilter
from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.catalogue.review import make_review
from indsec.model import ClassifiedAsset, FieldLabel, FieldResult, Grade
from indsec.store.database import MIGRATIONS, Store, open_engine
from indsec.store.tables import ScanRow
from tests.catalogue.conftest import make_asset

OLD_ASSETS = table(
    "catalogue_assets",
    column("scan_id"),
    column("asset_key"),
    column("category"),
    column("grade"),
    column("document", JSON),
)
"""``catalogue_assets`` as revision 0010 left it."""


@pytest.fixture
def repository(store_url: str) -> Iterator[CatalogueRepository]:
    store = Store(store_url)
    yield CatalogueRepository(store)
    store.close()


def _complete(repo: CatalogueRepository, assets: list[ClassifiedAsset]) -> int:
    number = repo.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repo.add_assets(number, assets)
    repo.finish_version(number, status=COMPLETE, report={})
    return number


def _review(repo: CatalogueRepository, key: str, grade: str | None, category: str | None) -> None:
    review = make_review(
        asset_key=key,
        grade=grade,
        category=category,
        reason="checked with the plant",
        reviewer="li",
        known_categories={"production.process"},
    )
    repo.add_review(review)


def _suspect(name: str) -> ClassifiedAsset:
    """A general asset whose column name alone suggests a resident ID: it needs a review."""
    asset = make_asset(name, Grade.GENERAL, source="file:///x")
    hint = FieldLabel(label="cn.resident_id", confidence=0.5, matched=0, sampled=0)
    asset.fields = [FieldResult(name="sfzh", suspicions=[hint])]
    return asset


def _names(repo: CatalogueRepository, number: int, query: AssetFilter) -> list[str]:
    with repo.listing(number) as listing:
        return [a.name for a in listing.page(query, offset=0, limit=100)]


def test_filters_and_counts_see_the_reviewed_grade_and_category(
    repository: CatalogueRepository,
) -> None:
    number = _complete(
        repository,
        [
            make_asset("员工档案", Grade.IMPORTANT),
            make_asset("工艺参数", Grade.CORE),
            _suspect("名单"),
        ],
    )
    _review(repository, "sqlite:///plant.db::员工档案", "core", "production.process")
    _review(repository, "file:///x::名单", "important", None)
    with repository.listing(number) as listing:
        assert listing.count(AssetFilter(grade="core")) == 2
        assert listing.count(AssetFilter(grade="important")) == 1
        assert listing.grade_counts() == {Grade.GENERAL: 0, Grade.IMPORTANT: 1, Grade.CORE: 2}
        assert "production.process" in listing.facets(complete=True).categories
        shown = listing.page(AssetFilter(grade="core"), offset=0, limit=10)
        lines = listing.lines(AssetFilter(grade="core"), offset=0, limit=10)
    assert [(line.name, line.grade, line.category, line.rows) for line in lines] == [
        ("员工档案", "core", "production.process", 100),
        ("工艺参数", "core", "management.hr_finance", 100),
    ]
    assert [(a.name, a.grade, a.computed_grade) for a in shown] == [
        ("员工档案", Grade.CORE, Grade.IMPORTANT),
        ("工艺参数", Grade.CORE, None),
    ]
    assert _names(repository, number, AssetFilter(category="production.process")) == ["员工档案"]
    assert _names(repository, number, AssetFilter(needs_review=True)) == [], "名单 was reviewed"


def test_the_choices_of_a_complete_version_follow_new_reviews(
    repository: CatalogueRepository,
) -> None:
    number = _complete(repository, [make_asset("工艺参数", Grade.CORE)])
    with repository.listing(number) as listing:
        assert listing.facets(complete=True).categories == ["management.hr_finance"]
    _review(repository, "sqlite:///plant.db::工艺参数", None, "production.process")
    with repository.listing(number) as listing:
        assert "production.process" in listing.facets(complete=True).categories


def test_a_newer_review_replaces_an_older_one(repository: CatalogueRepository) -> None:
    number = _complete(repository, [make_asset("工艺参数", Grade.CORE)])
    _review(repository, "sqlite:///plant.db::工艺参数", "general", None)
    _review(repository, "sqlite:///plant.db::工艺参数", "important", None)
    assert _names(repository, number, AssetFilter(grade="general")) == []
    assert _names(repository, number, AssetFilter(grade="important")) == ["工艺参数"]


def test_text_source_label_and_needs_review_filters(repository: CatalogueRepository) -> None:
    number = _complete(
        repository, [make_asset("Orders_2024", Grade.GENERAL), _suspect("名单"), _suspect("50%_x")]
    )
    assert _names(repository, number, AssetFilter(text=" orders ")) == ["Orders_2024"]
    assert _names(repository, number, AssetFilter(text="%")) == ["50%_x"], "LIKE escaped"
    assert _names(repository, number, AssetFilter(source="file:///x")) == ["50%_x", "名单"]
    assert _names(repository, number, AssetFilter(label="cn.resident_id")) == ["Orders_2024"]
    assert _names(repository, number, AssetFilter(needs_review=True)) == ["50%_x", "名单"]
    with repository.listing(number) as listing:
        facets = listing.facets(complete=False)
    assert (facets.sources, facets.labels) == (
        ["file:///x", "sqlite:///plant.db"],
        ["cn.resident_id"],
    )


def test_pages_cover_every_match_once_in_key_order(repository: CatalogueRepository) -> None:
    assets = [
        make_asset(f"t{i:02d}", Grade.CORE if i % 3 == 0 else Grade.GENERAL) for i in range(23)
    ]
    number = _complete(repository, assets)
    core = AssetFilter(grade="core")
    with repository.listing(number) as listing:
        total = listing.count(core)
        pages = [listing.page(core, offset=offset, limit=3) for offset in range(0, 12, 3)]
        streamed = [a.name for a in listing.stream(core, limit=5)]
    assert total == 8
    assert [len(p) for p in pages] == [3, 3, 2, 0]
    names = [a.name for p in pages for a in p]
    assert names == [f"t{i:02d}" for i in range(0, 23, 3)]
    assert streamed == names[:5]


def test_labels_and_columns_are_carried_over_to_a_new_version(
    repository: CatalogueRepository,
) -> None:
    first = _complete(repository, [make_asset("员工档案", Grade.IMPORTANT), _suspect("名单")])
    second = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repository.add_assets(second, [make_asset("新表", Grade.GENERAL)])
    repository.copy_assets(first, second, skip_sources={"sqlite:///plant.db"})
    repository.finish_version(second, status=COMPLETE, report={})
    assert _names(repository, second, AssetFilter(label="cn.resident_id")) == ["新表"]
    assert _names(repository, second, AssetFilter(needs_review=True)) == ["名单"]
    third = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repository.copy_assets(second, third, skip_sources=set())
    repository.finish_version(third, status=COMPLETE, report={})
    assert _names(repository, third, AssetFilter(label="cn.resident_id")) == ["新表"]
    assert _names(repository, third, AssetFilter(source="file:///x", text="名")) == ["名单"]


def test_assets_stored_before_0013_are_filled_by_the_migration(store_url: str) -> None:
    engine = open_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    old = [make_asset("员工档案", Grade.IMPORTANT), _suspect("名单")]
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0010")
        scans = ScanRow.__table__
        connection.execute(
            insert(scans).values(
                id=1,
                number=1,
                created_at=datetime.now(UTC),
                status=COMPLETE,
                trigger="scan",
                sources=[],
                rule_packs={},
                profile={},
                report={},
                error="",
            )
        )
        for asset in old:
            row = {
                "scan_id": 1,
                "asset_key": asset.key,
                "category": asset.category,
                "grade": asset.grade.value,
                "document": asset.model_dump(mode="json"),
            }
            connection.execute(insert(OLD_ASSETS).values(**row))
    engine.dispose()
    store = Store(store_url)  # migrates to the newest revision
    try:
        repository = CatalogueRepository(store)
        assert _names(repository, 1, AssetFilter(label="cn.resident_id")) == ["员工档案"]
        assert _names(repository, 1, AssetFilter(needs_review=True)) == ["名单"]
        assert _names(repository, 1, AssetFilter(source="file:///x", text="名")) == ["名单"]
    finally:
        store.close()
