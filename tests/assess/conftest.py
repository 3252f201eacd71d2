"""An enterprise with the test controls packs, a store (SQLite and PostgreSQL) and helpers to
seed a catalogue, detection runs and the site's assessment inputs with real files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from indsec.app import AppContext
from indsec.catalogue.repository import CatalogueRepository
from indsec.detect.repository import AlertRepository
from indsec.model import ClassifiedAsset, EnterpriseProfile, Grade
from indsec.model.alert import Alert, AssetContext
from indsec.model.identity import Actor
from indsec.profile_config import save_profile
from indsec.settings import Settings
from tests.conftest import FILES

PACKS = FILES / "assess" / "controls"
ACTOR = Actor(name="cli:li", origin="cli@test")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)


def asset(name: str, grade: Grade, source: str = "postgresql://mes-db/mes") -> ClassifiedAsset:
    return ClassifiedAsset(source=source, name=name, kind="table", category="c", grade=grade)


def touch(path: Path, age_days: float, content: bytes = b"x", now: datetime = NOW) -> Path:
    """A real file whose modification time is ``age_days`` before ``now``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    moment = (now - timedelta(days=age_days)).timestamp()
    os.utime(path, (moment, moment))
    return path


@dataclass
class World:
    app: AppContext
    root: Path

    def catalogue(self, *assets: ClassifiedAsset, sources: list[str] | None = None) -> int:
        repository = CatalogueRepository(self.app.store())
        found = sources or sorted({a.source for a in assets})
        number = repository.begin_version(trigger="scan", sources=found, rule_packs={}, profile={})
        repository.add_assets(number, assets)
        repository.finish_version(number, status="complete", report={})
        return number

    def alerts(self, *alerts: Alert) -> int:
        repository = AlertRepository(self.app.store())
        run = repository.begin_run(sources=["syslog"], catalogue_version=None)
        repository.add_alerts(run, alerts)
        repository.finish_run(run, status="complete", report={})
        return run

    def inputs(self, data: dict[str, object]) -> Path:
        path = self.root / "assess-inputs.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path


def alert(
    scenario: str, grade: Grade | None, key: str = "postgresql://mes-db/mes::recipes"
) -> Alert:
    context = None
    if grade is not None:
        context = AssetContext(key=key, name="recipes", grade=grade, category="c", matched_on="t")
    return Alert(
        rule_id=f"rule.{scenario}",
        rule_title=scenario,
        level="high",
        severity="high",
        scenario=scenario,
        event_time=datetime.now(UTC),
        asset=context,
    )


@pytest.fixture
def world(tmp_path: Path, store_url: str) -> Iterator[World]:
    save_profile(tmp_path / "indsec.toml", EnterpriseProfile(name="苏州某厂", cii_operator=False))
    settings = Settings(
        home=tmp_path / ".indsec",
        database_url=store_url,
        config=tmp_path / "indsec.toml",
        rules_path=[PACKS],
        assess_frameworks=["t_obl", "t_rom"],
    )
    with AppContext(settings) as context:
        yield World(context, tmp_path)
