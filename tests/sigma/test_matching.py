"""Sigma value semantics: every modifier and value type, positive and negative cases."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
import yaml

from indsec.model.event import Event, LogSource
from indsec.sigma.engine import SigmaEngine
from indsec.sigma.view import EventView

SOURCE = LogSource(product="test", service="unit")


def engine_for(
    tmp_path: Path, detection: dict[str, Any], policy: dict[str, list[str]] | None = None
) -> SigmaEngine:
    """An engine with one rule (on the test logsource) made of ``detection``."""
    if "condition" not in detection:
        detection = {**detection, "condition": " and ".join(detection)}
    rule = {
        "title": "Unit rule",
        "id": "00000000-0000-4000-8000-0000000000aa",
        "logsource": {"product": "test", "service": "unit"},
        "detection": detection,
        "level": "high",
    }
    path = tmp_path / "rule.yml"
    path.write_text(yaml.safe_dump(rule), encoding="utf-8")
    engine = SigmaEngine.from_paths([path], policy=policy)
    assert not engine.problems, engine.problems
    assert not engine.unsupported, engine.unsupported
    return engine


def matches(engine: SigmaEngine, fields: dict[str, Any]) -> bool:
    return bool(engine.match(Event(fields, SOURCE, origin="unit#1")))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


MANY = [f"needle{i}" for i in range(13)]

CASES: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    # plain values: whole-value equality, case-insensitive by default
    ("equal-ci", {"s": {"Image": "C:\\Windows\\cmd.exe"}}, {"Image": "c:\\WINDOWS\\CMD.EXE"}, True),
    ("equal-not-substring", {"s": {"Image": "cmd.exe"}}, {"Image": "C:\\cmd.exe"}, False),
    ("equal-absent", {"s": {"Image": "cmd.exe"}}, {"Other": "cmd.exe"}, False),
    ("cased-hit", {"s": {"Image|cased": "CMD"}}, {"Image": "CMD"}, True),
    ("cased-miss", {"s": {"Image|cased": "CMD"}}, {"Image": "cmd"}, False),
    ("list-is-or", {"s": {"Image": ["a", "b"]}}, {"Image": "B"}, True),
    ("keys-are-and", {"s": {"A": "1", "B": "2"}}, {"A": "1", "B": "3"}, False),
    # wildcards and their shortcuts
    ("contains", {"s": {"Cmd|contains": "-enc"}}, {"Cmd": "powershell -ENC abc"}, True),
    ("contains-miss", {"s": {"Cmd|contains": "-enc"}}, {"Cmd": "powershell -e"}, False),
    ("startswith", {"s": {"Cmd|startswith": "net "}}, {"Cmd": "NET user"}, True),
    ("startswith-miss", {"s": {"Cmd|startswith": "net "}}, {"Cmd": "xnet user"}, False),
    (
        "endswith",
        {"s": {"Image|endswith": "\\rundll32.exe"}},
        {"Image": "C:\\w\\RunDll32.exe"},
        True,
    ),
    (
        "endswith-miss",
        {"s": {"Image|endswith": "\\rundll32.exe"}},
        {"Image": "rundll32.exe.bak"},
        False,
    ),
    ("inner-star", {"s": {"Cmd": "*\\cmd*.exe"}}, {"Cmd": "C:\\cmdline.exe"}, True),
    ("inner-star-miss", {"s": {"Cmd": "*\\cmd*.exe"}}, {"Cmd": "C:\\cmdline.dll"}, False),
    ("question-mark", {"s": {"Cmd": "ab?d"}}, {"Cmd": "abXd"}, True),
    ("question-mark-one-char", {"s": {"Cmd": "ab?d"}}, {"Cmd": "abXYd"}, False),
    ("escaped-star", {"s": {"Cmd": "a\\*b"}}, {"Cmd": "a*b"}, True),
    ("escaped-star-literal", {"s": {"Cmd": "a\\*b"}}, {"Cmd": "axxb"}, False),
    ("star-any-value", {"s": {"Cmd": "*"}}, {"Cmd": ""}, True),
    ("star-absent", {"s": {"Cmd": "*"}}, {}, False),
    (
        "all-hit",
        {"s": {"Cmd|contains|all": ["-nop", "-w hidden"]}},
        {"Cmd": "-W HIDDEN -nop"},
        True,
    ),
    ("all-miss", {"s": {"Cmd|contains|all": ["-nop", "-w hidden"]}}, {"Cmd": "-nop"}, False),
    # more needles than ``in`` tests pay for: one automaton pass
    ("contains-many", {"s": {"Cmd|contains": MANY}}, {"Cmd": "x NEEDLE12 y"}, True),
    ("contains-many-miss", {"s": {"Cmd|contains": MANY}}, {"Cmd": "x needle y"}, False),
    ("mixed-shapes", {"s": {"Cmd": ["a*", "*b", "c", "*d*"]}}, {"Cmd": "xDx"}, True),
    ("mixed-shapes-miss", {"s": {"Cmd": ["a*", "*b", "c", "*d*"]}}, {"Cmd": "ba"}, False),
    # windash: - / and the unicode dashes are interchangeable before a parameter
    ("windash-slash", {"s": {"Cmd|windash|contains": " -enc "}}, {"Cmd": "x /enc y"}, True),
    ("windash-en-dash", {"s": {"Cmd|windash|contains": " -enc "}}, {"Cmd": "x \u2013enc y"}, True),
    ("windash-miss", {"s": {"Cmd|windash|contains": " -enc "}}, {"Cmd": "x enc y"}, False),
    # encodings
    ("base64", {"s": {"Cmd|base64": "whoami"}}, {"Cmd": b64(b"whoami")}, True),
    ("base64-miss", {"s": {"Cmd|base64": "whoami"}}, {"Cmd": b64(b"whoamx")}, False),
    (
        "base64offset-1",
        {"s": {"Cmd|base64offset|contains": "/bin/sh"}},
        {"Cmd": "echo " + b64(b"x/bin/sh -i")},
        True,
    ),
    (
        "base64offset-2",
        {"s": {"Cmd|base64offset|contains": "/bin/sh"}},
        {"Cmd": b64(b"xy/bin/sh")},
        True,
    ),
    (
        "utf16le-base64",
        {"s": {"Cmd|utf16le|base64offset|contains": "iex"}},
        {"Cmd": "-enc " + b64("iex (x)".encode("utf-16le"))},
        True,
    ),
    (
        "wide-base64",
        {"s": {"Cmd|wide|base64offset|contains": "iex"}},
        {"Cmd": b64("iex (x)".encode("utf-16le"))},
        True,
    ),
    (
        "utf16be-base64",
        {"s": {"Cmd|utf16be|base64": "ab"}},
        {"Cmd": b64("ab".encode("utf-16be"))},
        True,
    ),
    (
        "utf16-bom-base64",
        {"s": {"Cmd|utf16|base64": "ab"}},
        {"Cmd": b64(b"\xff\xfe" + "ab".encode("utf-16le"))},
        True,
    ),
    # regular expressions: case-sensitive unless |i
    ("re-hit", {"s": {"Cmd|re": "Invoke-[A-Z]\\w+"}}, {"Cmd": "x Invoke-Mimikatz"}, True),
    ("re-cased", {"s": {"Cmd|re": "Invoke-[A-Z]\\w+"}}, {"Cmd": "x invoke-mimikatz"}, False),
    ("re-i", {"s": {"Cmd|re|i": "Invoke-[A-Z]\\w+"}}, {"Cmd": "x invoke-mimikatz"}, True),
    ("re-unanchored", {"s": {"Cmd|re": "b+"}}, {"Cmd": "abbbc"}, True),
    ("re-dollar-not-multiline", {"s": {"Cmd|re": "^b$"}}, {"Cmd": "a\nb\nc"}, False),
    ("re-m", {"s": {"Cmd|re|m": "^b$"}}, {"Cmd": "a\nb\nc"}, True),
    ("re-dot-not-newline", {"s": {"Cmd|re": "a.b"}}, {"Cmd": "a\nb"}, False),
    ("re-s", {"s": {"Cmd|re|s": "a.b"}}, {"Cmd": "a\nb"}, True),
    ("re-ims", {"s": {"Cmd|re|i|m|s": "^A.B$"}}, {"Cmd": "x\na\nb\ny"}, True),
    ("re-unicode", {"s": {"Cmd|re": "用户.+删除"}}, {"Cmd": "用户 admin 删除"}, True),
    ("re-lone-surrogate", {"s": {"Cmd|re": "ab"}}, {"Cmd": "\udc80ab"}, True),
    # network ranges
    ("cidr-v4", {"s": {"Ip|cidr": "10.0.0.0/8"}}, {"Ip": "10.20.30.40"}, True),
    ("cidr-v4-miss", {"s": {"Ip|cidr": "10.0.0.0/8"}}, {"Ip": "11.0.0.1"}, False),
    ("cidr-v6", {"s": {"Ip|cidr": "fe80::/10"}}, {"Ip": "fe80::1"}, True),
    ("cidr-not-ip", {"s": {"Ip|cidr": "10.0.0.0/8"}}, {"Ip": "-"}, False),
    ("cidr-padded", {"s": {"Ip|cidr": "10.0.0.0/8"}}, {"Ip": " 10.0.0.1 "}, True),
    ("cidr-v4-in-v6-range", {"s": {"Ip|cidr": "fe80::/10"}}, {"Ip": "10.0.0.1"}, False),
    ("cidr-v6-bits-of-v4", {"s": {"Ip|cidr": "10.0.0.0/8"}}, {"Ip": "::a00:1"}, False),
    ("cidr-host", {"s": {"Ip|cidr": "192.168.1.5/32"}}, {"Ip": "192.168.1.5"}, True),
    ("cidr-host-miss", {"s": {"Ip|cidr": "192.168.1.5/32"}}, {"Ip": "192.168.1.6"}, False),
    ("cidr-everything-v4", {"s": {"Ip|cidr": "0.0.0.0/0"}}, {"Ip": "203.0.113.9"}, True),
    (
        "cidr-not-any-range",
        {"s": {"Ip|cidr": ["10.0.0.0/8", "fe80::/10"]}, "condition": "not s"},
        {"Ip": "fe80::2"},
        False,
    ),
    (
        "cidr-list",
        {"s": {"Ip|cidr": ["10.0.0.0/8", "192.168.0.0/16"]}},
        {"Ip": "192.168.1.1"},
        True,
    ),
    # numeric comparisons
    ("gt", {"s": {"Count|gt": 5}}, {"Count": 6}, True),
    ("gt-equal", {"s": {"Count|gt": 5}}, {"Count": "5"}, False),
    ("gte", {"s": {"Count|gte": 5}}, {"Count": "5"}, True),
    ("lt", {"s": {"Count|lt": 5}}, {"Count": 4.5}, True),
    ("lte-miss", {"s": {"Count|lte": 5}}, {"Count": 6}, False),
    ("gt-hex", {"s": {"Count|gt": 15}}, {"Count": "0x10"}, True),
    ("gt-not-number", {"s": {"Count|gt": 5}}, {"Count": "many"}, False),
    # field existence, negation, nulls
    ("exists", {"s": {"User|exists": True}}, {"User": ""}, True),
    ("exists-absent", {"s": {"User|exists": True}}, {}, False),
    ("not-exists", {"s": {"User|exists": False}}, {}, True),
    ("neq-hit", {"s": {"User|neq": "root"}}, {"User": "admin"}, True),
    ("neq-miss", {"s": {"User|neq": "root"}}, {"User": "ROOT"}, False),
    ("null-absent", {"s": {"Parent": None}}, {}, True),
    ("null-empty", {"s": {"Parent": None}}, {"Parent": None}, True),
    ("null-value", {"s": {"Parent": None}}, {"Parent": "x"}, False),
    ("null-empty-list", {"s": {"Parent": None}}, {"Parent": []}, True),
    ("empty-string", {"s": {"Name": ""}}, {"Name": ""}, True),
    ("empty-string-absent", {"s": {"Name": ""}}, {}, False),
    # numbers, strings and booleans meet
    ("number-vs-int", {"s": {"EventID": 4688}}, {"EventID": 4688}, True),
    ("number-vs-text", {"s": {"EventID": 4688}}, {"EventID": "4688"}, True),
    ("text-vs-int", {"s": {"EventID": "4688"}}, {"EventID": 4688}, True),
    ("number-miss", {"s": {"EventID": 4688}}, {"EventID": 46880}, False),
    ("bool", {"s": {"Enabled": True}}, {"Enabled": True}, True),
    ("bool-text", {"s": {"Enabled": False}}, {"Enabled": "False"}, True),
    # multi-valued fields match when any value does
    ("multi-value", {"s": {"Tags": "evil"}}, {"Tags": ["fine", "EVIL"]}, True),
    ("multi-value-miss", {"s": {"Tags": "evil"}}, {"Tags": ["fine", "good"]}, False),
    ("multi-value-cased", {"s": {"Tags|cased": "EVIL"}}, {"Tags": ["evil", "EVIL"]}, True),
    ("multi-value-cased-miss", {"s": {"Tags|cased": "EVIL"}}, {"Tags": ["evil", "Evil"]}, False),
    ("multi-value-cidr", {"s": {"Ips|cidr": "10.0.0.0/8"}}, {"Ips": ["1.1.1.1", "10.2.3.4"]}, True),
    # field references
    ("fieldref", {"s": {"Target|fieldref": "Subject"}}, {"Target": "Bob", "Subject": "bob"}, True),
    (
        "fieldref-miss",
        {"s": {"Target|fieldref": "Subject"}},
        {"Target": "Bob", "Subject": "Al"},
        False,
    ),
    (
        "fieldref-endswith",
        {"s": {"Path|fieldref|endswith": "Name"}},
        {"Path": "C:\\x\\a.exe", "Name": "A.EXE"},
        True,
    ),
    # keywords search every value, as substrings
    ("keyword", {"keywords": ["mimikatz"]}, {"Msg": "running MimiKatz now"}, True),
    ("keyword-miss", {"keywords": ["mimikatz"]}, {"Msg": "running mimi katz"}, False),
    ("keyword-any-field", {"keywords": ["evil"]}, {"A": "ok", "B": ["x", "evil!"]}, True),
    ("keyword-no-bridge", {"keywords": ["ab"]}, {"A": "xa", "B": "bx"}, False),
    ("keyword-number", {"keywords": ["31337"]}, {"Port": 31337}, True),
    ("keyword-bool", {"keywords": ["true"]}, {"Flag": True}, True),
    ("keyword-cased", {"keywords": {"|cased": "MiMi"}}, {"Msg": "a MiMi b"}, True),
    ("keyword-cased-miss", {"keywords": {"|cased": "MiMi"}}, {"Msg": "a mimi b"}, False),
    # event text is lower-cased as CPython lower-cases rule text, context rules included
    ("final-sigma", {"s": {"Street": "ΜΕΓΑΛΗ ΟΔΟΣ"}}, {"Street": "μεγάλη οδός"}, False),
    ("final-sigma-equal", {"s": {"Street": "ΟΔΟΣ"}}, {"Street": "ΟΔΟΣ"}, True),
    ("final-sigma-keyword", {"keywords": ["ΟΔΟΣ"]}, {"Msg": "ΟΔΟΣ 5"}, True),
    ("keyword-re", {"keywords": {"|re": "pass(word)?="}}, {"Msg": "pass=1"}, True),
    ("keyword-re-miss", {"keywords": {"|re": "pass(word)?="}}, {"Msg": "pas=1"}, False),
    # time parts of a timestamp field
    ("hour", {"s": {"When|hour": 3}}, {"When": "2024-01-05T03:15:00"}, True),
    ("hour-miss", {"s": {"When|hour": 3}}, {"When": "2024-01-05 04:15:00"}, False),
    ("month", {"s": {"When|month": 1}}, {"When": "2024-01-05T03:15:00+08:00"}, True),
]


@pytest.mark.parametrize(
    ("name", "detection", "fields", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_value_semantics(
    tmp_path: Path, name: str, detection: dict[str, Any], fields: dict[str, Any], expected: bool
) -> None:
    assert matches(engine_for(tmp_path, detection), fields) is expected


CONDITIONS = [
    ("1 of sel*", {"EventID": "1"}, True),
    ("1 of sel*", {"EventID": "3"}, False),
    ("all of sel*", {"EventID": "1", "User": "x"}, True),
    ("all of sel*", {"EventID": "1"}, False),
    ("sel1 and not filter", {"EventID": "1", "User": "x"}, True),
    ("sel1 and not filter", {"EventID": "1", "User": "svc"}, False),
    ("not sel1", {"EventID": "2"}, True),
    ("(sel1 or filter) and sel2", {"User": "svc"}, True),
    ("(sel1 or filter) and sel2", {"EventID": "1"}, False),
    ("all of them", {"EventID": "1", "User": "svc"}, True),
    ("all of them", {"EventID": "1", "User": "bob"}, False),
]


@pytest.mark.parametrize(("condition", "fields", "expected"), CONDITIONS)
def test_conditions(tmp_path: Path, condition: str, fields: dict[str, Any], expected: bool) -> None:
    detection = {
        "sel1": {"EventID": "1"},
        "sel2": {"User|exists": True},
        "filter": {"User": "svc"},
        "condition": condition,
    }
    assert matches(engine_for(tmp_path, detection), fields) is expected


def test_list_of_maps_is_or(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"s": [{"A": "1", "B": "2"}, {"C": "3"}]})
    assert matches(engine, {"C": "3"})
    assert matches(engine, {"A": "1", "B": "2"})
    assert not matches(engine, {"A": "1"})


def test_expand_uses_site_policy(tmp_path: Path) -> None:
    policy = {"bastion_hosts": ["10.0.0.5", "10.0.1.*"]}
    engine = engine_for(tmp_path, {"s": {"SourceIp|expand": "%bastion_hosts%"}}, policy)
    assert matches(engine, {"SourceIp": "10.0.0.5"})
    assert matches(engine, {"SourceIp": "10.0.1.77"})
    assert not matches(engine, {"SourceIp": "10.0.2.1"})


def test_match_carries_rule_and_origin(tmp_path: Path) -> None:
    engine = engine_for(tmp_path, {"s": {"A": "1"}})
    event = Event({"A": "1"}, SOURCE, origin="app.log:7")
    (found,) = engine.match(event)
    assert found.rule.id == "00000000-0000-4000-8000-0000000000aa"
    assert (found.rule.title, found.rule.level) == ("Unit rule", "high")
    assert found.origin == "app.log:7"
    assert found.event is event


def test_rule_text_never_becomes_code(tmp_path: Path) -> None:
    """Field names and values are bound to names in the generated function, never pasted into
    its source: text that would break out of a string literal is matched as plain text."""
    escape = "x') or True or ('"
    engine = engine_for(tmp_path, {"s": {escape: escape, f"{escape}|contains": "') or"}})
    assert matches(engine, {escape: escape})
    assert not matches(engine, {escape: "x"})
    assert not matches(engine, {"x": escape})


@pytest.mark.parametrize(("condition", "expected"), [("u and s", False), ("u and not s", True)])
def test_a_placeholder_expanding_to_nothing_matches_nothing(
    tmp_path: Path, condition: str, expected: bool
) -> None:
    """An empty site list (no bastion hosts yet) makes its selection false, and its negation
    true; either way the rule's function answers a bool."""
    detection = {"s": {"SourceIp|expand": "%bastion_hosts%"}, "u": {"User": "x"}}
    policy = {"bastion_hosts": []}
    engine = engine_for(tmp_path, {**detection, "condition": condition}, policy)
    event = Event({"SourceIp": "10.0.0.5", "User": "x"}, SOURCE)
    group = engine.routed(event)
    assert [test(EventView(event)) for test in group.tests] == [expected]
    assert type(group.tests[0](EventView(event))) is bool
    assert matches(engine, {"SourceIp": "10.0.0.5", "User": "x"}) is expected
