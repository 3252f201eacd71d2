"""The main job end to end through the CLI, on SQLite and PostgreSQL catalogues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from indsec.demo import DemoEnterprise
from tests.e2e.conftest import Workspace


def _assets(document: Any) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in document["assets"]}


def test_scan_classifies_and_grades_the_demo(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    scanned = workspace.run_json("scan", *small_demo.sources())
    assets = _assets(scanned)
    assert scanned["version"] == 1
    recipe = assets["pp_recipe"]
    assert recipe["grade"] == "core"  # strategic and export-controlled product line
    assert recipe["category"] == "production.process_parameters"
    assert any("tech.strategic_export_core" in step["rule"] for step in recipe["rationale"])
    assert assets["pp_work_order"]["grade"] == "general"  # its recipe_id only points at recipes
    assert assets["mes_sensor_ts"]["grade"] == "general"
    employees = assets["hr_employee"]
    labels = {lab for f in employees["fields"] for lab in f["labels"]}
    assert {"cn.resident_id", "cn.bank_card", "cn.mobile"} <= labels
    assert scanned["report"]["failures"], "the demo's corrupt files are reported"
    failed = {f["where"] for f in scanned["report"]["failures"]}
    assert any(w.endswith(".xlsx") for w in failed)


def test_catalogue_never_holds_raw_values(workspace: Workspace, small_demo: DemoEnterprise) -> None:
    import sqlite3

    workspace.run_json("scan", *small_demo.sources())
    exported = workspace.root / "catalogue.json"
    code, _, err = workspace.run("catalogue", "export", "--format", "json", "-o", str(exported))
    assert code == 0, err
    text = exported.read_text(encoding="utf-8")
    with sqlite3.connect(small_demo.database) as db:
        raw = [row[0] for row in db.execute("SELECT 身份证号 FROM hr_employee LIMIT 50")]
    assert raw and not any(value in text for value in raw)
    contract = json.loads(text)["assets"][0]
    assert {"source", "name", "kind", "rows", "category", "grade", "rationale", "fields"} <= set(
        contract
    )
    assert {"name", "labels"} <= set(contract["fields"][0])


def test_review_survives_rescans_and_diff(workspace: Workspace, small_demo: DemoEnterprise) -> None:
    workspace.run_json("scan", *small_demo.sources())
    code, _, err = workspace.run(
        "catalogue",
        "review",
        "hr_employee",
        "--grade",
        "important",
        "--reason",
        "全员身份证与银行卡",
    )
    assert code == 0, err
    workspace.run_json("scan", *small_demo.sources())
    shown = _assets(workspace.run_json("catalogue", "show"))
    employees = shown["hr_employee"]
    assert (employees["grade"], employees["computed_grade"]) == ("important", "general")
    assert employees["rationale"][-1]["rule"] == "human_review"
    assert "王工" in employees["rationale"][-1]["evidence"][1]
    diff = workspace.run_json("catalogue", "diff", "1", "2")
    assert diff == [  # same data, same packs: only the reviewer moved something
        {
            "key": employees_key(shown),
            "change": "grade",
            "before": "general",
            "after": "important",
            "refiling": True,
            "by_review": True,
        }
    ]
    versions = workspace.run_json("catalogue", "versions")
    assert [v["status"] for v in versions] == ["complete", "complete"]


def employees_key(shown: dict[str, dict[str, Any]]) -> str:
    return f"{shown['hr_employee']['source']}::hr_employee"


def test_diff_after_review_and_regrade_shows_the_reviewed_grade(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    workspace.run_json("scan", *small_demo.sources())
    code, _, err = workspace.run(
        "catalogue", "review", "sys_user", "--grade", "important", "--reason", "含全部账号"
    )
    assert code == 0, err
    assert workspace.run_json("catalogue", "regrade")["changes"] == []
    shown = _assets(workspace.run_json("catalogue", "show"))
    assert shown["sys_user"]["grade"] == "important"
    diff = workspace.run_json("catalogue", "diff", "1", "2")
    assert [(c["key"].split("::")[1], c["before"], c["after"], c["by_review"]) for c in diff] == [
        ("sys_user", "general", "important", True)
    ]
    code, out, _ = workspace.run("catalogue", "diff", "1", "2")
    assert code == 0 and "sys_user" in out and "human review" in out
    assert "no changes" not in out


def test_regrade_reports_what_a_profile_change_moves(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    workspace.run_json("scan", *small_demo.sources())
    code, _, err = workspace.run("profile", "set", "cii_operator", "true")
    assert code == 0, err
    regraded = workspace.run_json("catalogue", "regrade")
    moved = {c["key"].split("::")[1]: c for c in regraded["changes"] if c["change"] == "grade"}
    assert moved["ot_network_asset"]["after"] == "core"
    assert all(c["refiling"] for c in moved.values() if c["after"] in {"important", "core"})
    assert regraded["version"] == 2


def test_filing_exports_important_and_core_only(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    scanned = _assets(workspace.run_json("scan", *small_demo.sources()))
    filed = {n for n, a in scanned.items() if a["grade"] in {"important", "core"}}
    out = workspace.root / "filing.json"
    code, _, err = workspace.run(
        "filing", "export", "--format", "json", "--lang", "en", "-o", str(out)
    )
    assert code == 0, err
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert {r["data_name"] for r in records} == filed
    xlsx = workspace.root / "filing.xlsx"
    code, _, err = workspace.run(
        "filing", "export", "--format", "xlsx", "--lang", "zh", "-o", str(xlsx)
    )
    assert code == 0, err
    sheet = load_workbook(xlsx).worksheets[0]
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["数据名称", "数据来源", "数据类别", "数据级别"]
    assert sheet.max_row == 3 + len(filed)


def test_unreachable_source_keeps_its_last_good_assets(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    first = _assets(workspace.run_json("scan", *small_demo.sources()))
    moved = small_demo.database.with_suffix(".moved")
    small_demo.database.rename(moved)
    try:
        second = workspace.run_json("scan", *small_demo.sources())
    finally:
        moved.rename(small_demo.database)
    assert second["report"]["failures"][0]["where"].startswith("sqlite:///")
    carried = second["report"]["carried_over"]
    assert list(carried.values()) == [sum(1 for a in first.values() if a["kind"] == "table")]
    files_only = workspace.run_json("scan", small_demo.sources()[1])
    assert sum(files_only["report"]["carried_over"].values()) == carried[next(iter(carried))]
    shown = _assets(workspace.run_json("catalogue", "show"))
    assert shown["pp_recipe"]["grade"] == "core"


def test_malformed_rule_pack_is_located_and_nothing_is_stored(
    workspace: Workspace, small_demo: DemoEnterprise, monkeypatch: Any
) -> None:
    workspace.run_json("scan", *small_demo.sources())
    bad = workspace.root / "site-packs"
    bad.mkdir()
    (bad / "grading.yaml").write_text(
        "pack: {id: site.grading, kind: grading, version: '1'}\nmatrix: [\n", encoding="utf-8"
    )
    (bad / "filing.yaml").write_text(
        "pack: {id: site.filing, kind: filing, version: '1'}\ngrades_filed: []\n", encoding="utf-8"
    )
    code, out, _ = workspace.run("rules", "validate", str(bad))
    assert code == 1
    assert f"{bad / 'grading.yaml'}:" in out and "invalid YAML" in out
    assert f"{bad / 'filing.yaml'}:2" in out
    monkeypatch.setenv("INDSEC_RULES_PATH", json.dumps([str(bad)]))
    code, _, err = workspace.run("scan", *small_demo.sources())
    assert code == 2 and "grading.yaml" in err
    monkeypatch.delenv("INDSEC_RULES_PATH")
    versions = workspace.run_json("catalogue", "versions")
    assert len(versions) == 1


def test_clear_errors_for_bad_commands(workspace: Workspace, tmp_path: Path) -> None:
    code, _, err = workspace.run("catalogue", "show")
    assert code == 2 and ("no complete catalogue version" in err or "no indsec state" in err)
    code, _, err = workspace.run("scan", "martian://x")
    assert code == 2 and "no source could be scanned" in err
    assert [v["status"] for v in workspace.run_json("catalogue", "versions")] == ["failed"]
    code, _, err = workspace.run("profile", "set", "cii_operator", "perhaps")
    assert code == 2 and "true or false" in err
