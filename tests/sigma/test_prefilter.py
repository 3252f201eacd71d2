"""The literal prefilter never changes results, only how many rules are evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indsec.detect.sources.evtx import EvtxReader
from indsec.model.event import Event, LogSource
from indsec.model.source import ScanReport
from indsec.sigma import prefilter
from indsec.sigma.engine import SigmaEngine
from indsec.sigma.literals import regex_literals
from indsec.sigma.prefilter import RuleGroup
from indsec.sigma.view import EventView
from tests.conftest import THIRD_PARTY, needs_third_party

SIGMAHQ = THIRD_PARTY / "sigmahq"

REGEXES = [
    ("cmd.{0,5}/c.+powershell", frozenset({"powershell"})),
    ("a|bc", frozenset({"a", "bc"})),
    ("(foo|bar)bazz", frozenset({"bazz"})),
    ("(?i)MimiKatz", frozenset({"mimikatz"})),
    ("(evil)+x", frozenset({"evil"})),
    ("x?", None),
    ("[a-z]+", None),
    ("abc|[0-9]", None),
    ("(?:ab)?cd", frozenset({"cd"})),
    ("(", None),
]


@pytest.mark.parametrize(("pattern", "expected"), REGEXES)
def test_regex_literals(pattern: str, expected: frozenset[str] | None) -> None:
    assert regex_literals(pattern) == expected


@pytest.fixture(scope="module")
def regression_events() -> list[Event]:
    report = ScanReport()
    paths = sorted((SIGMAHQ / "regression_data").rglob("*.evtx"))
    events = [event for path in paths for event in EvtxReader().read(path, report)]
    assert not report.failures
    return events


@pytest.fixture(scope="module")
def windows_engine() -> SigmaEngine:
    return SigmaEngine.from_paths([SIGMAHQ / "rules" / "windows"])


def _evaluating_every_rule(group: RuleGroup, view: EventView) -> list[int]:
    """The slots a group matches without its prefilter: every routed rule evaluated."""
    return [slot for slot, test in zip(group.slots, group.tests, strict=True) if test(view)]


@needs_third_party
def test_prefilter_agrees_with_evaluating_every_routed_rule(
    windows_engine: SigmaEngine, regression_events: list[Event]
) -> None:
    evaluated = routed = found = 0
    for event in regression_events:
        group = windows_engine.routed(event)
        view = EventView(event)
        every = _evaluating_every_rule(group, view)
        assert group.matching(view) == every, event.origin
        evaluated += len(group.candidates(view))
        routed += len(group)
        found += len(every)
    assert found >= len(regression_events)
    assert evaluated * 20 < routed, "the prefilter should skip nearly all routed rules"


@needs_third_party
def test_regression_events_reach_many_windows_rules(
    windows_engine: SigmaEngine, regression_events: list[Event]
) -> None:
    assert len(windows_engine.rules) > 2000
    assert {u.reason.split(":")[0] for u in windows_engine.unsupported} <= {
        "logsource",
        "placeholder",
    }
    matched = {m.rule.id for m in windows_engine.process(regression_events)}
    assert len(matched) > 150


@needs_third_party
def test_needs_learnt_from_the_data_keep_results_and_evaluate_fewer_rules(
    monkeypatch: pytest.MonkeyPatch, regression_events: list[Event]
) -> None:
    monkeypatch.setattr(prefilter, "LEARNING_EVENTS", 50)
    engine = SigmaEngine.from_paths([SIGMAHQ / "rules" / "windows"])
    for event in regression_events:  # every group sees its events once and learns from them
        engine.routed(event).candidates(EventView(event))
    learnt = static = adapted = 0
    for event in regression_events:
        group, view = engine.routed(event), EventView(event)
        every = _evaluating_every_rule(group, view)
        assert group.matching(view) == every, event.origin
        learnt += len(group.candidates(view))
        members = list(zip(group.slots, group.nodes, strict=True))
        static += len(RuleGroup(members, learning_events=0).candidates(view))
    groups = {id(engine.routed(event)): engine.routed(event) for event in regression_events}
    for group in groups.values():
        adapted += sum(
            chosen != node.need
            for chosen, node in zip(group.chosen_needs, group.nodes, strict=True)
        )
    assert adapted > 0, "no group chose a need other than the static one"
    assert learnt < static


PRESENCE_RULES = {
    "entropy": {"Entropy|gte": 7.5},
    "size": {"FileSize|lt": 10},
    "net": {"SourceIp|cidr": "10.0.0.0/8"},
    "regex": {"Note|re": "^[0-9]+$"},
    "exists": {"Owner|exists": True},
    "literal": {"TargetFilename|endswith": ".lockbit"},
}


def _engine_of(folder: Path, selections: dict[str, object], category: str) -> SigmaEngine:
    """An engine over one rule per title, each matching its selection in ``category`` (a list
    selection is keywords)."""
    for title, selection in selections.items():
        rule = {"title": title, "logsource": {"category": category}}
        rule["detection"] = {"selection": selection, "condition": "selection"}
        (folder / f"{title.replace(' ', '_')}.yml").write_text(yaml.safe_dump(rule), "utf-8")
    return SigmaEngine.from_paths([folder])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"TargetFilename": "a.docx"}, set()),
        ({"Entropy": 7.9}, {"entropy"}),
        ({"Entropy": 3.0, "FileSize": 4}, {"size"}),
        ({"SourceIp": "10.1.2.3", "Note": "123", "Owner": None}, {"net", "regex", "exists"}),
        ({"SourceIp": "192.0.2.1", "Note": "x1"}, set()),
        ({"TargetFilename": "a.docx.lockbit", "Entropy": "n/a"}, {"literal"}),
    ],
)
def test_rules_needing_only_a_field_run_when_it_is_present(
    tmp_path: Path, fields: dict[str, object], expected: set[str]
) -> None:
    """Tests without a literal are skipped on events lacking their field, never missed."""
    engine = _engine_of(tmp_path, PRESENCE_RULES, "file_event")
    event = Event(dict(fields), LogSource(category="file_event"))
    group = engine.routed(event)
    assert len(group) == len(PRESENCE_RULES) >= prefilter.SMALL_GROUP
    assert all(need for need in group.chosen_needs), "every rule is filtered, none always run"
    assert {match.rule.title for match in engine.match(event)} == expected


MEMO_RULES = {
    "flag true": {"Flag|contains": "true"},
    "flag one": {"Flag": 1},
    "cmd": {"Image|endswith": "\\cmd.exe"},
    "evil": {"CommandLine|contains": "evil"},
    "tool": {"Image|contains": "\\tools\\"},
    "entropy": {"Entropy|gte": 7.5},
}

WINDOWS_PROCESS = LogSource(category="process_creation", product="windows")

MEMO_EVENTS: list[dict[str, object]] = [
    {"Flag": 1},
    {"Flag": True},  # equal to 1 as a key, but its text is "true"
    {"Flag": "true"},
    {"Flag": 1.0},
    {"Image": "C:\\Windows\\CMD.EXE"},
    {"Image": "C:\\tools\\x.exe", "Entropy": 7.9},
    {"Image": ["a.exe", "D:\\cmd.exe"]},  # a list: never remembered
    {"CommandLine": "x" * 300 + " evil"},  # too long to remember
    {"CommandLine": "benign"},
    {"Image": "C:\\Windows\\notepad.exe"},
]


@pytest.mark.parametrize("entries", [3, 0])
def test_remembered_field_values_give_the_verdicts_of_a_fresh_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: int
) -> None:
    """A long-lived group, whose memo fills and forgets, agrees with a fresh group per event;
    with no entries allowed, the memo is off and keeps nothing."""
    monkeypatch.setattr(prefilter, "MEMO_ENTRIES", entries)
    engine = _engine_of(tmp_path, MEMO_RULES, "process_creation")
    group = engine.routed(Event({}, WINDOWS_PROCESS))
    members = list(zip(group.slots, group.nodes, strict=True))
    lived = RuleGroup(members, learning_events=0)
    titles = {slot: engine.rules[slot].title for slot, _ in members}
    seen: list[set[str]] = []
    for fields in MEMO_EVENTS * 3:
        view = EventView(Event(dict(fields), WINDOWS_PROCESS))
        fresh = RuleGroup(members, learning_events=0)
        assert list(lived.candidates(view)) == list(fresh.candidates(view)), fields
        seen.append({titles[slot] for slot in lived.matching(view)})
    remembered = [len(scan.memo) for scan in lived.field_scans]
    assert (max(remembered) == entries) if entries else not any(remembered)
    assert seen[: len(MEMO_EVENTS)] == seen[len(MEMO_EVENTS) : 2 * len(MEMO_EVENTS)]
    assert seen[:9] == [
        {"flag one"},
        {"flag true"},
        {"flag true"},
        set(),
        {"cmd"},
        {"tool", "entropy"},
        {"cmd"},
        {"evil"},
        set(),
    ]


KEYWORD_RULES: dict[str, object] = {
    "mimikatz": ["sekurlsa::", "mimikatz"],
    "port": ["31337"],
    "cmd": {"Image|endswith": "\\cmd.exe"},
    "evil": {"CommandLine|contains": "evil"},
    "tool": {"Image|contains": "\\tools\\"},
    "user": {"User": "svc"},
    "street": {"Street|endswith": "ΟΔΟΣ"},
}


@pytest.mark.parametrize("numeric", [True, False])
def test_keywords_are_found_in_every_value_the_rules_can_match(
    tmp_path: Path, numeric: bool
) -> None:
    """Integers are left out of the keyword scan only when no keyword could occur in one."""
    rules = dict(KEYWORD_RULES) if numeric else {**KEYWORD_RULES, "port": {"Port": 31337}}
    engine = _engine_of(tmp_path, rules, "process_creation")
    cases: list[tuple[dict[str, object], set[str]]] = [
        ({"Port": 31337, "Image": "a.exe"}, {"port"}),
        ({"Port": 4431337}, {"port"} if numeric else set()),
        ({"Tags": ["x", "MimiKatz.exe"], "Pid": 7}, {"mimikatz"}),
        ({"Flag": True, "Note": None, "Msg": "run Sekurlsa::logonpasswords"}, {"mimikatz"}),
        (
            {"Image": "C:\\tools\\cmd.exe", "Count": 31337},
            {"cmd", "tool"} | ({"port"} if numeric else set()),
        ),
        ({"Street": "ΜΕΓΑΛΗ ΟΔΟΣ"}, {"street"}),  # lower-cased with the final sigma, as the rule
    ]
    for fields, expected in cases:
        event = Event(dict(fields), WINDOWS_PROCESS)
        group = engine.routed(event)
        assert len(group) >= prefilter.SMALL_GROUP, "the group is indexed"
        view = EventView(event)
        every = _evaluating_every_rule(group, view)
        assert group.matching(view) == every, fields
        assert {match.rule.title for match in engine.match(event)} == expected, fields
