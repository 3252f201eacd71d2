"""``indsec assess`` end to end: run, answer, evidence, tasks, risks, show, list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.assess.conftest import PACKS, touch
from tests.e2e.conftest import Workspace


@pytest.fixture
def shell(shell: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("INDSEC_RULES_PATH", json.dumps([str(PACKS)]))
    monkeypatch.setenv("INDSEC_ASSESS_FRAMEWORKS", json.dumps(["t_obl", "t_rom"]))
    return shell


def _ok(shell: Workspace, *args: str) -> str:
    code, out, err = shell.run(*args)
    assert code == 0, err
    return out


def _fails(shell: Workspace, *args: str) -> str:
    code, out, err = shell.run(*args)
    assert code == 2 and "Traceback" not in err + out
    return err


def test_run_answer_evidence_and_tasks(shell: Workspace, tmp_path: Path) -> None:
    touch(tmp_path / "logs" / "old.log", age_days=10)
    (tmp_path / "assess-inputs.yaml").write_text("logs:\n  - {name: scada, path: logs}\n")
    run = json.loads(_ok(shell, "assess", "run", "--json"))
    assert {r["key"]: r["outcome"] for r in run["results"]}["t_obl.logs"] == "fail"
    [task] = run["tasks"]
    assert (task["control"], task["status"]) == ("t_obl.logs", "open")

    answered = _ok(shell, "assess", "answer", "t_obl.officer", "--outcome", "fail", "--by", "王工")
    assert "王工" in answered and "不符合" in answered and "待整改" in answered
    updated = _ok(
        shell, "assess", "tasks", "update", "2", "--owner", "张三", "--due", "2027-01-31",
        "--status", "in_progress", "--lang", "en",
    )  # fmt: skip
    assert "张三" in updated and "2027-01-31" in updated and "in progress" in updated
    (tmp_path / "任命书.pdf").write_bytes(b"%PDF officer")
    attached = _ok(shell, "assess", "evidence", "t_obl.officer", "任命书.pdf", "--lang", "en")
    assert "sha256:" in attached and "not assessed" not in attached  # the fail answer stands
    closed = _ok(shell, "assess", "answer", "t_obl.officer", "--outcome", "pass", "--lang", "en")
    assert "verified" in closed
    tasks = json.loads(_ok(shell, "assess", "tasks", "list", "--json"))
    assert [(t["control"], t["status"]) for t in tasks] == [
        ("t_obl.logs", "open"),
        ("t_obl.officer", "verified"),
    ]
    assert tasks[0] == task  # the list and the snapshot write a task as one document
    assert "t_obl.logs" in _ok(shell, "assess", "tasks")
    assert "勒索攻击" in _ok(shell, "assess", "risks")
    assert "整改 t_obl.logs" in _ok(shell, "assess", "risks", "--lang", "zh-CN")
    assert "remediate t_obl.logs" in _ok(shell, "assess", "risks", "--lang", "en")
    risks = json.loads(_ok(shell, "assess", "risks", "--json"))
    assert len(risks) == 4 and all("title" in r for r in risks)
    assert sorted(risks, key=lambda r: r["id"]) == sorted(run["risks"], key=lambda r: r["id"])
    shown = _ok(shell, "assess", "show", "--lang", "en")
    assert "a data security officer is named" in shown and "overall score" in shown
    assert "风险自查" in _ok(shell, "assess", "list")


def test_errors_are_one_line_without_traceback(shell: Workspace, tmp_path: Path) -> None:
    first = _fails(shell, "assess", "show")  # SQLite: no file yet; a server: no assessment
    assert "no indsec state" in first or "no assessment yet" in first
    err = _fails(shell, "assess", "answer", "t_obl.nope", "--outcome", "pass")
    assert "unknown control 't_obl.nope'" in err
    assert "unknown outcome" in _fails(
        shell, "assess", "answer", "t_obl.officer", "--outcome", "maybe"
    )
    assert "no such file" in _fails(shell, "assess", "evidence", "t_obl.officer", "none.pdf")
    assert "not an ISO date" in _fails(
        shell, "assess", "answer", "t_obl.officer", "--outcome", "pass", "--expires", "soon"
    )
    assert "no remediation task 9" in _fails(
        shell, "assess", "tasks", "update", "9", "--owner", "x"
    )
    assert "no assessment yet (run 'indsec assess run')" in _fails(shell, "assess", "show")
