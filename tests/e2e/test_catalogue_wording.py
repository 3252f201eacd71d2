"""What a person reads: rule names in their language, a filing in one language, an official form."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from indsec.demo import DemoEnterprise
from tests.e2e.conftest import Workspace

CORE_RULE = "tech.strategic_export_core"
CORE_NAMES = {
    "zh": "出口管制的战略性产品线技术数据",
    "en": "export-controlled strategic product-line technology",
}


def _show(workspace: Workspace, *args: str) -> str:
    """``catalogue show`` written to a pipe, where tables keep their full width."""
    code, out, err = workspace.run("catalogue", "show", *args)
    assert code == 0, err
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_why_names_the_rule_in_the_users_language_and_json_keeps_the_id(
    workspace: Workspace,
    small_demo: DemoEnterprise,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    workspace.run_json("scan", *small_demo.sources())
    monkeypatch.setenv("INDSEC_LANG", lang)
    lines = _show(workspace).splitlines()
    row = next(line for line in lines if " pp_recipe " in line)
    assert CORE_NAMES[lang] in row
    assert CORE_RULE not in row and "decided by" not in row
    # the columns that decided a grade are named beside the rule
    assert "(gysbm, gysmc)" in next(line for line in lines if " srm_gys " in line)
    shown = workspace.run_json("catalogue", "show")
    assert isinstance(shown, dict)
    assets = {a["name"]: a for a in shown["assets"]}
    # decided on the table itself: its name and comment, corroborated by recipe_id's codes
    # (配方名称 holds recipe titles, not recipe data: a suspicion since evidence before labels)
    assert assets["pp_recipe"]["decided_by"] == {
        "rule": CORE_RULE,
        "names": CORE_NAMES,
        "fields": [],
    }
    assert assets["srm_gys"]["decided_by"]["fields"] == ["gysbm", "gysmc"]


def _filing(workspace: Workspace, lang: str, fmt: str) -> Any:
    out = workspace.root / f"filing-{lang}.{fmt}"
    code, _, err = workspace.run(
        "filing", "export", "--format", fmt, "--lang", lang, "-o", str(out)
    )
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8")) if fmt == "json" else out


def test_a_chinese_filing_is_chinese_throughout(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    workspace.run_json("scan", *small_demo.sources())
    code, _, err = workspace.run(
        "catalogue", "review", "sys_user", "--grade", "important", "--reason", "含全部系统账号"
    )
    assert code == 0, err
    records = {r["data_name"]: r for r in _filing(workspace, "zh", "json")["records"]}
    for name, record in records.items():
        assert not re.search(r"[A-Za-z]", record["grading_basis"]), (name, record)
    assert records["pp_recipe"]["grading_basis"] == (
        "出口管制的战略性产品线技术数据：影响对象为国家安全，影响程度为严重危害 → 核心数据"
    )
    assert records["sys_user"]["grading_basis"] == (
        "人工复核定为重要数据（计算级别：一般数据）：含全部系统账号"
    )
    english = {r["data_name"]: r for r in _filing(workspace, "en", "json")["records"]}
    assert english["pp_recipe"]["grading_basis"] == (
        "export-controlled strategic product-line technology: "
        "impact on national security, serious harm → core"
    )


def test_filing_carrier_storage_and_form_layout(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    workspace.run_json("scan", *small_demo.sources())
    records = {r["data_name"]: r for r in _filing(workspace, "zh", "json")["records"]}
    carriers = {name: records[name]["carrier"] for name in ("srm_gys", "tms_shipment", "pp_recipe")}
    assert carriers == {
        "srm_gys": "数据库表 / SRM",
        "tms_shipment": "数据库表 / TMS",
        "pp_recipe": "数据库表 / MES",  # no system in its name: the source's ?system= hint
    }
    drawing = next(r for n, r in records.items() if n.endswith(".dxf"))
    assert re.fullmatch(r"[\d,]+ 字节（\d+\.\d KiB）", drawing["scale_bytes"])
    for lang, sheet_name in [
        ("zh", "重要数据和核心数据目录"),
        ("en", "Important & core data catalogue"),
    ]:
        sheet = load_workbook(_filing(workspace, lang, "xlsx")).worksheets[0]
        assert sheet.title == sheet_name
        assert sheet.freeze_panes == "A4"  # title, enterprise, header
        assert all(cell.font.bold for cell in sheet[3])
        assert sheet.auto_filter.ref == f"A3:O{sheet.max_row}"
        widths = [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO"]
        assert all(8 <= w <= 60 for w in widths) and len(set(widths)) > 3


def test_scan_counts_add_up_and_say_what_is_hidden(
    workspace: Workspace, small_demo: DemoEnterprise
) -> None:
    code, out, err = workspace.run("scan", *small_demo.sources())
    assert code == 0, err
    found = re.search(r"found (\d+) tables and files: (\d+) read, (\d+) not read", out)
    summed = re.search(r"catalogue version 1: (\d+) assets = (\d+) read \+ (\d+) more", out)
    header = re.search(r"Catalogue version 1 \(.*\) — (\d+) assets", out)
    assert found and summed and header, out
    seen, read, unread = map(int, found.groups())
    total, read_again, parts = map(int, summed.groups())
    assert seen == read + unread and read_again == read
    assert total == read + parts == int(header.group(1))
    assert "+ 0 carried over" in out
    shown = workspace.run_json("catalogue", "show")
    assert isinstance(shown, dict) and len(shown["assets"]) == total
    general = sum(1 for a in shown["assets"] if a["grade"] == "general")
    assert f"{general} general assets not shown; --all shows them" in out
    code, out, _ = workspace.run("catalogue", "show", "--all")
    assert code == 0 and "not shown" not in out
    code, out, _ = workspace.run("catalogue", "versions")
    assert code == 0
    assert re.search(r"version .*created.*trigger.*status.*assets", out), out


def test_scan_says_what_is_carried_over(workspace: Workspace, small_demo: DemoEnterprise) -> None:
    first = workspace.run_json("scan", *small_demo.sources())
    assert isinstance(first, dict)
    tables = sum(1 for a in first["assets"] if a["kind"] == "table")
    moved = small_demo.database.with_suffix(".moved")
    small_demo.database.rename(moved)
    try:
        code, out, err = workspace.run("scan", *small_demo.sources())
    finally:
        moved.rename(small_demo.database)
    assert code == 0, err
    assert f"+ {tables} carried over unchanged from sources not read this time: sqlite:///" in out
    summed = re.search(r"catalogue version 2: (\d+) assets", out)
    assert summed and int(summed.group(1)) == len(first["assets"])
