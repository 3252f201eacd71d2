"""A server world on SQLite and on PostgreSQL: the identity world plus one catalogue version,
and a registry holding its two enterprises."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.console import service as console
from indsec.detect.repository import AlertRepository
from indsec.model import Grade
from indsec.model.alert import Alert, AssetContext
from indsec.supervision import service as supervision
from tests.catalogue.conftest import make_asset
from tests.identity.world import CLI, World, build_world, settings_for
from tests.supervision.files import registry_csv
from tests.supervision.filings import add_change, scale


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


def sample_alert(
    title: str = "Bulk export of a graded table",
    *,
    scenario: str = "personnel",
    severity: str = "high",
    asset: str | None = "工艺参数",
    grade: Grade = Grade.CORE,
) -> Alert:
    """An alert as detection stores it; ``asset`` names one of the catalogue's (source ``s``
    of :func:`add_catalogue_version`'s assets), or none."""
    touched = None
    if asset is not None:
        key = make_asset(asset, grade).key
        touched = AssetContext(
            key=key, name=asset, grade=grade, category="c", matched_on="table", reason="名称一致"
        )
    return Alert(
        rule_id="6a1f0a6e-0000-4000-8000-000000000001",
        rule_title=title,
        level="medium",
        severity=severity,
        scenario=scenario,
        risk_types=["leakage"],
        tags=["attack.exfiltration", "indsec.personnel"],
        event_time=datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        origin="mysql.log:42",
        asset=touched,
        details={
            "User": "zhangsan",
            "SourceIp": "10.20.30.40",
            "CommandLine": "mysqldump -uroot -pS3cretPw plant",
            "rows": 5000,
        },
    )


def add_alerts(
    world: World, alerts: list[Alert], *, status: str = "complete"
) -> tuple[int, list[int]]:
    """One finished detection run (``complete``, or ``drill``) holding ``alerts``; its id and
    the alerts' ids."""
    repository = AlertRepository(world.app.store())
    run = repository.begin_run(sources=["mysql.log"], catalogue_version=1)
    repository.add_alerts(run, alerts)
    repository.finish_run(run, status=status, report={})
    return run, [i for i, _ in repository.alerts(run_id=run)]


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
    add_registry(built)
    try:
        yield built
    finally:
        console.join_workers(timeout=60)
        built.app.close()


@pytest.fixture
def clock_world(server_world: World) -> World:
    """The server world with statutory clocks running: tenant A's filings overdue for review
    and owing a re-filing, and the reminders raised for them."""
    add_due_clocks(server_world)
    return server_world
