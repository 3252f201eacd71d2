"""The demo's logs: deterministic, readable by indsec, quiet where benign, loud where planted.

Detection runs as in production: every file through its reader, the streams merged in time
order, catalogue enrichment (the grades the demo logs are written against), the demo's site
policy, then our own scenario rules and, when the third-party root is present, the curated ones.
"""

from __future__ import annotations

import hashlib
import heapq
import sqlite3
import tomllib
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from indsec.demo import DemoEnterprise
from indsec.demo.logs import DemoLogs, generate_demo_logs
from indsec.demo.logs_attacks_intrusion import ENCRYPTED
from indsec.demo.logs_cast import ATTACK_NIGHT
from indsec.detect.enrich import CatalogueIndex
from indsec.detect.scenario_pack import ScenarioPack
from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.timezone import PlantClock
from indsec.errors import ConfigError
from indsec.model import ClassifiedAsset
from indsec.model.event import Event
from indsec.model.source import ScanReport
from indsec.profile_config import load_site_policy
from indsec.rules.pack import BUILTIN_PACKS, load_pack_file
from indsec.sigma import Match, SigmaEngine
from tests.conftest import THIRD_PARTY, needs_third_party


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> DemoLogs:
    root = tmp_path_factory.mktemp("demo_logs")
    (root / "indsec.toml").write_text('[enterprise]\nname = "华东精工装备制造有限公司"\n')
    return generate_demo_logs(root)


@pytest.fixture(scope="module")
def scenarios() -> ScenarioPack:
    pack, problems = load_pack_file(BUILTIN_PACKS / "scenarios.yaml")
    assert isinstance(pack, ScenarioPack) and not problems
    return pack


def _digests(logs: DemoLogs) -> dict[str, str]:
    return {
        str(f.path.relative_to(logs.root)): hashlib.sha256(f.path.read_bytes()).hexdigest()
        for f in logs.files
    }


def test_same_seed_same_bytes(logs: DemoLogs, tmp_path: Path) -> None:
    again = generate_demo_logs(tmp_path)
    assert _digests(again) == _digests(logs)


def test_another_seed_other_noise(logs: DemoLogs, tmp_path: Path) -> None:
    other = _digests(generate_demo_logs(tmp_path, seed=7))
    assert other.keys() == _digests(logs).keys()
    assert other["logs/postgresql.csv"] != _digests(logs)["logs/postgresql.csv"]


def _read(logs: DemoLogs, path: Path, reader: str, report: ScanReport) -> Iterator[Event]:
    yield from LOG_READERS.get(reader)(clock=PlantClock(logs.policy.zone)).read(path, report)


@pytest.mark.parametrize(
    "name",
    [
        "auth.log",
        "audit.log",
        "postgresql.csv",
        "mariadb_audit.log",
        "file_activity.jsonl",
        "zeek/conn.log",
        "zeek/modbus.log",
        "zeek/s7comm.log",
        "bastion_sessions.jsonl",
        "openvpn.log",
        "ecs.ndjson",
        "sysmon_linux.jsonl",
    ],
)
def test_every_file_reads_cleanly(logs: DemoLogs, name: str) -> None:
    log = next(f for f in logs.files if f.path == logs.root / "logs" / name)
    report = ScanReport()
    events = list(_read(logs, log.path, log.reader, report))
    assert not report.failures and not report.warnings
    assert len(events) >= 100
    assert all(e.timestamp is not None for e in events)
    times = [e.timestamp for e in events if e.timestamp is not None]
    assert times == sorted(times)


def test_site_policy_merged_into_the_config(logs: DemoLogs) -> None:
    document = tomllib.loads((logs.root / "indsec.toml").read_text(encoding="utf-8"))
    assert document["enterprise"] == {"name": "华东精工装备制造有限公司"}
    assert load_site_policy(logs.root / "indsec.toml") == logs.policy
    assert logs.policy.bastion_hosts == ["10.20.30.50", "JUMP-01"]


def test_invalid_config_is_refused(tmp_path: Path) -> None:
    (tmp_path / "indsec.toml").write_text("[site]\nworking_hours = 'all day'\n")
    with pytest.raises(ConfigError, match="working_hours"):
        generate_demo_logs(tmp_path)


def test_planted_attacks_cover_the_four_scenarios(logs: DemoLogs) -> None:
    scenarios = Counter(attack.scenario for attack in logs.planted)
    assert set(scenarios) == {"ransomware", "backdoor", "personnel", "remote_om"}
    assert all(attack.expected >= 1 and attack.description for attack in logs.planted)


def test_attacks_touch_the_demos_real_tables_and_files(
    logs: DemoLogs, demo: DemoEnterprise
) -> None:
    with sqlite3.connect(f"file:{demo.database}?mode=ro", uri=True) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert set(logs.graded_tables) <= tables
    for name in ENCRYPTED:
        assert (demo.files / name.replace("\\", "/")).is_file(), name


def _moment(event: Event) -> datetime:
    assert event.timestamp is not None
    return event.timestamp


def _detect(logs: DemoLogs, paths: list[Path]) -> list[Match]:
    engine = SigmaEngine.from_paths(paths, policy=logs.policy.placeholders())
    assert not engine.problems
    catalogue = CatalogueIndex.from_assets(
        [
            ClassifiedAsset(
                source="sqlite:///mes_erp.db", name=name, kind="table", category="demo", grade=grade
            )
            for name, grade in logs.graded_tables.items()
        ]
    )
    report = ScanReport()

    def prepared(path: Path, reader: str) -> Iterator[Event]:
        for event in _read(logs, path, reader, report):
            catalogue.enrich(event)
            logs.policy.annotate(event)
            yield event

    streams = [prepared(f.path, f.reader) for f in logs.files]
    matches = list(engine.process(heapq.merge(*streams, key=_moment)))
    assert not report.failures
    return matches


def _assert_only_planted(logs: DemoLogs, matches: list[Match], *, third_party: bool) -> None:
    assert dict(Counter(m.rule.id for m in matches)) == logs.expected_alerts(
        third_party=third_party
    )
    attack_night = (ATTACK_NIGHT, ATTACK_NIGHT + timedelta(hours=3))
    for match in matches:
        assert match.timestamp is not None
        assert attack_night[0] <= match.timestamp <= attack_night[1], match.rule.title


def test_own_rules_find_every_planted_attack_and_nothing_else(
    logs: DemoLogs, scenarios: ScenarioPack
) -> None:
    matches = _detect(logs, [scenarios.own_rules_dir()])
    _assert_only_planted(logs, matches, third_party=False)


@needs_third_party
def test_curated_rules_add_their_planted_alerts_and_no_noise(
    logs: DemoLogs, scenarios: ScenarioPack
) -> None:
    sources = scenarios.rule_sources(THIRD_PARTY)
    matches = _detect(logs, sources.paths)
    _assert_only_planted(logs, matches, third_party=True)
    by_scenario = Counter(scenarios.classify(m.rule)[0] for m in matches)
    assert set(by_scenario) == {"ransomware", "backdoor", "personnel", "remote_om"}
