"""Gathering the report's context from a real instance (SQLite and PostgreSQL): the scanned
catalogue, the team the site declares, the year's alerts and incidents, and no raw value."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from benchmarks.assess_report_world import build_world

from indsec.app import AppContext
from indsec.assess.annual.document import build_document
from indsec.assess.annual.gather import gather_context, period_start
from indsec.assess.annual.render import html
from indsec.catalogue import service as catalogue
from indsec.classify.recognize.validators import gb11643_check_character
from indsec.detect.repository import AlertRepository
from indsec.errors import ConfigError
from indsec.incident import service as incident
from indsec.model import EnterpriseProfile, Grade
from indsec.model.alert import Alert, AssetContext
from indsec.model.identity import Actor
from indsec.profile_config import load_assessment_team, save_profile
from indsec.settings import Settings

TEAM = """
[[assessment.team]]
name = "周敏"
role = "组长"
organisation = "苏州某厂"

[[assessment.team]]
name = "郑丽"
role = "合规评估"

[filing.defaults]
cross_border = "无跨境传输"
"""


def _ids(count: int) -> list[str]:
    bodies = [f"110105{1980 + i % 20}0{1 + i % 9}1{i % 10}{100 + i:03d}" for i in range(count)]
    return [body + gb11643_check_character(body) for body in bodies]


@pytest.fixture
def app(tmp_path: Path, store_url: str) -> Iterator[AppContext]:
    config = tmp_path / "indsec.toml"
    save_profile(config, EnterpriseProfile(name="苏州某厂", uscc="91320500MA1XXXXX1X"))
    config.write_text(config.read_text(encoding="utf-8") + TEAM, encoding="utf-8")
    settings = Settings(home=tmp_path / ".indsec", database_url=store_url, config=config)
    with AppContext(settings) as context:
        yield context


def _plant(tmp_path: Path, raw: list[str]) -> str:
    path = tmp_path / "plant.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE employees (id INTEGER PRIMARY KEY, sfzh TEXT, dept TEXT)")
        db.executemany(
            "INSERT INTO employees (sfzh, dept) VALUES (?, ?)", [(r, "车间") for r in raw]
        )
    return f"sqlite:///{path}"


def _alerts(app: AppContext, key: str, name: str) -> None:
    repository = AlertRepository(app.store())
    run = repository.begin_run(sources=["/var/log/plant"], catalogue_version=1)
    asset = AssetContext(
        key=key,
        name=name,
        grade=Grade.IMPORTANT,
        category="personal_information",
        matched_on="table",
    )
    alerts = [
        Alert(
            rule_id=f"r{i}",
            rule_title="t",
            level="high",
            severity="high",
            scenario="ransomware",
            asset=asset,
        )
        for i in range(3)
    ]
    repository.add_alerts(run, alerts)
    repository.finish_run(run, status="complete", report={})


def test_the_context_comes_from_the_instance_and_the_report_shows_it(
    app: AppContext, tmp_path: Path
) -> None:
    raw = _ids(30)
    url = _plant(tmp_path, raw)
    catalogue.scan_sources(app=app, sources=[url])
    _, assets = catalogue.catalogue_view(app=app)
    [employees] = [a for a in assets if a.name == "employees"]
    _alerts(app, employees.key, employees.name)
    incident.open_incident(
        app=app,
        actor=Actor(name="cli:wang", origin="cli@test"),
        title="勒索软件加密人事库",
        facts=incident.parse_facts({}),
        scenario="ransomware",
        detected_at=datetime.now(UTC).replace(tzinfo=None),
    )
    context = gather_context(app=app, issued_on=datetime.now(UTC).date())
    assert [m.name for m in context.team] == ["周敏", "郑丽"]
    assert context.catalogue is not None and context.catalogue.sources == [url]
    assert len(context.alerts) == 3 and len(context.incidents) == 1
    assert context.category_name("personal_information", "zh") == "个人信息"
    assert context.declarations["defaults"]["cross_border"] == "无跨境传输"
    snapshot, _ = build_world(asset_count=5, alert_count=0)
    page = html(build_document(snapshot, context, "zh-CN"))
    assert "周敏" in page and "勒索软件加密人事库" in page and "无跨境传输" in page
    assert not any(value in page for value in raw)


def test_the_period_is_the_year_before_the_issue() -> None:
    assert period_start(date(2026, 12, 7)) == date(2025, 12, 7)
    assert period_start(date(2028, 2, 29)) == date(2027, 2, 28)


def test_a_malformed_team_is_a_located_error(tmp_path: Path) -> None:
    config = tmp_path / "indsec.toml"
    config.write_text('[[assessment.team]]\nrole = "组长"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"assessment.team\]\] #1"):
        load_assessment_team(config)
    config.write_text('[[assessment.team]]\nname = "周敏"\nage = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="keys are"):
        load_assessment_team(config)
    assert load_assessment_team(tmp_path / "absent.toml") == []
