"""indsec's own scenario rules, run the way detection runs them: real log files through the real
reader, catalogue enrichment and the site policy, then the Sigma engine.

Every rule has a positive and a negative sample under ``tests/files/scenario_logs/<scenario>/
<rule>/``; each sample is run against *all* our rules and the test asserts exactly which fire and
how often, so a sample that trips a neighbouring rule fails too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from indsec.detect.enrich import CatalogueIndex
from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.timezone import PlantClock
from indsec.model import ClassifiedAsset, Grade, SitePolicy
from indsec.model.event import Event
from indsec.model.source import ScanReport
from indsec.profile_config import load_site_policy
from indsec.rules.pack import BUILTIN_SIGMA_RULES
from indsec.sigma import Match, SigmaEngine

REPO = Path(__file__).resolve().parents[2]
RULES = BUILTIN_SIGMA_RULES
SAMPLES = REPO / "tests" / "files" / "scenario_logs"
POLICY = load_site_policy(SAMPLES / "indsec.toml")


def _asset(name: str, grade: Grade, kind: str = "table") -> ClassifiedAsset:
    source = "sqlite:///mes_erp.db" if kind == "table" else "file:///srv/share"
    return ClassifiedAsset(source=source, name=name, kind=kind, category="test", grade=grade)


CATALOGUE = CatalogueIndex.from_assets(
    [
        _asset("pp_recipe", Grade.CORE),
        _asset("pp_recipe_param", Grade.CORE),
        _asset("hr_employee", Grade.IMPORTANT),
        _asset("md_site", Grade.GENERAL),
        _asset("研发/配方/HT-CARB-02.json", Grade.CORE, kind="file"),
    ]
)


def events_of(reader: str, path: Path, policy: SitePolicy = POLICY) -> Iterator[Event]:
    """The events of one file as detection sees them: read, enriched, stamped by the policy."""
    report = ScanReport()
    for event in LOG_READERS.get(reader)(clock=PlantClock(policy.zone)).read(path, report):
        CATALOGUE.enrich(event)
        policy.annotate(event)
        yield event
    assert not report.failures and not report.warnings, (report.failures, report.warnings)


def fired(matches: Iterator[Match]) -> Counter[str]:
    """Rule file stems that matched, with how many times."""
    return Counter(Path(match.rule.where.rsplit(":", 1)[0]).stem for match in matches)


def engine_for(paths: list[Path], policy: SitePolicy = POLICY) -> SigmaEngine:
    engine = SigmaEngine.from_paths(paths, policy=policy.placeholders())
    assert not engine.problems, engine.problems
    assert not engine.unsupported, engine.unsupported
    return engine


@pytest.fixture
def all_rules() -> SigmaEngine:
    """A fresh engine per test: an engine keeps correlation stream time between runs."""
    return engine_for([RULES])


@dataclass(frozen=True)
class Case:
    """A rule, the reader of its samples, and how often its positive sample must fire it.

    ``alone`` loads only this rule: building blocks of a correlation are hidden when it is loaded.
    """

    rule: str
    reader: str
    positives: int
    alone: bool = False

    @property
    def stem(self) -> str:
        return Path(self.rule).name

    def sample(self, kind: str) -> Path:
        return next((SAMPLES / self.rule).glob(f"{kind}.*"))


CASES = [
    Case("ransomware/file_rename_appended_extension", "file_activity", 2, alone=True),
    Case("ransomware/file_write_high_entropy", "file_activity", 2, alone=True),
    Case("ransomware/file_activity_burst", "file_activity", 1),
    Case("ransomware/ransom_note_created", "file_activity", 3),
    Case("ransomware/backup_files_deleted", "file_activity", 2),
    Case("backdoor/webshell_written_by_web_server", "jsonl", 2),
    Case("backdoor/web_server_spawns_shell", "jsonl", 2),
    Case("backdoor/local_account_created_outside_change_window", "syslog", 1),
    Case("backdoor/user_added_to_admin_group_syslog", "syslog", 3),
    Case("backdoor/user_added_to_admin_group_auditd", "syslog", 2),
    Case("backdoor/systemd_unit_created_outside_change_window", "jsonl", 1),
    Case("backdoor/service_enabled_outside_change_window", "syslog", 1),
    Case("backdoor/listening_port_outside_change_window_windows", "jsonl", 2),
    Case("backdoor/listening_port_outside_change_window_auditd", "syslog", 3),
    Case("personnel/postgresql_graded_table_read", "pg_csvlog", 3, alone=True),
    Case("personnel/mysql_graded_table_read", "mariadb_audit", 1, alone=True),
    Case("personnel/graded_read_burst", "pg_csvlog", 1),
    Case("personnel/postgresql_bulk_read_graded", "pg_csvlog", 1),
    Case("personnel/postgresql_copy_export_graded", "pg_csvlog", 2),
    Case("personnel/mysql_outfile_export_graded", "mariadb_audit", 1),
    Case("personnel/postgresql_core_access_off_hours", "pg_csvlog", 1),
    Case("personnel/mysql_core_access_off_hours", "mysql_general", 1),
    Case("personnel/postgresql_privilege_grant", "pg_csvlog", 2),
    Case("personnel/mysql_privilege_grant", "mariadb_audit", 1),
    Case("personnel/sudoers_edited", "syslog", 2),
    Case("personnel/archive_with_password_process", "jsonl", 3),
    Case("personnel/archive_with_password_auditd", "syslog", 3),
    Case("personnel/copy_to_removable_media", "file_activity", 2),
    Case("personnel/cloud_sync_tool_execution", "jsonl", 2),
    Case("remote_om/cn_remote_control_dns_query", "jsonl", 2),
    Case("remote_om/cn_remote_control_process_linux", "jsonl", 2),
    Case("remote_om/ssh_login_not_from_bastion", "syslog", 2),
    Case("remote_om/ssh_rdp_connection_not_from_bastion", "jsonl", 2),
    Case("remote_om/vendor_bastion_session_outside_window", "bastion", 1),
    Case("remote_om/vendor_vpn_login_outside_window", "openvpn", 1),
    Case("remote_om/vendor_ssh_login_outside_window", "syslog", 1),
    Case("remote_om/bastion_session_not_recorded", "bastion", 1),
    Case("remote_om/modbus_write_not_engineering_host", "jsonl", 2),
    Case("remote_om/s7_write_not_engineering_host", "jsonl", 2),
    Case("remote_om/s7_program_download_not_engineering_host", "jsonl", 1),
]

SAMPLE_RUNS = [
    pytest.param(case, kind, id=f"{case.stem}-{kind}")
    for case in CASES
    for kind in ("positive", "negative")
]


@pytest.mark.parametrize(("case", "kind"), SAMPLE_RUNS)
def test_sample_fires_exactly_its_rule(case: Case, kind: str, all_rules: SigmaEngine) -> None:
    engine = engine_for([RULES / f"{case.rule}.yml"]) if case.alone else all_rules
    matches = engine.process(events_of(case.reader, case.sample(kind)))
    expected = {case.stem: case.positives} if kind == "positive" else {}
    assert dict(fired(matches)) == expected


def test_every_rule_has_samples() -> None:
    rules = {str(p.relative_to(RULES).with_suffix("")) for p in RULES.rglob("*.yml")}
    assert rules == {case.rule for case in CASES}


def _rule_documents() -> list[tuple[Path, dict[str, Any]]]:
    return [
        (path, yaml.safe_load(path.read_text("utf-8"))) for path in sorted(RULES.rglob("*.yml"))
    ]


@pytest.mark.parametrize(
    ("path", "rule"), _rule_documents(), ids=lambda value: getattr(value, "stem", "")
)
def test_rule_metadata(path: Path, rule: dict[str, Any]) -> None:
    scenario = path.parent.name
    tags = rule["tags"]
    assert rule["author"] == "indsec"
    assert rule["license"] == "Apache-2.0"
    assert rule["level"] in {"informational", "low", "medium", "high", "critical"}
    assert rule["falsepositives"]
    assert [t for t in tags if t.startswith("indsec.scenario.")] == [f"indsec.scenario.{scenario}"]
    assert any(t.startswith("indsec.risk.") for t in tags)


def test_rule_ids_are_unique() -> None:
    ids = [rule["id"] for _, rule in _rule_documents()]
    assert len(ids) == len(set(ids))


# ------------------------------------------------------------------ correlation windows


def _file_lines(start: datetime, offsets: list[float], user: str = "PLANT\\svc_backup") -> str:
    lines = []
    for n, offset in enumerate(offsets):
        record = {
            "timestamp": (start + timedelta(seconds=offset)).isoformat(timespec="milliseconds"),
            "host": "ERP-APP01",
            "user": user,
            "process": "C:\\Users\\Public\\svchost32.exe",
            "path": f"D:\\share\\研发\\配方\\批次_{n:03d}.json",
            "operation": "rename",
            "old_name": f"批次_{n:03d}.json",
            "new_name": f"批次_{n:03d}.json.locked",
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


BURST_START = datetime.fromisoformat("2024-02-27T03:12:00+08:00")


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        pytest.param([0.0] * 19, 0, id="19-renames-at-once"),
        pytest.param([0.0] * 20, 1, id="20-renames-at-once"),
        pytest.param([3.0 * n for n in range(19)] + [60.0], 1, id="20th-exactly-one-minute-later"),
        pytest.param([3.0 * n for n in range(19)] + [60.001], 0, id="20th-just-after-the-minute"),
        pytest.param([0.0] * 40, 2, id="two-bursts-two-alerts"),
    ],
)
def test_ransomware_burst_window_edges(
    tmp_path: Path, all_rules: SigmaEngine, offsets: list[float], expected: int
) -> None:
    path = tmp_path / "file_activity.jsonl"
    path.write_text(_file_lines(BURST_START, offsets), encoding="utf-8")
    matches = fired(all_rules.process(events_of("file_activity", path)))
    assert matches == Counter({"file_activity_burst": expected} if expected else {})


def _pg_reads(offsets: list[float], table: str = "hr_employee") -> str:
    start = datetime(2024, 2, 27, 10, 20, 0)
    lines = []
    for n, offset in enumerate(offsets):
        moment = start + timedelta(seconds=offset)
        stamp = moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d} CST"
        lines.append(
            f"{stamp},liuyang,mes,41230,10.20.3.77:61200,65dd3a10.a10e,{n + 1},SELECT,"
            f'2024-02-27 00:00:00 CST,3/120,0,LOG,00000,"statement: SELECT * FROM {table} '
            f'LIMIT 20 OFFSET {20 * n}",,,,,,,,,psql,client backend,,-4124812912481'
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("offsets", "table", "expected"),
    [
        pytest.param(
            [20.0 * n for n in range(29)] + [600.0], "hr_employee", 1, id="30th-at-ten-minutes"
        ),
        pytest.param([20.0 * n for n in range(29)] + [601.0], "hr_employee", 0, id="30th-too-late"),
        pytest.param([1.0 * n for n in range(30)], "md_site", 0, id="general-table-not-counted"),
    ],
)
def test_graded_read_burst_window_edges(
    tmp_path: Path, all_rules: SigmaEngine, offsets: list[float], table: str, expected: int
) -> None:
    path = tmp_path / "postgresql.csv"
    path.write_text(_pg_reads(offsets, table), encoding="utf-8")
    matches = fired(all_rules.process(events_of("pg_csvlog", path)))
    assert matches == Counter({"graded_read_burst": expected} if expected else {})


# ------------------------------------------------------------------ policy drives the rules


def test_bastion_list_comes_from_the_policy() -> None:
    sample = SAMPLES / "remote_om" / "ssh_login_not_from_bastion" / "negative.log"
    policy = POLICY.model_copy(update={"bastion_hosts": ["10.20.30.99"]})
    engine = engine_for([RULES / "remote_om" / "ssh_login_not_from_bastion.yml"], policy)
    assert fired(engine.process(events_of("syslog", sample, policy))) == Counter(
        {"ssh_login_not_from_bastion": 1}
    )


def test_service_accounts_come_from_the_policy() -> None:
    sample = SAMPLES / "personnel" / "postgresql_core_access_off_hours" / "negative.csv"
    policy = POLICY.model_copy(update={"service_accounts": []})
    engine = engine_for([RULES / "personnel"], policy)
    assert fired(engine.process(events_of("pg_csvlog", sample, policy))) == Counter(
        {"postgresql_core_access_off_hours": 1}
    )


def test_change_windows_come_from_the_policy() -> None:
    sample = SAMPLES / "backdoor" / "local_account_created_outside_change_window" / "positive.log"
    policy = SitePolicy.model_validate(
        {**POLICY.model_dump(), "change_windows": ["Tue 02:00-Tue 03:00"]}
    )
    engine = engine_for([RULES / "backdoor"], policy)
    assert fired(engine.process(events_of("syslog", sample, policy))) == Counter()


def test_policy_flags_missing_means_no_alert() -> None:
    """Without the policy's stamp a time-window rule stays silent rather than guessing."""
    sample = SAMPLES / "remote_om" / "vendor_ssh_login_outside_window" / "positive.log"
    engine = engine_for([RULES / "remote_om" / "vendor_ssh_login_outside_window.yml"])
    report = ScanReport()
    events = LOG_READERS.get("syslog")(clock=PlantClock(POLICY.zone)).read(sample, report)
    assert fired(engine.process(events)) == Counter()
