"""Streaming correlations: types, group-by, aliases, window edges, firing and eviction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from indsec.model.event import Event, LogSource
from indsec.sigma.engine import SigmaEngine
from indsec.sigma.match import Match

FILES = Path(__file__).parents[1] / "files" / "sigma"
AUTH = LogSource(product="test", service="auth")
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def base_rule(name: str, selection: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": name,
        "name": name,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        "logsource": {"product": "test", "service": "auth"},
        "detection": {"selection": selection, "condition": "selection"},
    }


FAILED = base_rule("failed", {"Outcome": "failure"})
SUCCESS = base_rule("success", {"Outcome": "success"})
TRANSFER = base_rule("transfer", {"Action": "download"})


def correlation(kind: str, rules: list[str], **body: Any) -> dict[str, Any]:
    return {
        "title": f"{kind} correlation",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"corr-{kind}-{rules}-{body}")),
        "level": "high",
        "correlation": {"type": kind, "rules": rules, **body},
    }


def engine_of(tmp_path: Path, *docs: dict[str, Any]) -> SigmaEngine:
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False), encoding="utf-8")
    engine = SigmaEngine.from_paths([path])
    assert not engine.problems, engine.problems
    assert not engine.unsupported, engine.unsupported
    return engine


def event(seconds: float, **fields: Any) -> Event:
    when = T0 + timedelta(seconds=seconds)
    return Event(fields, AUTH, timestamp=when, origin=f"auth.log#{seconds:g}")


def correlated(matches: list[Match]) -> list[Match]:
    return [m for m in matches if m.rule.kind == "correlation"]


def failures(*seconds: float, ip: str = "10.0.0.9") -> list[Event]:
    return [event(s, Outcome="failure", SourceIp=ip, User=f"u{s:g}") for s in seconds]


COUNT = correlation("event_count", ["failed"], **{"group-by": ["SourceIp"], "timespan": "1m"})


def with_condition(doc: dict[str, Any], condition: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "correlation": {**doc["correlation"], "condition": condition}}


EDGES = [
    ("exactly-timespan-is-inside", [0, 20, 40, 50, 60], 1),
    ("past-timespan-is-outside", [0, 20, 40, 50, 60.001], 0),
    ("four-is-not-five", [0, 1, 2, 3], 0),
    ("sliding-not-tumbling", [50, 70, 80, 90, 100], 1),
    ("fires-once-then-restarts", list(range(10)), 2),
]


@pytest.mark.parametrize(("name", "seconds", "expected"), EDGES, ids=[e[0] for e in EDGES])
def test_event_count_window_edges(
    tmp_path: Path, name: str, seconds: list[float], expected: int
) -> None:
    engine = engine_of(tmp_path, FAILED, with_condition(COUNT, {"gte": 5}))
    assert len(correlated(list(engine.process(failures(*seconds))))) == expected


def test_event_count_match_carries_group_and_origins(tmp_path: Path) -> None:
    engine = engine_of(tmp_path, FAILED, with_condition(COUNT, {"gte": 3}))
    stream = failures(0, 1, ip="10.0.0.1") + failures(2, 3, 4, ip="10.0.0.2")
    (found,) = correlated(list(engine.process(stream)))
    assert found.group == (("SourceIp", "10.0.0.2"),)
    assert found.origins == ("auth.log#2", "auth.log#3", "auth.log#4")
    assert found.timestamp == T0 + timedelta(seconds=4)
    assert found.event is None


def test_generate_false_hides_the_correlated_rule(tmp_path: Path) -> None:
    hidden = engine_of(tmp_path, FAILED, with_condition(COUNT, {"gte": 2}))
    assert [m.rule.kind for m in hidden.process(failures(0, 1))] == ["correlation"]
    assert hidden.match(failures(0)[0]) == []
    shown = {
        **COUNT,
        "correlation": {**COUNT["correlation"], "generate": True, "condition": {"gte": 2}},
    }
    visible = engine_of(tmp_path, FAILED, shown)
    kinds = [m.rule.kind for m in visible.process(failures(0, 1))]
    assert kinds == ["detection", "detection", "correlation"]


def test_value_count_counts_distinct_values(tmp_path: Path) -> None:
    doc = correlation(
        "value_count",
        ["failed"],
        **{"group-by": ["SourceIp"], "timespan": "5m", "condition": {"gte": 3, "field": "User"}},
    )
    engine = engine_of(tmp_path, FAILED, doc)
    same_user = [event(s, Outcome="failure", SourceIp="a", User="root") for s in range(5)]
    assert correlated(list(engine.process(same_user))) == []
    spray = [event(s, Outcome="failure", SourceIp="a", User=f"user{s}") for s in range(3)]
    (found,) = correlated(list(engine.process(spray)))
    assert len(found.origins) == 3


def test_value_sum_adds_numbers(tmp_path: Path) -> None:
    doc = correlation(
        "value_sum",
        ["transfer"],
        **{"group-by": ["User"], "timespan": "1h", "condition": {"gt": 1000, "field": "Bytes"}},
    )
    engine = engine_of(tmp_path, TRANSFER, doc)
    stream = [event(s * 60, Action="download", User="vendor", Bytes=str(400)) for s in range(3)]
    (found,) = correlated(list(engine.process(stream)))
    assert found.group == (("User", "vendor"),)
    assert found.origins[-1] == "auth.log#120"


@pytest.mark.parametrize(("sizes", "expected"), [([100, 300], 1), ([100, 100], 0), (["x", 500], 1)])
def test_value_avg_and_non_numbers(tmp_path: Path, sizes: list[object], expected: int) -> None:
    doc = correlation(
        "value_avg",
        ["transfer"],
        **{"group-by": ["User"], "timespan": "1h", "condition": {"gte": 150, "field": "Bytes"}},
    )
    engine = engine_of(tmp_path, TRANSFER, doc)
    stream = [event(i, Action="download", User="v", Bytes=size) for i, size in enumerate(sizes)]
    assert len(correlated(list(engine.process(stream)))) == expected


TEMPORAL = [
    ("temporal", ["failed", "success"], True),
    ("temporal", ["success", "failed"], True),
    ("temporal_ordered", ["failed", "success"], True),
    ("temporal_ordered", ["success", "failed"], False),
]


@pytest.mark.parametrize(("kind", "order", "expected"), TEMPORAL)
def test_temporal_proximity(tmp_path: Path, kind: str, order: list[str], expected: bool) -> None:
    doc = correlation(kind, ["failed", "success"], **{"group-by": ["User"], "timespan": "10s"})
    engine = engine_of(tmp_path, FAILED, SUCCESS, doc)
    outcome = {"failed": "failure", "success": "success"}
    stream = [event(i * 5, Outcome=outcome[name], User="bob") for i, name in enumerate(order)]
    assert bool(correlated(list(engine.process(stream)))) is expected


def test_temporal_needs_the_same_group_and_the_timespan(tmp_path: Path) -> None:
    doc = correlation(
        "temporal", ["failed", "success"], **{"group-by": ["User"], "timespan": "10s"}
    )
    engine = engine_of(tmp_path, FAILED, SUCCESS, doc)
    other_user = [event(0, Outcome="failure", User="bob"), event(1, Outcome="success", User="al")]
    too_late = [event(0, Outcome="failure", User="bob"), event(11, Outcome="success", User="bob")]
    assert correlated(list(engine.process(other_user))) == []
    assert correlated(list(engine.process(too_late))) == []


def test_aliases_group_across_field_names(tmp_path: Path) -> None:
    doc = correlation(
        "temporal",
        ["failed", "success"],
        **{
            "group-by": ["account"],
            "timespan": "1m",
            "aliases": {"account": {"failed": "TargetUser", "success": "User"}},
        },
    )
    engine = engine_of(tmp_path, FAILED, SUCCESS, doc)
    stream = [
        event(0, Outcome="failure", TargetUser="bob"),
        event(9, Outcome="success", User="bob"),
    ]
    (found,) = correlated(list(engine.process(stream)))
    assert found.group == (("account", "bob"),)


def test_upper_bounds_are_judged_when_the_window_closes(tmp_path: Path) -> None:
    engine = engine_of(tmp_path, FAILED, with_condition(COUNT, {"lt": 3}))
    quiet = failures(0, 10)
    busy = failures(100, 101, 102, ip="10.0.0.7")
    matches = correlated(list(engine.process(quiet + busy)))
    assert [m.group for m in matches] == [(("SourceIp", "10.0.0.9"),)]
    assert matches[0].timestamp == T0 + timedelta(seconds=60)


@pytest.mark.parametrize(("count", "expected"), [(2, 0), (3, 1), (4, 1), (5, 0)])
def test_range_condition(tmp_path: Path, count: int, expected: int) -> None:
    engine = engine_of(tmp_path, FAILED, with_condition(COUNT, {"gt": 2, "lte": 4}))
    assert len(correlated(list(engine.process(failures(*range(count)))))) == expected


def test_windows_are_evicted_so_memory_stays_bounded(tmp_path: Path) -> None:
    engine = engine_of(tmp_path, FAILED, with_condition(COUNT, {"gte": 5}))
    stream = (failures(i * 120, ip=f"10.1.{i // 256}.{i % 256}")[0] for i in range(2000))
    assert correlated(list(engine.process(stream))) == []
    (tracker,) = engine._correlator.trackers
    assert len(tracker.groups) <= 1


def test_events_without_time_are_not_correlated_but_counted(tmp_path: Path) -> None:
    engine = engine_of(tmp_path, FAILED, with_condition(COUNT, {"gte": 1}))
    untimed = Event({"Outcome": "failure", "SourceIp": "x"}, AUTH, origin="auth.log#1")
    assert correlated(list(engine.process([untimed]))) == []
    assert engine.untimed_events == 1


def test_correlation_of_a_correlation(tmp_path: Path) -> None:
    inner = {**with_condition(COUNT, {"gte": 2}), "name": "burst"}
    outer = correlation("event_count", ["burst"], **{"group-by": ["SourceIp"], "timespan": "1h"})
    engine = engine_of(tmp_path, FAILED, inner, with_condition(outer, {"gte": 2}))
    matches = correlated(list(engine.process(failures(0, 1, 2, 3))))
    assert [m.rule.title for m in matches] == ["event_count correlation"]
    assert len(matches) == 1


def test_fixture_brute_force_rule() -> None:
    engine = SigmaEngine.from_paths([FILES / "valid"])
    stream = [
        Event(
            {"msg": "Failed password for root", "SourceIp": "1.2.3.4"},
            LogSource("linux", service="sshd"),
            timestamp=T0 + timedelta(seconds=i),
            origin=f"auth.log:{i}",
        )
        for i in range(5)
    ]
    (found,) = list(engine.process(stream))
    assert found.rule.title == "SSH Brute Force"
    assert found.group == (("SourceIp", "1.2.3.4"),)


UNSUPPORTED = [
    (
        "value_percentile",
        {"condition": {"gte": 90, "field": "Bytes"}},
        "correlation: type 'value_percentile'",
    ),
    (
        "temporal",
        {"condition": "failed and not success"},
        "correlation: boolean (extended) conditions",
    ),
]


@pytest.mark.parametrize(("kind", "extra", "reason"), UNSUPPORTED)
def test_unsupported_correlations_are_reported(
    tmp_path: Path, kind: str, extra: dict[str, Any], reason: str
) -> None:
    doc = correlation(
        kind, ["failed", "success"], **{"group-by": ["User"], "timespan": "1m", **extra}
    )
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump_all([FAILED, SUCCESS, doc], sort_keys=False), encoding="utf-8")
    engine = SigmaEngine.from_paths([path])
    (unsupported,) = engine.unsupported
    assert unsupported.reason.startswith(reason)
    assert unsupported.path.startswith(str(path))


def test_correlation_of_an_unsupported_rule_is_unsupported_and_hides_nothing(
    tmp_path: Path,
) -> None:
    placeholder = base_rule("failed", {"SourceIp|expand": "%vpn_pool%"})
    plain = base_rule("plain", {"Outcome": "failure"})
    doc = with_condition(
        correlation("event_count", ["failed", "plain"], **{"timespan": "1m"}), {"gte": 1}
    )
    path = tmp_path / "rules.yml"
    path.write_text(
        yaml.safe_dump_all([placeholder, plain, doc], sort_keys=False), encoding="utf-8"
    )
    engine = SigmaEngine.from_paths([path])
    reasons = [u.reason for u in engine.unsupported]
    assert reasons == [
        "placeholder: %vpn_pool% is not defined in the site policy",
        "correlation: correlated rule 'failed' is not loaded (see above)",
    ]
    assert [m.rule.title for m in engine.process(failures(0))] == ["plain"]


def test_each_process_call_is_a_new_stream(tmp_path: Path) -> None:
    """A later stream with earlier timestamps must not be judged by the previous stream's clock."""
    rules = [
        {
            "title": "failed",
            "name": "failed",
            "id": "6f1e1f44-0000-4000-8000-000000000001",
            "logsource": {"product": "test", "service": "auth"},
            "detection": {"selection": {"Outcome": "failure"}, "condition": "selection"},
        },
        {
            "title": "burst",
            "id": "6f1e1f44-0000-4000-8000-000000000002",
            "correlation": {
                "type": "event_count",
                "rules": ["failed"],
                "group-by": ["User"],
                "timespan": "1m",
                "condition": {"gte": 3},
            },
        },
    ]
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump_all(rules, sort_keys=False), encoding="utf-8")
    engine = SigmaEngine.from_paths([path])

    def burst(start: datetime) -> list[Event]:
        return [
            Event(
                {"Outcome": "failure", "User": "bob"},
                LogSource(product="test", service="auth"),
                timestamp=start + timedelta(seconds=n),
                origin=f"#{n}",
            )
            for n in range(3)
        ]

    first = [
        m
        for m in engine.process(burst(datetime(2024, 3, 1, tzinfo=UTC)))
        if m.rule.kind == "correlation"
    ]
    second = [
        m
        for m in engine.process(burst(datetime(2024, 2, 1, tzinfo=UTC)))
        if m.rule.kind == "correlation"
    ]
    assert (len(first), len(second)) == (1, 1)
