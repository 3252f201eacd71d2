"""``indsec rules …`` and ``indsec plugins`` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indsec.cli.main import main
from indsec.rules.pack import BUILTIN_PACKS
from tests.conftest import THIRD_PARTY, needs_third_party


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cross_pack_references_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (BUILTIN_PACKS / "taxonomy.yaml").read_text(encoding="utf-8")
    assert "biz.hr" in text
    site = tmp_path / "site"
    site.mkdir()
    (site / "taxonomy.yaml").write_text(text.replace("biz.hr", "biz.martian", 1), encoding="utf-8")
    monkeypatch.setenv("INDSEC_RULES_PATH", json.dumps([str(site)]))
    code, out, _ = _run(capsys, "rules", "validate", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert any("unknown label 'biz.martian'" in p for p in problems)


def test_builtin_packs_list_and_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    kinds = {row["kind"] for row in rows}
    assert {"recognizers", "taxonomy", "grading", "filing", "scenarios", "log_pipeline"} <= kinds
    assert {"incident_tiers", "controls"} <= kinds
    controls = {row["id"] for row in rows if row["kind"] == "controls"}
    scenarios = ("ransomware", "backdoor", "personnel", "remote_om")
    shipped = {"miit_measures", "assessment_items", *scenarios}
    assert {f"indsec.controls.{name}" for name in shipped} <= controls
    code, out, _ = _run(capsys, "rules", "validate")
    assert code == 0 and "0 problems" in out


@pytest.mark.conformance
@needs_third_party
def test_conformance_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INDSEC_SIGMA_THIRD_PARTY", str(THIRD_PARTY))
    code, out, err = _run(capsys, "rules", "conformance", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["cases"] >= 200 and report["rate"] >= 0.98
    assert len(report["non_exact"]) == report["cases"] - report["counts"].get("exact", 0)


def test_plugins_lists_registries(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "plugins", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"sqlite", "postgresql", "mysql", "file"} <= {r["name"] for r in rows if r["enabled"]}
