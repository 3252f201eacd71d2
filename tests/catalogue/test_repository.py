"""Catalogue versions and reviews on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from indsec.catalogue.repository import COMPLETE, FAILED, CatalogueRepository
from indsec.errors import NotFoundError
from indsec.model import Grade
from indsec.store.database import Store
from tests.catalogue.conftest import make_asset


@pytest.fixture
def repository(store_url: str) -> Iterator[CatalogueRepository]:
    store = Store(store_url)
    yield CatalogueRepository(store)
    store.close()


def _complete(repo: CatalogueRepository, assets: list) -> int:  # type: ignore[type-arg]
    number = repo.begin_version(trigger="scan", sources=["s"], rule_packs={"p": "1"}, profile={})
    repo.add_assets(number, assets)
    repo.finish_version(number, status=COMPLETE, report={"assets_seen": len(assets)})
    return number


def test_versions_are_numbered_and_round_trip(repository: CatalogueRepository) -> None:
    first = _complete(repository, [make_asset("员工", Grade.IMPORTANT)])
    second = _complete(
        repository, [make_asset("员工", Grade.CORE), make_asset("bom", Grade.GENERAL)]
    )
    assert (first, second) == (1, 2)
    assert repository.version().number == 2
    assets = repository.assets(2)
    assert [(a.name, a.grade) for a in assets] == [("bom", Grade.GENERAL), ("员工", Grade.CORE)]
    assert assets[1].fields[0].labels[0].masked_examples == ["1101**********1234"]
    assert [v.asset_count for v in repository.versions()] == [1, 2]


def test_failed_or_running_scan_never_becomes_current(repository: CatalogueRepository) -> None:
    good = _complete(repository, [make_asset("员工", Grade.IMPORTANT)])
    running = repository.begin_version(trigger="scan", sources=[], rule_packs={}, profile={})
    repository.add_assets(running, [make_asset("员工", Grade.GENERAL)])
    assert repository.version().number == good
    repository.finish_version(running, status=FAILED, report={}, error="boom")
    assert repository.version().number == good
    assert repository.assets(good)[0].grade is Grade.IMPORTANT
    assert repository.version(running).status == FAILED


def test_missing_versions_are_clear_errors(repository: CatalogueRepository) -> None:
    with pytest.raises(NotFoundError, match="no complete catalogue version"):
        repository.version()
    with pytest.raises(NotFoundError, match="no version 7"):
        repository.assets(7)


def test_assets_of_other_sources_are_copied_into_a_new_version(
    repository: CatalogueRepository,
) -> None:
    old = _complete(
        repository,
        [
            make_asset("a", Grade.CORE, source="file:///share"),
            make_asset("b", Grade.GENERAL, source="file:///share"),
            make_asset("t", Grade.IMPORTANT, source="sqlite:///plant.db"),
        ],
    )
    new = repository.begin_version(trigger="scan", sources=[], rule_packs={}, profile={})
    repository.add_assets(new, [make_asset("t2", Grade.GENERAL, source="sqlite:///plant.db")])

    copied = repository.copy_assets(old, new, skip_sources={"sqlite:///plant.db"})

    assert copied == {"file:///share": 2}
    assert [(a.source, a.name, a.grade) for a in repository.assets(new)] == [
        ("file:///share", "a", Grade.CORE),
        ("file:///share", "b", Grade.GENERAL),
        ("sqlite:///plant.db", "t2", Grade.GENERAL),
    ]


def test_what_a_failed_source_stored_is_dropped_and_only_that(
    repository: CatalogueRepository,
) -> None:
    number = repository.begin_version(trigger="scan", sources=[], rule_packs={}, profile={})
    repository.add_assets(
        number,
        [
            make_asset("a", Grade.CORE, source="file:///share"),
            make_asset("b", Grade.GENERAL, source="file:///share::odd"),  # same key prefix
            make_asset("t", Grade.GENERAL, source="sqlite:///plant.db"),
        ],
    )

    repository.drop_source(number, "file:///share")

    assert [(a.source, a.name) for a in repository.assets(number)] == [
        ("file:///share::odd", "b"),
        ("sqlite:///plant.db", "t"),
    ]


def test_a_complete_versions_asset_count_is_read_once(repository: CatalogueRepository) -> None:
    """A complete version never changes, so its count (200,000 rows on a large estate) is read
    once per process; a running version's grows while the scan writes, so it is read each time."""
    counts: list[str] = []

    def seen(*args: object) -> None:
        statement = str(args[2])
        if statement.startswith("SELECT count(*)"):
            counts.append(statement)

    running = repository.begin_version(trigger="scan", sources=[], rule_packs={}, profile={})
    repository.add_assets(running, [make_asset("员工", Grade.GENERAL)])
    event.listen(repository.store.engine, "before_cursor_execute", seen)
    try:
        assert repository.version(running).asset_count == 1
        repository.add_assets(running, [make_asset("bom", Grade.GENERAL)])
        assert repository.version(running).asset_count == 2
        assert len(counts) == 2
        repository.finish_version(running, status=COMPLETE, report={})
        assert [repository.version().asset_count for _ in range(3)] == [2, 2, 2]
        assert len(counts) == 3
    finally:
        event.remove(repository.store.engine, "before_cursor_execute", seen)
