"""Grade-aware detection end to end: the demo's planted attacks through scan → detect → alerts."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from indsec.demo import DemoEnterprise, generate_demo_logs
from tests.conftest import THIRD_PARTY
from tests.e2e.conftest import Workspace


@pytest.fixture
def demo_logs_run(workspace: Workspace, small_demo: DemoEnterprise, monkeypatch: Any) -> Any:
    """The demo's catalogue scanned into the workspace, its logs written, detection run."""
    monkeypatch.setenv("INDSEC_SIGMA_THIRD_PARTY", str(THIRD_PARTY))
    root = workspace.root / "plant"
    root.mkdir()
    shutil.copy(workspace.root / "indsec.toml", root / "indsec.toml")
    logs = generate_demo_logs(root)
    monkeypatch.setenv("INDSEC_CONFIG", str(root / "indsec.toml"))
    workspace.run_json("scan", *small_demo.sources())
    result = workspace.run_json("detect", "run", *[str(f.path) for f in logs.files])
    return logs, result


def test_every_planted_attack_is_found_with_its_grade(demo_logs_run: Any) -> None:
    logs, result = demo_logs_run
    found = Counter(a["rule_id"] for a in result["alerts"])
    expected = logs.expected_alerts(third_party=THIRD_PARTY.is_dir())
    missing = {rule: n for rule, n in expected.items() if found[rule] < n}
    assert missing == {}
    assert result["failures"] == []
    graded = [a for a in result["alerts"] if a["asset"] and a["asset"]["grade"] == "core"]
    assert graded, "attacks on the recipe tables carry the catalogue's core grade"
    for alert in graded:
        assert alert["asset"]["reason"].startswith("export-controlled strategic product-line")
        assert alert["severity"] in {"high", "critical"}
    scenarios = {a["scenario"] for a in result["alerts"]}
    assert {"ransomware", "backdoor", "personnel", "remote_om"} <= scenarios


def test_alerts_are_stored_and_listed(demo_logs_run: Any, workspace: Workspace) -> None:
    _, result = demo_logs_run
    code, out, err = workspace.run("alerts", "list", "--format", "json")
    assert code == 0, err
    import json

    listed = json.loads(out)
    assert len(listed) == len(result["alerts"])
    first = listed[0]["id"]
    shown = workspace.run_json("alerts", "show", str(first))
    assert shown["rule_id"] == listed[0]["rule_id"]


def test_bad_log_input_is_reported_and_the_rest_processed(
    workspace: Workspace, tmp_path: Path
) -> None:
    good = tmp_path / "auth.log"
    good.write_text(
        "Feb 26 02:10:01 plc-gw sshd[811]: Accepted password for root from 203.0.113.9 "
        "port 51514 ssh2\n",
        encoding="utf-8",
    )
    junk = tmp_path / "mystery.bin"
    junk.write_bytes(b"\x00\x01\x02garbage\xff" * 20)
    broken = tmp_path / "events.jsonl"
    broken.write_text(
        '{"_path": "conn", "id.orig_h": "10.0.0.1"\nnot json at all\n', encoding="utf-8"
    )
    result = workspace.run_json("detect", "run", str(good), str(junk), str(broken))
    failures = "\n".join(result["failures"])
    assert "mystery.bin" in failures and "unknown log format" in failures
    assert result["events"] >= 1
    in_workers = workspace.run_json("detect", "run", "-w", "2", str(good), str(junk), str(broken))
    assert sorted(in_workers["failures"]) == sorted(result["failures"])
    assert in_workers["events"] == result["events"]


def test_files_matched_in_worker_processes_give_the_same_alerts(
    demo_logs_run: Any, workspace: Workspace
) -> None:
    logs, serial = demo_logs_run
    paths = [str(f.path) for f in logs.files]
    parallel = workspace.run_json("detect", "run", "--workers", "2", *paths)

    def key(alert: dict[str, Any]) -> tuple[Any, ...]:
        asset = alert["asset"] or {}
        return (alert["rule_id"], alert["origin"], alert["severity"], asset.get("name"))

    assert parallel["events"] == serial["events"]
    assert parallel["failures"] == serial["failures"]
    assert [key(a) for a in parallel["alerts"]] == [key(a) for a in serial["alerts"]]
    assert any(a["correlation"] for a in parallel["alerts"]), "correlations span the files"


