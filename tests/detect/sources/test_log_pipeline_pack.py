"""The log_pipeline pack kind: builtin packs are valid, bad packs fail with located problems,
and the one generic mapping function behaves as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.detect.sources import record_rules
from indsec.detect.sources.pipeline import PIPELINES_DIR, LogPipeline, load_pipeline_pack
from indsec.detect.sources.pipeline_pack import LogPipelinePack
from indsec.detect.sources.timezone import PlantClock
from indsec.errors import RulePackError
from indsec.model.event import LogSource
from indsec.model.source import ScanReport
from indsec.rules.pack import PACK_KINDS, load_pack_file, load_packs

READERS = [
    "bastion",
    "file_activity",
    "jsonl",
    "mariadb_audit",
    "mysql_general",
    "openvpn",
    "pg_csvlog",
    "syslog",
]

HEADER = """\
pack:
  id: test.pipeline
  kind: log_pipeline
  version: "1"
reader: custom
"""


def _write_pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _pipeline(tmp_path: Path, body: str) -> LogPipeline:
    pack, problems = load_pack_file(_write_pack(tmp_path, body))
    assert problems == []
    assert isinstance(pack, LogPipelinePack)
    return LogPipeline(pack, PlantClock())


def test_kind_is_registered() -> None:
    assert PACK_KINDS.get("log_pipeline") is LogPipelinePack


def test_every_builtin_pipeline_is_valid() -> None:
    loaded = load_packs([PIPELINES_DIR], builtin=False)
    assert loaded.problems == []
    assert sorted(p.reader for p in loaded.all(LogPipelinePack)) == READERS


@pytest.mark.parametrize("reader", READERS)
def test_builtin_pipeline_serves_reader(reader: str) -> None:
    assert load_pipeline_pack(reader).reader == reader


def test_unknown_reader_has_no_pipeline() -> None:
    with pytest.raises(RulePackError, match="no log_pipeline for reader 'nope'"):
        load_pipeline_pack("nope")


def test_site_pack_overrides_builtin(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    text = (PIPELINES_DIR / "openvpn.yaml").read_text(encoding="utf-8")
    (site / "openvpn.yaml").write_text(text.replace("TunnelIp", "VpnAddress"), encoding="utf-8")
    assert "VpnAddress" not in str(load_pipeline_pack("openvpn").fields)
    assert load_pipeline_pack("openvpn", [site]).fields["tunnel_ip"] == "VpnAddress"


BAD_PACKS = [
    ("sources: []\n", "sources: List should have at least 1 item"),
    ("sources:\n  - id: a\n    logsource: {}\n    colour: red\n", "Extra inputs are not permitted"),
    (
        "sources:\n  - id: a\n    logsource: {}\n    match:\n"
        "      - regex: {message: '(unclosed'}\n",
        "invalid regex",
    ),
    ("types: {Port: integer}\nsources:\n  - id: a\n    logsource: {}\n", "unknown type 'integer'"),
    (
        "timestamp: {fields: [t], formats: [julian]}\nsources:\n  - id: a\n    logsource: {}\n",
        "unknown format 'julian'",
    ),
    (
        "sources:\n  - id: a\n    logsource: {}\n  - id: a\n    logsource: {}\n",
        "duplicate source id",
    ),
    ("sources:\n  - id: Bad Id\n    logsource: {}\n", "String should match pattern"),
]


@pytest.mark.parametrize(("body", "message"), BAD_PACKS)
def test_bad_pack_is_rejected_with_location(tmp_path: Path, body: str, message: str) -> None:
    path = _write_pack(tmp_path, body)
    pack, problems = load_pack_file(path)
    assert pack is None
    assert any(message in p.message for p in problems), problems
    assert all(p.where.startswith(str(path)) for p in problems)


MAPPING = """\
raw: unmapped
fields:
  user_name: user
  login_user: user
  when: []
  host: [host, SourceIp]
sources:
  - id: all_raw
    logsource: {product: demo}
    match:
      - equals: {kind: all}
    raw: all
  - id: dropped
    logsource: {product: demo}
    match:
      - equals: {kind: drop}
    raw: drop
  - id: regex
    logsource: {product: demo, service: re}
    match:
      - regex: {message: '^user (?P<login_user>\\w+) from'}
    constants: {event_type: login, kind: overridden}
  - id: fallback
    logsource: {product: demo}
