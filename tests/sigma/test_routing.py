"""Routing: Windows rules by (Channel or Provider, EventID) from the logsource pack, the rest by
logsource equality."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from indsec.model.event import Event, LogSource
from indsec.sigma.engine import SigmaEngine

FILES = Path(__file__).parents[1] / "files" / "sigma"
SYSMON = "Microsoft-Windows-Sysmon/Operational"
WINDOWS = LogSource(product="windows")


def rule_file(
    tmp_path: Path, name: str, logsource: dict[str, str], detection: dict[str, Any]
) -> Path:
    rule = {
        "title": name,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        "logsource": logsource,
        "detection": {**detection, "condition": "selection"},
    }
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(rule), encoding="utf-8")
    return path


def windows_event(channel: str, event_id: int, provider: str = "", **fields: Any) -> Event:
    system = {"Channel": channel, "EventID": event_id, "Provider_Name": provider}
    return Event({**system, **fields}, WINDOWS, origin=f"{channel}#{event_id}")


@pytest.fixture
def whoami() -> SigmaEngine:
    return SigmaEngine.from_paths([FILES / "valid" / "proc_creation_whoami.yml"])


def titles(engine: SigmaEngine, event: Event) -> list[str]:
    return [match.rule.title for match in engine.match(event)]


EVENTS = [
    ("sysmon-1", windows_event(SYSMON, 1, Image="C:\\Windows\\whoami.exe"), True),
    ("sysmon-other-id", windows_event(SYSMON, 3, Image="C:\\Windows\\whoami.exe"), False),
    ("security-1-is-not-sysmon-1", windows_event("Security", 1, Image="C:\\whoami.exe"), False),
    (
        "security-4688-field-mapping",
        windows_event("Security", 4688, NewProcessName="C:\\Windows\\whoami.exe"),
        True,
    ),
    (
        "forwarded-sysmon-by-provider",
        windows_event("ForwardedEvents", 1, "Microsoft-Windows-Sysmon", Image="C:\\whoami.exe"),
        True,
    ),
    (
        "no-channel-generic-route",
        Event({"Image": "C:\\whoami.exe"}, LogSource("windows", "process_creation")),
        True,
    ),
    (
        "linux-event-never-windows-rule",
        Event({"Image": "/whoami.exe", "EventID": 1}, LogSource("linux", "process_creation")),
        False,
    ),
]


@pytest.mark.parametrize(("name", "event", "expected"), EVENTS, ids=[e[0] for e in EVENTS])
def test_windows_routing(whoami: SigmaEngine, name: str, event: Event, expected: bool) -> None:
    assert bool(whoami.match(event)) is expected


def test_service_rule_sees_only_its_channel(tmp_path: Path) -> None:
    path = rule_file(
        tmp_path,
        "log_cleared",
        {"product": "windows", "service": "security"},
        {"selection": {"EventID": 1102}},
    )
    engine = SigmaEngine.from_paths([path])
    assert titles(engine, windows_event("Security", 1102)) == ["log_cleared"]
    assert titles(engine, windows_event("System", 1102)) == []
    assert titles(engine, windows_event(SYSMON, 1102)) == []


def test_antivirus_rules_without_product_reach_defender_events(tmp_path: Path) -> None:
    path = rule_file(
        tmp_path,
        "av_hit",
        {"category": "antivirus"},
        {"selection": {"Signature|contains": "Mimikatz"}},
    )
    engine = SigmaEngine.from_paths([path])
    defender = "Microsoft-Windows-Windows Defender/Operational"
    assert titles(engine, windows_event(defender, 1116, ThreatName="HackTool:Win32/Mimikatz"))
    assert not titles(engine, windows_event(defender, 5007, ThreatName="HackTool:Win32/Mimikatz"))
    generic = Event({"Signature": "Mimikatz.A"}, LogSource(category="antivirus"))
    assert titles(engine, generic) == ["av_hit"]


LINUX = [
    (LogSource("linux", service="sshd"), {"sshd_rule", "linux_rule"}),
    (LogSource("linux", service="auditd"), {"linux_rule"}),
    (LogSource("zeek", service="modbus"), {"modbus_rule"}),
    (LogSource("zeek", service="dns"), set()),
    (LogSource(None, None, None), set()),
]


@pytest.mark.parametrize(("source", "expected"), LINUX)
def test_other_sources_route_by_logsource(
    tmp_path: Path, source: LogSource, expected: set[str]
) -> None:
    everything = {"selection": {"msg|contains": "x"}}
    paths = [
        rule_file(tmp_path, "sshd_rule", {"product": "linux", "service": "sshd"}, everything),
        rule_file(tmp_path, "linux_rule", {"product": "linux"}, everything),
        rule_file(tmp_path, "modbus_rule", {"product": "zeek", "service": "modbus"}, everything),
    ]
    engine = SigmaEngine.from_paths(paths)
    assert set(titles(engine, Event({"msg": "x"}, source))) == expected


def test_unmapped_windows_logsource_is_unsupported(tmp_path: Path) -> None:
    path = rule_file(
        tmp_path,
        "etw_file",
        {"product": "windows", "category": "etw_kernel_network"},
        {"selection": {"A": 1}},
    )
    engine = SigmaEngine.from_paths([path])
    assert engine.rules == []
    (unsupported,) = engine.unsupported
    assert unsupported.reason.startswith("logsource: windows category 'etw_kernel_network'")
    assert unsupported.title == "etw_file"


def test_site_logsource_pack_replaces_the_builtin(tmp_path: Path) -> None:
    pack = {
        "pack": {"id": "site.logsources", "kind": "sigma_logsources", "version": "1"},
        "product": "windows",
        "categories": {"process_creation": [{"channels": ["Custom/EDR"], "event_ids": [7]}]},
    }
    pack_path = tmp_path / "pack.yaml"
    pack_path.write_text(yaml.safe_dump(pack), encoding="utf-8")
    engine = SigmaEngine.from_paths(
        [FILES / "valid" / "proc_creation_whoami.yml"], logsources=pack_path
    )
    assert engine.match(windows_event("Custom/EDR", 7, Image="C:\\whoami.exe"))
    assert not engine.match(windows_event(SYSMON, 1, Image="C:\\whoami.exe"))
