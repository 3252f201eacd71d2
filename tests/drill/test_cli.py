"""``indsec drill`` from the command line: a drill, its restore, a tabletop, the list, and
refusals as one clear line without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.drill.conftest import THIRD_PARTY
from tests.e2e.conftest import Workspace


@pytest.fixture
def shell(shell: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("INDSEC_SIGMA_THIRD_PARTY", str(THIRD_PARTY))
    monkeypatch.setenv("INDSEC_DRILL_MAX_DECOY_BYTES", "8192")
    return shell


def test_drill_restore_tabletop_and_list(shell: Workspace, tmp_path: Path) -> None:
    code, out, err = shell.run("drill", "ransomware", "--sandbox", "sb", "--out", "rep", "--json")
    assert code == 0, err
    assert json.loads(out)["incident"] == 1
    code, out, err = shell.run("drill", "restore", "--sandbox", "sb", "--lang", "en")
    assert (code, out.strip()) == (0, "restored 24 decoys, 24 with their digest before the drill")
    code, out, err = shell.run(
        "drill", "tabletop", "personnel", "-p", "王工", "--finding", "无审批"
    )
    assert code == 0 and "无审批" in out
    code, out, err = shell.run("drill", "list", "--json")
    assert [(d["id"], d["kind"]) for d in json.loads(out)] == [(2, "tabletop"), (1, "ransomware")]
    assert (tmp_path / "rep" / "drill-1.zh.md").is_file()


def test_refusals_are_one_line_without_traceback(shell: Workspace, tmp_path: Path) -> None:
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "a.txt").write_text("x", encoding="utf-8")
    for args in (
        ("drill", "ransomware", "--sandbox", "theirs"),
        ("drill", "ransomware", "--sandbox", "sb/../theirs"),
        ("drill", "restore", "--sandbox", "nowhere"),
        ("drill", "tabletop"),
    ):
        code, _out, err = shell.run(*args)
        assert code != 0 and err.startswith("error:") and "Traceback" not in err, args