"""


def _normalise(tmp_path: Path, raw: dict[str, object]) -> tuple[dict[str, object], LogSource]:
    normaliser = _pipeline(tmp_path, MAPPING).for_file("demo.log")
    event = normaliser.normalise(raw, "demo.log:1", ScanReport())
    assert event is not None
    return event.fields, event.logsource


MAPPING_CASES = [
    (
        {"user_name": "a", "when": "x", "other": 1},
        {"user": "a", "other": 1},
    ),
    (
        {"kind": "all", "user_name": "a", "host": "h"},
        {"kind": "all", "user": "a", "user_name": "a", "host": "h", "SourceIp": "h"},
    ),
    ({"kind": "drop", "user_name": "a", "other": 1}, {"user": "a"}),
    (
        {"user_name": "a", "message": "user b from x", "kind": "k"},
        {"user": "b", "message": "user b from x", "kind": "overridden", "event_type": "login"},
    ),
]


@pytest.mark.parametrize(("raw", "expected"), MAPPING_CASES)
def test_mapping_rules(tmp_path: Path, raw: dict[str, object], expected: dict[str, object]) -> None:
    """Raw policies, an empty mapping drops, the later-declared mapping wins, constants last."""
    fields, _ = _normalise(tmp_path, raw)
    assert fields == expected


def test_sources_are_tried_in_order(tmp_path: Path) -> None:
    _, logsource = _normalise(tmp_path, {"message": "user b from x"})
    assert logsource == LogSource(product="demo", service="re")
    _, logsource = _normalise(tmp_path, {"message": "nothing to see"})
    assert logsource == LogSource(product="demo")


def test_regex_verdicts_repeat_whatever_the_texts_seen_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A matching regex remembers its verdicts per text: repeated, forgotten when full, or
    too long to keep, a text is recognised (and its groups captured) as the first time."""
    monkeypatch.setattr(record_rules, "MEMO_ENTRIES", 3)
    normaliser = _pipeline(tmp_path, MAPPING).for_file("demo.log")
    long_tail = " " + "x" * record_rules.MEMO_TEXT_CHARS
    texts = ["user b from x", "nothing", "user c from y", "user d from z" + long_tail]
    for text in texts * 3 + texts[::-1]:
        event = normaliser.normalise({"message": text}, "demo.log:1", ScanReport())
        assert event is not None
        if text.startswith("user"):
            assert event.logsource == LogSource(product="demo", service="re")
            assert event.fields["user"] == text.split()[1]
        else:
            assert event.logsource == LogSource(product="demo")
            assert "user" not in event.fields


def test_unmatched_records_are_counted_once(tmp_path: Path) -> None:
    body = "sources:\n  - id: only\n    logsource: {}\n    match:\n      - present: [x]\n"
    normaliser = _pipeline(tmp_path, body).for_file("f.log")
    report = ScanReport()
    assert normaliser.normalise({"y": 1}, "f.log:1", report) is None
    assert normaliser.normalise({"y": 2}, "f.log:2", report) is None
    assert normaliser.normalise({"x": 3}, "f.log:3", report) is not None
    normaliser.report_unmatched(report)
    assert [(w.where, w.message[:9]) for w in report.warnings] == [("f.log:1", "2 record(")]


def test_file_glob_limits_a_rule_to_matching_file_names(tmp_path: Path) -> None:
    body = (
        "sources:\n  - id: conn\n    logsource: {service: conn}\n    match:\n"
        "      - file: 'conn*'\n"
    )
    pipeline = _pipeline(tmp_path, body)
    assert pipeline.for_file("conn.log").normalise({"a": 1}, "", ScanReport()) is not None
    assert pipeline.for_file("dns.log").normalise({"a": 1}, "", ScanReport()) is None


def test_product_field_overrides_product(tmp_path: Path) -> None:
    body = "sources:\n  - id: any\n    logsource: {category: c}\n    product_field: os\n"
    normaliser = _pipeline(tmp_path, body).for_file("f")
    windows = normaliser.normalise({"os": "Windows"}, "", ScanReport())
    unknown = normaliser.normalise({}, "", ScanReport())
    assert windows is not None and windows.logsource == LogSource("windows", "c")
    assert unknown is not None and unknown.logsource == LogSource(None, "c")


def test_bad_typed_value_is_kept_and_reported(tmp_path: Path) -> None:
    body = "types: {port: int}\nsources:\n  - id: any\n    logsource: {}\n"
    report = ScanReport()
    event = _pipeline(tmp_path, body).for_file("f").normalise({"port": "x1"}, "f:7", report)
    assert event is not None and event.fields["port"] == "x1"
    assert report.warnings[0].where == "f:7" and "port" in report.warnings[0].message
