"""JSON-lines logs (Zeek, Sysmon for Linux, ECS) become Sigma events with the right logsource."""

from __future__ import annotations

from pathlib import Path

import pytest
from logsamples import LOGS, SHANGHAI, ReadEvents

from indsec.detect.sources.jsonl import JsonLinesReader
from indsec.model.event import LogSource
from indsec.model.source import ScanReport

ZEEK_CONN = LogSource(product="zeek", service="conn")
ZEEK_MODBUS = LogSource(product="zeek", service="modbus")


def test_zeek_conn_keeps_zeek_names_and_adds_sigma_names(read_events: ReadEvents) -> None:
    events, report = read_events(JsonLinesReader, LOGS / "zeek" / "conn.log")
    assert report.failures == [] and report.warnings == []
    assert [e.logsource for e in events] == [ZEEK_CONN] * 3
    first = events[0]
    assert first.fields["id.orig_h"] == first.fields["SourceIp"] == "10.20.1.15"
    assert first.fields["src_ip"] == "10.20.1.15"
    assert first.fields["id.resp_p"] == first.fields["DestinationPort"] == 22
    assert first.fields["conn_state"] == "SF"
    assert first.origin == f"{LOGS / 'zeek' / 'conn.log'}:1"
    assert first.timestamp is not None and first.timestamp.tzinfo is SHANGHAI
    assert first.timestamp.isoformat() == "2025-05-06T08:20:00.104532+08:00"


def test_zeek_modbus_records_name_the_function(read_events: ReadEvents) -> None:
    events, _ = read_events(JsonLinesReader, LOGS / "zeek" / "modbus.log")
    assert {e.logsource for e in events} == {ZEEK_MODBUS}
    assert [e.fields["func"] for e in events] == [
        "READ_HOLDING_REGISTERS",
        "WRITE_MULTIPLE_REGISTERS",
        "WRITE_SINGLE_COIL",
    ]
    assert events[1].fields["DestinationIp"] == "10.30.1.5"


def test_icsnpp_s7comm(read_events: ReadEvents) -> None:
    events, _ = read_events(JsonLinesReader, LOGS / "zeek" / "s7comm.log")
    assert {e.logsource for e in events} == {LogSource(product="zeek", service="s7comm")}
    assert events[1].fields["function_name"] == "PLC_STOP"


def test_zeek_json_streaming_logs_are_told_apart_by_path(read_events: ReadEvents) -> None:
    events, _ = read_events(JsonLinesReader, LOGS / "zeek" / "json_streaming.log")
    assert [e.logsource for e in events] == [ZEEK_CONN, ZEEK_MODBUS]
    assert events[0].timestamp is not None
    assert events[0].timestamp.isoformat() == "2025-05-06T10:00:00.250000+08:00"


SYSMON = [
    (0, "process_creation", {"Image": "/usr/bin/curl", "User": "opsadmin", "EventID": 1}),
    (1, "network_connection", {"DestinationIp": "144.76.136.153", "DestinationPort": 443}),
    (2, "file_event", {"TargetFilename": "/var/www/html/uploads/cmd.php"}),
    (3, "file_delete", {"TargetFilename": "/var/log/auth.log.1"}),
    (4, "process_termination", {"ProcessId": "4410"}),
    (5, None, {"EventID": 16}),
]


@pytest.mark.parametrize(("index", "category", "expected"), SYSMON)
def test_sysmon_for_linux_flat_and_nested(
    read_events: ReadEvents, index: int, category: str | None, expected: dict[str, object]
) -> None:
    events, report = read_events(JsonLinesReader, LOGS / "sysmon_linux.jsonl")
    assert len(events) == 6 and report.failures == []
    event = events[index]
    assert event.logsource == LogSource(product="linux", category=category)
    assert expected.items() <= event.fields.items()
    assert event.timestamp is not None and event.timestamp.utcoffset() is not None


def test_nested_sysmon_time_comes_from_its_event_data(read_events: ReadEvents) -> None:
    events, _ = read_events(JsonLinesReader, LOGS / "sysmon_linux.jsonl")
    assert events[1].fields["Computer"] == "hist01"
    assert events[1].timestamp is not None
    assert events[1].timestamp.isoformat() == "2025-05-06T08:31:08.118000+08:00"


ECS = [
    (0, LogSource("linux", "process_creation"), {"Image": "/usr/bin/rclone", "User": "svc_mes"}),
    (1, LogSource("windows", "network_connection"), {"DestinationPort": 443}),
    (2, LogSource("windows", "dns_query"), {"QueryName": "client.oray.com"}),
    (3, LogSource("linux", "file_event"), {"TargetFilename": "/srv/mes/exports/batch_0506.csv"}),
    (
        4,
        LogSource("windows", "file_rename"),
        {"SourceFilename": "D:\\share\\recipes\\line3.xlsx"},
    ),
    (5, LogSource("linux"), {"event.category": ["authentication"], "SourceIp": "10.20.1.15"}),
]


@pytest.mark.parametrize(("index", "logsource", "expected"), ECS)
def test_ecs_events(
    read_events: ReadEvents, index: int, logsource: LogSource, expected: dict[str, object]
) -> None:
    events, _ = read_events(JsonLinesReader, LOGS / "ecs.ndjson")
    assert events[index].logsource == logsource
    assert expected.items() <= events[index].fields.items()


