"""A dashboard's figures are reused within a process for at most INDSEC_DASHBOARD_CACHE_S, yet a
regulator's state change or a registry import moves them at once (``tests/store/test_kept.py``
holds the bound itself)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.store.kept import Kept
from indsec.supervision import service as supervision
from indsec.supervision.dashboard import Figures
from indsec.supervision.dashboard_cache import figures as kept_figures
from tests.identity.world import CLI, World, build_world, settings_for
from tests.server.conftest import add_catalogue_version, add_registry
from tests.server.filings import bearer, filed, fresh_document


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    """Figures kept for five minutes: longer than any test, so only a forget can move them."""
    built = build_world(settings_for(store_url, tmp_path, dashboard_cache_s=300))
    add_catalogue_version(built)
    try:
        yield built
    finally:
        built.app.close()


def _statuses(world: World) -> dict[str, int]:
    return supervision.dashboard_figures(app=world.app, region_code="100000").statuses


def _principal(world: World, username: str) -> Principal:
    secret = bearer(world, username)["Authorization"].removeprefix("Bearer ")
    return identity.token_principal(app=world.app, secret=secret)


def _file_b(world: World) -> None:
    document = fresh_document(world)
    document["enterprise"].update(uscc=world.tenants["B"].uscc, name=world.tenants["B"].name)
    officer = _principal(world, "officer_b")
    supervision.receive_filing(app=world.app, actor=CLI, principal=officer, document=document)


def test_a_state_change_moves_the_dashboard_at_once(world: World) -> None:
    filing = filed(world)
    assert _statuses(world) == {"submitted": 1}
    _file_b(world)  # a new filing arriving is seen within the bound, not at once
    assert _statuses(world) == {"submitted": 1}, "the figures are kept"
    supervision.move(
        app=world.app,
        actor=CLI,
        principal=_principal(world, "prov_js"),
        filing_id=filing,
        action=supervision.FilingAction.REVIEW,
    )
    assert _statuses(world) == {"under_review": 1, "submitted": 1}


def test_a_registry_import_moves_the_coverage_at_once(world: World) -> None:
    filed(world)
    before = supervision.dashboard_figures(app=world.app, region_code="320000")
    assert (before.mandatory, before.covered) == (0, 0)
    add_registry(world)  # tenant A (which filed) becomes Jiangsu's whole top 10 %
    after = supervision.dashboard_figures(app=world.app, region_code="320000")
    assert (after.mandatory, after.covered) == (1, 1)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _figures(filed: int) -> Figures:
    return Figures("320000", "province", filed, 45_000, 0, 0, [], {}, [], [])


def test_past_the_bound_the_kept_figures_show_while_a_recount_runs() -> None:
    clock, counted, release = _Clock(), iter(range(1, 10)), threading.Event()
    kept: Kept[str, Figures] = Kept(seconds=2.0, max_entries=10, clock=clock)

    def count() -> Figures:
        return _figures(next(counted))

    def slow_count() -> Figures:
        assert release.wait(timeout=60)
        return count()

    assert kept_figures(kept, "320000", count).filed == 1, "nothing kept: counted at once"
    clock.now += 2.0
    assert kept_figures(kept, "320000", slow_count).filed == 1, "the kept ones, not waiting"
    assert kept_figures(kept, "320000", slow_count).filed == 1, "one recount at a time"
    release.set()
    for _ in range(600):  # the background recount finishes (a bounded wait, not a timing)
        if kept.get("320000") is not None:
            break
        threading.Event().wait(0.1)
    assert kept_figures(kept, "320000", count).filed == 2
    kept.forget()
    assert kept_figures(kept, "320000", count).filed == 3, "after a change: counted at once"


def test_the_kept_figures_are_answered_without_counting_only_once_counted(world: World) -> None:
    """What the API answers on its event loop: nothing before a count (the count goes to a
    thread), then the very figures the count kept, until a change forgets them."""
    filing = filed(world)
    assert supervision.kept_dashboard_figures(app=world.app, region_code="100000") is None
    counted = supervision.dashboard_figures(app=world.app, region_code="100000")
    assert supervision.kept_dashboard_figures(app=world.app, region_code="100000") is counted
    assert supervision.kept_dashboard_figures(app=world.app, region_code="320000") is None
    supervision.move(
        app=world.app,
        actor=CLI,
        principal=_principal(world, "prov_js"),
        filing_id=filing,
        action=supervision.FilingAction.REVIEW,
    )
    assert supervision.kept_dashboard_figures(app=world.app, region_code="100000") is None