def test_a_directory_stands_for_the_log_files_under_it(
    demo_logs_run: Any, workspace: Workspace, tmp_path: Path
) -> None:
    logs, by_file = demo_logs_run
    folder = Path(os.path.commonpath([f.path for f in logs.files]))
    assert any(f.path.parent != folder for f in logs.files), "some logs sit in subdirectories"
    (folder / ".swp").write_bytes(b"\x00editor swap\xff")  # hidden: never read
    empty = tmp_path / "nothing-collected"
    empty.mkdir()
    by_folder = workspace.run_json("detect", "run", str(folder), str(empty))

    def key(alert: dict[str, Any]) -> tuple[Any, ...]:
        return (alert["rule_id"], alert["origin"], alert["severity"])

    assert by_folder["events"] == by_file["events"]
    assert sorted(map(key, by_folder["alerts"])) == sorted(map(key, by_file["alerts"]))
    assert by_folder["failures"] == []
    _, out, err = workspace.run("detect", "run", str(empty))
    assert "holds no file to read" in out + err


VALID_RULE = Path(__file__).parents[1] / "files" / "sigma" / "valid" / "proc_creation_whoami.yml"
BAD_ID_RULE = """\
title: Bad id
id: not-a-uuid
logsource: {category: process_creation, product: windows}
detection:
    selection: {Image|endswith: '\\\\whoami.exe'}
    condition: selection
"""
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True)
)


def _one_log(tmp_path: Path) -> Path:
    log = tmp_path / "auth.log"
    log.write_text(
        "Feb 26 02:10:01 plc-gw sshd[811]: Accepted password for root from 203.0.113.9 "
        "port 51514 ssh2\n",
        encoding="utf-8",
    )
    return log


def _bad_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad_id.yml").write_text(BAD_ID_RULE, encoding="utf-8")
    (rules / "bomb.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    return rules


def test_every_rule_problem_is_shown_with_where_and_why(
    workspace: Workspace, tmp_path: Path
) -> None:
    rules = _bad_rules(tmp_path)
    log = _one_log(tmp_path)
    args = ("detect", "run", str(log), "--rules", str(rules), "--rules", str(VALID_RULE))
    result = workspace.run_json(*args)
    assert result["rules_loaded"] == 1
    problems = "\n".join(result["rule_problems"])
    assert f"{rules / 'bad_id.yml'}:2: Sigma rule identifier must be an UUID" in problems
    assert f"{rules / 'bomb.yml'}:1: YAML aliases expand to too many nodes" in problems
    code, out, err = workspace.run(*args)
    assert code == 0, err
    assert f"{rules / 'bad_id.yml'}:2" in out and f"{rules / 'bomb.yml'}:1" in out


def test_a_run_without_any_rule_is_an_error_listing_why(
    workspace: Workspace, tmp_path: Path
) -> None:
    rules = _bad_rules(tmp_path)
    code, _, err = workspace.run("detect", "run", str(_one_log(tmp_path)), "--rules", str(rules))
    assert code == 2
    assert "no Sigma rule could be loaded (2 rule files read)" in err
    assert "Sigma rule identifier must be an UUID" in err and "billion laughs" in err


def test_a_rule_path_that_does_not_exist_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    code, _, err = workspace.run(
        "detect",
        "run",
        str(_one_log(tmp_path)),
        "--rules",
        str(missing),
        "--rules",
        str(VALID_RULE),
    )
    assert code == 2
    assert f"no such rule file or directory: {missing}" in err


def test_resource_bounds_are_read_from_settings(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """INDSEC_SIGMA_REGEX_MAX_VALUES reaches the engine, INDSEC_DETECT_MAX_OPEN_LOGS the merge."""
    monkeypatch.setenv("INDSEC_SIGMA_REGEX_MAX_VALUES", "1")
    monkeypatch.setenv("INDSEC_DETECT_MAX_OPEN_LOGS", "2")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "two_re.yml").write_text(
        BAD_ID_RULE.replace("not-a-uuid", "7c1f5a0e-0000-4000-8000-000000000001").replace(
            "{Image|endswith: '\\\\whoami.exe'}", "{Image|re: ['a', 'b']}"
        ),
        encoding="utf-8",
    )
    logs = []
    for day in (1, 2, 3):
        log = tmp_path / f"auth{day}.log"
        log.write_text(
            f"Feb {day:2d} 02:10:01 plc-gw sshd[811]: Accepted password for root from "
            f"203.0.113.9 port 51514 ssh2\nMar  1 00:00:0{day} plc-gw sshd[811]: x\n",
            encoding="utf-8",
        )
        logs.append(str(log))
    code, out, err = workspace.run(
        "detect", "run", *logs, "--rules", str(rules), "--rules", str(VALID_RULE), "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["rules_loaded"] == 1 and result["events"] == 6
    (problem,) = result["rule_problems"]
    assert "2 re values exceed the limit of 1" in problem
    code, out, _ = workspace.run("detect", "run", *logs, "--rules", str(VALID_RULE))
    assert code == 0 and "more than 2 log files overlap in time" in out