def test_ecs_command_line_and_parent(read_events: ReadEvents) -> None:
    events, _ = read_events(JsonLinesReader, LOGS / "ecs.ndjson")
    fields = events[0].fields
    assert fields["CommandLine"] == "rclone copy /srv/mes/exports remote:plant-backup"
    assert fields["ParentImage"] == "/usr/bin/bash"
    assert "process.command_line" not in fields


def test_unknown_json_shape_is_counted_not_guessed(read_events: ReadEvents) -> None:
    events, report = read_events(JsonLinesReader, LOGS / "ecs.ndjson")
    assert len(events) == 6
    assert report.warnings[0].where.endswith("ecs.ndjson:7")
    assert "matched no source" in report.warnings[0].message


def test_broken_lines_are_reported_and_the_rest_is_read(read_events: ReadEvents) -> None:
    path = LOGS / "broken.jsonl"
    events, report = read_events(JsonLinesReader, path)
    assert [e.fields["SourceIp"] for e in events] == ["10.0.0.1", "10.0.0.2", "10.0.0.4"]
    assert [(f.where, f.message.split(":")[0]) for f in report.failures] == [
        (f"{path}:2", "malformed JSON"),
        (f"{path}:3", "a JSON list, not an object; skipped"),
        (f"{path}:7", "not UTF-8 at byte 43; skipped"),
    ]


def test_reading_is_lazy(tmp_path: Path, read_events: ReadEvents) -> None:
    """Events stream: the first arrives before later lines are even parsed."""
    path = tmp_path / "conn.log"
    path.write_text('{"ts": 1, "id.orig_h": "10.0.0.1", "conn_state": "S0"}\n{broken\n')
    report = ScanReport()
    stream = JsonLinesReader().read(path, report)
    first = next(stream)
    assert first.fields["SourceIp"] == "10.0.0.1" and report.failures == []
    assert list(stream) == [] and len(report.failures) == 1


def test_byte_order_mark_blank_lines_and_crlf_are_read_as_text_would_be(
    tmp_path: Path, read_events: ReadEvents
) -> None:
    path = tmp_path / "conn.log"
    lines = [
        '\ufeff{"ts": 1, "id.orig_h": "10.0.0.1", "conn_state": "S0"}',
        "   ",
        "",
        '{"ts": 2, "id.orig_h": "10.0.0.2", "conn_state": "S0"}',
        '{"ts": 3, "id.orig_h": "10.0.0.3", "conn_state": "S0", "note": "\ufeff"}',
    ]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    events, report = read_events(JsonLinesReader, path)
    assert [e.fields["SourceIp"] for e in events] == ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
    assert [e.origin.rsplit(":", 1)[1] for e in events] == ["1", "4", "5"]
    assert report.failures == [] and events[2].fields["note"] == "\ufeff"


def test_a_byte_order_mark_after_the_first_line_is_malformed(
    tmp_path: Path, read_events: ReadEvents
) -> None:
    path = tmp_path / "conn.log"
    path.write_bytes(b'{"ts": 1, "id.orig_h": "10.0.0.1"}\n\xef\xbb\xbf{"ts": 2}\n')
    _, report = read_events(JsonLinesReader, path)
    assert [(f.where, f.message.split(":")[0]) for f in report.failures] == [
        (f"{path}:2", "malformed JSON")
    ]


def _nested(depth: int, inner: str) -> str:
    return '{"a": ' * depth + inner + "}" * depth


def test_objects_nested_as_deep_as_the_parser_reads_are_flattened(
    tmp_path: Path, read_events: ReadEvents
) -> None:
    """orjson reads ~1,000 levels; flattening used to recurse and stop at Python's limit."""
    path = tmp_path / "deep.jsonl"
    lines = [
        '{"ts": 1, "id.orig_h": "10.0.0.1", "conn_state": "S0", "deep": '
        + _nested(1000, '"x"')
        + "}",
        '{"ts": 2, "id.orig_h": "10.0.0.2", "conn_state": "S0", "deep": '
        + _nested(100_000, "1")
        + "}",
        '{"ts": 3, "id.orig_h": "10.0.0.3", "conn_state": "S0"}',
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    events, report = read_events(JsonLinesReader, path)
    assert [e.fields["SourceIp"] for e in events] == ["10.0.0.1", "10.0.0.3"]
    assert events[0].fields["deep" + ".a" * 1000] == "x"
    assert [(f.where, f.message.split(":")[0]) for f in report.failures] == [
        (f"{path}:2", "malformed JSON")
    ]


def test_a_list_too_deep_to_keep_as_text_costs_only_its_record(
    tmp_path: Path, read_events: ReadEvents
) -> None:
    path = tmp_path / "deep.jsonl"
    deep_list = "[" * 300 + "1" + "]" * 300
    lines = [
        '{"ts": 1, "id.orig_h": "10.0.0.1", "conn_state": "S0", "answers": ' + deep_list + "}",
        '{"ts": 2, "id.orig_h": "10.0.0.2", "conn_state": "S0", "answers": [[1]]}',
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    events, report = read_events(JsonLinesReader, path)
    assert [e.fields["SourceIp"] for e in events] == ["10.0.0.2"]
    ((where, message),) = [(f.where, f.message) for f in report.failures]
    assert where == f"{path}:1"
    assert message.startswith("a JSON list nested too deep to keep as text")
    assert message.endswith("; skipped")
