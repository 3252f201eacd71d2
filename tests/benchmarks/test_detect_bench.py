"""The detection benchmark: both methods agree on a small corpus, and its parts behave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sigma.backends.sqlite", reason="the benchmark extra is not installed")

from benchmarks.detect_bench import (
    SIGMAHQ,
    Difference,
    Outcome,
    ZircoliteTable,
    compare,
    parse_args,
    run_benchmark,
    zircolite_queries,
)
from benchmarks.detect_corpus import CorpusPlan, build_corpus
from sigma.collection import SigmaCollection
from sigma.rule import SigmaRule

from indsec.model.event import Event, LogSource
from indsec.sigma import SigmaEngine
from indsec.sigma.logsource_pack import builtin_windows_pack
from indsec.sigma.router import LogsourceRouter

needs_sigmahq = pytest.mark.skipif(not SIGMAHQ.is_dir(), reason="SigmaHQ data not present")

SYSMON = "Microsoft-Windows-Sysmon/Operational"


@pytest.fixture(scope="module")
def quick() -> Outcome:
    return run_benchmark(parse_args(["--quick"]))


@needs_sigmahq
def test_quick_run_gives_identical_alert_sets(quick: Outcome) -> None:
    assert quick.differences == []
    assert quick.compared_alerts == len(quick.zircolite.alerts)
    assert quick.compared_alerts > 500  # replays keep their true positives
    assert len(quick.rules.compared) > 2000


@needs_sigmahq
def test_quick_run_parallel_pass_agrees_with_the_serial_one(quick: Outcome) -> None:
    assert quick.parallel_agrees
    assert quick.stream.lines == 4_000
    assert quick.stream.max_rss_bytes > 0


@needs_sigmahq
def test_json_lines_pass_finds_what_the_in_memory_pass_finds(quick: Outcome) -> None:
    assert quick.stream.windows == quick.stream.lines
    assert quick.stream.alerts == quick.stream_expected
    assert quick.stream.cold_alerts == [quick.stream_expected] * 2, "each cold run finds them"
    assert len(quick.stream.cold_seconds) == 2 and min(quick.stream.cold_seconds) > 0


@pytest.mark.parametrize(
    ("indsec", "zircolite", "expected"),
    [
        ({("r1", "a")}, {("r1", "a")}, []),
        (set(), set(), []),
        ({("r1", "a"), ("r1", "b")}, {("r1", "a")}, [Difference("r1", ["b"], [])]),
        ({("r1", "a")}, {("r2", "a")}, [Difference("r1", ["a"], []), Difference("r2", [], ["a"])]),
        ({("r1", "a")}, {("r1", "b")}, [Difference("r1", ["a"], ["b"])]),
    ],
)
def test_compare_lists_each_side_per_rule(
    indsec: set[tuple[str, str]], zircolite: set[tuple[str, str]], expected: list[Difference]
) -> None:
    assert compare(indsec, zircolite) == expected


RULE_HEAD = "title: t\nid: 6f2c3a54-52a5-4c55-9ad2-4a0a8a7bd2b1\nlogsource: {logsource}\n"
PROCESS_CREATION = "{product: windows, category: process_creation}"


def _rule(detection: str, logsource: str = PROCESS_CREATION) -> SigmaRule:
    text = RULE_HEAD.format(logsource=logsource) + f"detection:\n{detection}"
    rule = SigmaCollection.from_yaml(text).rules[0]
    assert isinstance(rule, SigmaRule)
    return rule


def _sysmon(**fields: Any) -> Event:
    base = {"Channel": SYSMON, "Provider_Name": "Microsoft-Windows-Sysmon", "EventID": 1}
    origin = f"e#{fields.get('Image', '')}"
    return Event({**base, **fields}, LogSource(product="windows"), origin=origin)


ROUTER = LogsourceRouter(builtin_windows_pack())


def _rows(detection: str, events: list[Event]) -> set[int]:
    table = ZircoliteTable()
    table.load(events)
    return {
        row for query in zircolite_queries(_rule(detection), ROUTER) for row in table.rows(query)
    }


def _engine_rows(detection: str, events: list[Event], tmp_path: Path) -> set[int]:
    path = tmp_path / "rule.yml"
    path.write_text(RULE_HEAD.format(logsource=PROCESS_CREATION) + f"detection:\n{detection}")
    engine = SigmaEngine.from_paths([path])
    rows = {event.origin: row for row, event in enumerate(events)}
    return {rows[match.origin] for match in engine.process(events)}


def _security_4688() -> Event:
    fields = {"Channel": "Security", "EventID": 4688, "NewProcessName": r"C:\Windows\cmd.exe"}
    return Event(fields, LogSource(product="windows"), origin="sec#1")


@pytest.mark.parametrize(
    ("detection", "expected"),
    [
        ("  s: {Image|endswith: '\\\\CMD.exe'}\n  condition: s", {0, 2}),
        ("  s: {CommandLine|contains: 'whoami'}\n  condition: s", {0}),
        ("  s: {CommandLine|re: 'WHO.MI'}\n  condition: s", {0}),
        ("  s: {CommandLine|re: 'who.mi'}\n  condition: s", set()),
        ("  s: {CommandLine|contains: 'netstat'}\n  condition: s", set()),
        ("  s: {Absent: null}\n  condition: s", {0, 1, 2}),
        ("  s: {Absent|re: 'x'}\n  condition: s", set()),
        ("  s: {Image|endswith: '\\\\cmd.exe'}\n  condition: not s", {1}),
    ],
)
def test_both_methods_match_like_sigma(detection: str, expected: set[int], tmp_path: Path) -> None:
    events = [
        _sysmon(Image=r"C:\Windows\System32\cmd.exe", CommandLine="cmd /c WHOAMI /all"),
        _sysmon(Image=r"C:\Windows\explorer.exe", CommandLine="explorer.exe"),
        _security_4688(),
    ]
    assert _rows(detection, events) == expected
    assert _engine_rows(detection, events, tmp_path) == expected


def test_zircolite_scope_maps_fields_for_security_4688() -> None:
    events = [_security_4688(), _sysmon(Image=r"C:\Windows\cmd.exe", EventID=3)]
    assert _rows("  s: {Image|endswith: '\\\\cmd.exe'}\n  condition: s", events) == {0}


def test_rule_outside_windows_logs_gives_no_query() -> None:
    assert zircolite_queries(_rule("  s: {a: b}\n  condition: s", "{product: zeek}"), ROUTER) == []


def _corpus(seed: int, base: list[Event]) -> list[dict[str, Any]]:
    plan = CorpusPlan(200, replay_share=0.5, seed=seed)
    corpus = build_corpus(base, plan, read_by_rules=frozenset({"CommandLine", "Computer"}))
    return [event.fields for event in corpus.events]


def test_corpus_is_reproducible_and_replays_keep_what_rules_read() -> None:
    base = [_sysmon(CommandLine="vssadmin delete shadows", Computer="WS1", ProcessGuid="{A-B}")]
    first, again, other = _corpus(1, base), _corpus(1, base), _corpus(2, base)
    assert first == again
    assert first != other
    replays = [fields for fields in first if fields.get("CommandLine") == "vssadmin delete shadows"]
    assert len(replays) > 50
    assert {fields["Computer"] for fields in replays} == {"WS1"}
    assert len({fields["ProcessGuid"] for fields in replays}) == len(replays)
    assert all(fields["ProcessGuid"].startswith("{") for fields in replays)


def test_corpus_origins_are_unique() -> None:
    plan = CorpusPlan(500, replay_share=0.3)
    corpus = build_corpus([_sysmon(Image="x")], plan, read_by_rules=frozenset())
    assert len({event.origin for event in corpus.events}) == 500
    assert corpus.replayed + corpus.generated == 500
