"""Remote-access logs: bastion sessions (CSV in English or Chinese, JSON array or lines) and
OpenVPN servers (2.4, 2.6 and syslog stamps)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from logsamples import LOGS, SHANGHAI, ReadEvents

from indsec.detect.sources.bastion import BastionSessionReader
from indsec.detect.sources.openvpn import OpenVpnLogReader
from indsec.model.event import LogSource

SESSION = LogSource(product="bastion", service="session")
OPENVPN = LogSource(product="openvpn")

FINISHED_SSH = {
    "User": "zhangwei",
    "Asset": "scada-hmi02",
    "DestinationIp": "10.20.3.44",
    "SourceIp": "10.20.1.15",
    "Protocol": "ssh",
    "LoginFrom": "WT",
    "Recorded": True,
    "Finished": True,
    "SessionStart": "2025-05-06T08:10:00+08:00",
    "SessionEnd": "2025-05-06T08:42:13+08:00",
}
OPEN_RDP = {
    "User": "vendor_siemens",
    "Asset": "plc-eng01",
    "DestinationIp": "10.30.2.20",
    "SourceIp": "198.51.100.23",
    "Protocol": "rdp",
    "Recorded": False,
    "Finished": False,
    "SessionStart": "2025-05-06T23:05:31+08:00",
}


@pytest.mark.parametrize(
    "name", ["jumpserver_sessions.csv", "jumpserver_sessions.json", "jumpserver_sessions.jsonl"]
)
def test_bastion_exports_agree(read_events: ReadEvents, name: str) -> None:
    events, _ = read_events(BastionSessionReader, LOGS / name)
    assert {e.logsource for e in events} == {SESSION}
    assert FINISHED_SSH.items() <= events[0].fields.items()
    assert OPEN_RDP.items() <= events[1].fields.items()
    assert "SessionEnd" not in events[1].fields
    assert events[0].timestamp == datetime(2025, 5, 6, 8, 10, tzinfo=SHANGHAI)


def test_bastion_csv_quoted_asset_and_bad_row(read_events: ReadEvents) -> None:
    path = LOGS / "jumpserver_sessions.csv"
    events, report = read_events(BastionSessionReader, path)
    assert events[2].fields["Asset"] == "historian, line 3"
    assert events[2].fields["Protocol"] == "postgresql"
    assert [(f.where, f.message) for f in report.failures] == [
        (f"{path}:5", "2 columns, the header has 14; skipped")
    ]


def test_bastion_json_array_bad_element(read_events: ReadEvents) -> None:
    path = LOGS / "jumpserver_sessions.json"
    events, report = read_events(BastionSessionReader, path)
    assert len(events) == 2 and events[1].origin == f"{path}:35"
    assert events[0].fields["LoginFromLabel"] == "Web Terminal"
    assert report.failures[0].where == f"{path}:68"
    assert report.failures[0].message.startswith("malformed JSON")


def test_bastion_chinese_export(read_events: ReadEvents) -> None:
    events, report = read_events(BastionSessionReader, LOGS / "jumpserver_sessions_zh.csv")
    assert report.failures == [] and report.warnings == []
    first, second = (e.fields for e in events)
    assert first["User"] == "liqiang" and first["UserLabel"] == "李强(liqiang)"
    assert first["Recorded"] is True and first["Organization"] == "苏州工厂"
    assert second["Recorded"] is False and second["Protocol"] == "vnc"
    assert second["SourceIp"] == "198.51.100.77"


OPENVPN_EVENTS = [
    ("openvpn.log", 4, {"Action": "auth_success", "User": "vendor_siemens"}),
    ("openvpn.log", 5, {"Action": "connect", "User": "vendor-siemens", "SourcePort": 51234}),
    ("openvpn.log", 6, {"Action": "address_assigned", "TunnelIp": "10.8.0.6"}),
    ("openvpn.log", 7, {"Action": "auth_failure", "SourceIp": "203.0.113.45"}),
    ("openvpn.log", 9, {"Action": "disconnect", "User": "vendor-siemens"}),
    ("openvpn24.log", 1, {"Action": "connect", "User": "ops-li", "SourceIp": "203.0.113.99"}),
    ("openvpn24.log", 2, {"Action": "disconnect", "User": "ops-li"}),
]


@pytest.mark.parametrize(("name", "index", "expected"), OPENVPN_EVENTS)
def test_openvpn_events(
    read_events: ReadEvents, name: str, index: int, expected: dict[str, object]
) -> None:
    events, _ = read_events(OpenVpnLogReader, LOGS / name)
    assert events[index].logsource == OPENVPN
    assert expected.items() <= events[index].fields.items()


def test_openvpn_times_and_unstamped_line(read_events: ReadEvents) -> None:
    path = LOGS / "openvpn.log"
    events, report = read_events(OpenVpnLogReader, path)
    assert len(events) == 10
    assert events[5].timestamp == datetime(2025, 5, 6, 23, 1, 13, tzinfo=SHANGHAI)
    assert report.failures[0].where == f"{path}:10"
    assert "Action" not in events[0].fields  # the version banner is kept, without an action
    old, _ = read_events(OpenVpnLogReader, LOGS / "openvpn24.log")
    assert old[1].timestamp == datetime(2025, 5, 6, 23, 31, 5, tzinfo=SHANGHAI)


def test_openvpn_through_syslog(
    read_events: ReadEvents, dated_copy: Callable[[str, datetime], Path]
) -> None:
    events, _ = read_events(
        OpenVpnLogReader, dated_copy("openvpn_syslog.log", datetime(2025, 5, 7))
    )
    connect, address = (e.fields for e in events)
    assert connect["User"] == "vendor-abb" and connect["Action"] == "connect"
    assert address["TunnelIp"] == "10.8.0.10" and address["program"] == "openvpn"
    assert events[0].timestamp == datetime(2025, 5, 6, 23, 40, tzinfo=SHANGHAI)
