"""Loading rule sets: located problems, unsupported rules with reasons, filters, pickling."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pytest
import yaml

from indsec.model.event import Event, LogSource
from indsec.sigma.engine import SigmaEngine
from indsec.sigma.unsupported import reason_counts

FILES = Path(__file__).parents[1] / "files" / "sigma"
INVALID = FILES / "invalid"
SYSMON = "Microsoft-Windows-Sysmon/Operational"


def sysmon_process(image: str, user: str) -> Event:
    fields = {"Channel": SYSMON, "EventID": 1, "Image": image, "User": user}
    return Event(fields, LogSource(product="windows"), origin="sysmon.evtx#1")


PROBLEMS = [
    ("invalid_yaml.yml", 8, "invalid YAML"),
    ("duplicate_key.yml", 8, "duplicate key 'selection' (first on line 6)"),
    ("undefined_identifier.yml", 8, "Detection 'filter_missing' not defined"),
    ("unknown_modifier.yml", 8, "Unknown modifier 'containz'"),
    ("unknown_correlated_rule.yml", 5, "Rule 'no_such_rule' not found"),
]


@pytest.fixture(scope="module")
def broken() -> SigmaEngine:
    return SigmaEngine.from_paths([INVALID])


@pytest.mark.parametrize(("file", "line", "message"), PROBLEMS)
def test_problems_are_located(broken: SigmaEngine, file: str, line: int, message: str) -> None:
    where = f"{INVALID / file}:{line}"
    found = [p for p in broken.problems if p.where == where]
    assert found, f"no problem at {where}: {broken.problems}"
    assert message in found[0].message


def test_bad_rules_do_not_stop_the_others(broken: SigmaEngine) -> None:
    assert len(broken.problems) == len(PROBLEMS)
    assert [rule.title for rule in broken.rules] == ["A Valid Rule Beside Broken Ones"]
    event = Event({"CommandLine": "curl http://x"}, LogSource(product="linux"))
    assert [m.rule.title for m in broken.match(event)] == ["A Valid Rule Beside Broken Ones"]


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    engine = SigmaEngine.from_paths([tmp_path / "nowhere"])
    assert [p.message for p in engine.problems] == ["no such file or directory"]


def test_duplicate_rule_ids_keep_the_first(tmp_path: Path) -> None:
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(
            (INVALID / "valid_neighbour.yml").read_text(), encoding="utf-8"
        )
    engine = SigmaEngine.from_paths([tmp_path])
    assert len(engine.rules) == 1
    (problem,) = engine.problems
    assert problem.where == f"{tmp_path / 'b.yml'}:2"
    assert "duplicate rule id" in problem.message and "a.yml:1" in problem.message


def test_unsupported_rules_are_listed_with_reasons(tmp_path: Path) -> None:
    rule = {
        "title": "Admin logon from unknown workstation",
        "id": "9a8b7c6d-0000-4000-8000-000000000001",
        "logsource": {"product": "windows", "service": "security"},
        "detection": {
            "selection": {"WorkstationName|expand": "%Admins_Workstations%"},
            "condition": "selection",
        },
    }
    path = tmp_path / "placeholder.yml"
    path.write_text(yaml.safe_dump(rule), encoding="utf-8")
    engine = SigmaEngine.from_paths([path])
    (unsupported,) = engine.unsupported
    assert unsupported.rule_id == "9a8b7c6d-0000-4000-8000-000000000001"
    assert (
        unsupported.reason == "placeholder: %Admins_Workstations% is not defined in the site policy"
    )
    assert reason_counts(engine.unsupported) == Counter({"placeholder": 1})
    supported = SigmaEngine.from_paths([path], policy={"Admins_Workstations": ["PAW-*"]})
    assert supported.unsupported == [] and len(supported.rules) == 1


def test_filters_apply_to_the_rules_they_name() -> None:
    engine = SigmaEngine.from_paths([FILES / "valid"])
    assert engine.match(sysmon_process("C:\\Windows\\whoami.exe", "CORP\\alice"))
    assert not engine.match(sysmon_process("C:\\Windows\\whoami.exe", "CORP\\helpdesk"))
    assert not engine.match(sysmon_process("C:\\Windows\\whoami.exe", "CORP\\admin7"))
    alone = SigmaEngine.from_paths([FILES / "valid" / "proc_creation_whoami.yml"])
    assert alone.match(sysmon_process("C:\\Windows\\whoami.exe", "CORP\\helpdesk"))


def test_filter_with_invalid_condition_is_a_problem(tmp_path: Path) -> None:
    bad = yaml.safe_load((FILES / "valid" / "filter_whoami_admins.yml").read_text())
    bad["filter"]["condition"] = "not selection_missing"
    (tmp_path / "filter.yml").write_text(yaml.safe_dump(bad, sort_keys=False), encoding="utf-8")
    rule = (FILES / "valid" / "proc_creation_whoami.yml").read_text()
    (tmp_path / "rule.yml").write_text(rule, encoding="utf-8")
    engine = SigmaEngine.from_paths([tmp_path])
    (problem,) = engine.problems
    assert problem.where.startswith(str(tmp_path / "filter.yml"))
    assert engine.match(sysmon_process("C:\\whoami.exe", "CORP\\helpdesk"))


def test_rule_reference_fields() -> None:
    engine = SigmaEngine.from_paths([FILES / "valid" / "proc_creation_whoami.yml"])
    (ref,) = engine.rules
    assert ref.id == "6c1b5b6e-0f7d-4a43-9d4b-3f6f1a2b7c01"
    assert ref.level == "medium"
    assert ref.tags == ("attack.discovery", "attack.t1033")
    assert ref.where == f"{FILES / 'valid' / 'proc_creation_whoami.yml'}:1"
    assert ref.kind == "detection"


def test_engine_pickles_as_its_recipe() -> None:
    engine = SigmaEngine.from_paths([FILES / "valid"], policy={"x": ["y"]})
    copy = pickle.loads(pickle.dumps(engine))
    assert copy is not engine
    assert [r.id for r in copy.rules] == [r.id for r in engine.rules]
    event = sysmon_process("C:\\Windows\\whoami.exe", "CORP\\alice")
    assert [m.rule.id for m in copy.match(event)] == [m.rule.id for m in engine.match(event)]


def test_modifier_alias_utf16le_keeps_its_line(tmp_path: Path) -> None:
    text = (INVALID / "unknown_modifier.yml").read_text().replace("containz", "utf16le|base64|foo")
    (tmp_path / "r.yml").write_text(text, encoding="utf-8")
    (problem,) = SigmaEngine.from_paths([tmp_path / "r.yml"]).problems
    assert problem.where == f"{tmp_path / 'r.yml'}:8"
    assert "foo" in problem.message


@pytest.mark.parametrize(
    ("logsource", "filtered"),
    [({"product": "windows", "category": "process_creation"}, True), ({"product": "linux"}, False)],
)
def test_filter_for_any_rule_of_a_logsource(
    tmp_path: Path, logsource: dict[str, str], filtered: bool
) -> None:
    site_filter = {
        "title": "Change window: the patch account is expected",
        "logsource": logsource,
        "filter": {
            "rules": "any",
            "patching": {"User": "CORP\\patch"},
            "condition": "not patching",
        },
    }
    (tmp_path / "filter.yml").write_text(yaml.safe_dump(site_filter), encoding="utf-8")
    rule = (FILES / "valid" / "proc_creation_whoami.yml").read_text()
    (tmp_path / "rule.yml").write_text(rule, encoding="utf-8")
    engine = SigmaEngine.from_paths([tmp_path])
    assert not engine.problems
    assert bool(engine.match(sysmon_process("C:\\whoami.exe", "CORP\\patch"))) is not filtered
    assert engine.match(sysmon_process("C:\\whoami.exe", "CORP\\bob"))


def test_one_broken_document_costs_only_itself(tmp_path: Path) -> None:
    broken = (INVALID / "duplicate_key.yml").read_text()
    good = (INVALID / "valid_neighbour.yml").read_text()
    path = tmp_path / "multi.yml"
    path.write_text(f"{broken}---\n{good}", encoding="utf-8")
    engine = SigmaEngine.from_paths([path])
    assert [p.where for p in engine.problems] == [f"{path}:8"]
    assert [rule.where for rule in engine.rules] == [f"{path}:12"]
