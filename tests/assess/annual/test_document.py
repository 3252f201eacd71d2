"""The nine sections hold real content from the snapshot and its context, in both languages."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from benchmarks.assess_report_world import build_world
from openpyxl import load_workbook

from indsec.assess.annual import ReportContext
from indsec.assess.annual.appendix import write_appendix
from indsec.assess.annual.document import Document, build_document
from indsec.assess.annual.layout import LINE_UNITS, Table, Wording
from indsec.assess.annual.render import html
from indsec.assess.annual.wording import EN, ZH
from indsec.errors import ConfigError
from indsec.model import Grade
from indsec.model.assessment import AssessmentSnapshot
from indsec.model.labels import FieldLabel, FieldResult

World = tuple[AssessmentSnapshot, ReportContext]
ZH_TITLES = [ZH[f"s{n}"] for n in range(1, 10)]


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(asset_count=120, alert_count=40)


def _cells(document: Document, number: int) -> list[str]:
    section = document.sections[number - 1]
    cells = [v for fact in section.facts for v in fact] + list(section.paragraphs)
    return cells + [c for t in section.tables for row in t.rows for c in row]


def test_the_nine_sections_come_in_the_rules_order_with_their_titles(world: World) -> None:
    document = build_document(*world, "zh-CN")
    assert [s.title for s in document.sections] == ZH_TITLES
    assert [s.number for s in document.sections] == list(range(1, 10))


def test_sections_hold_the_catalogue_controls_risks_alerts_and_tasks(world: World) -> None:
    snapshot, context = world
    document = build_document(snapshot, context, "zh-CN")
    core = [a.name for a in context.assets if a.grade is Grade.CORE]
    assert set(core) <= set(_cells(document, 3))
    assert context.team[0].name in _cells(document, 2)
    failed = next(r for r in snapshot.results if r.outcome == "fail")
    [failed_row] = [r for r in document.sections[6].tables[2].rows if r[0] == failed.key]
    assert "第四十五条" in failed_row[4] and "管理办法" in failed_row[3]
    by_state = document.sections[7].tables[1]
    assert sum(int(c) for row in by_state.rows for c in row[1:]) == len(context.alerts)
    task = snapshot.tasks[0]
    assert any(
        row[0] == task.id and row[3] == task.owner for row in document.sections[8].tables[0].rows
    )


def test_a_listing_longer_than_the_bound_points_at_the_appendix(world: World) -> None:
    snapshot, context = world
    bounded = dataclasses.replace(context, listed_rows=3)
    listing = build_document(snapshot, bounded, "zh-CN").sections[2].tables[1]
    important = sum(a.grade is not Grade.GENERAL for a in context.assets)
    assert len(listing.rows) == 3
    assert f"共 {important} 项" in listing.note and ZH["sheet_assets"] in listing.note


def test_english_has_every_word_chinese_has_and_unknown_languages_are_refused(world: World) -> None:
    assert set(EN) == set(ZH)
    document = build_document(*world, "en")
    assert document.sections[6].title == "7. Compliance assessment"
    with pytest.raises(ConfigError, match="fr"):
        build_document(*world, "fr")


def test_the_report_shows_no_sample_value_and_escapes_names(world: World) -> None:
    snapshot, context = world
    label = FieldLabel(label="cn.resident_id", confidence=0.9, masked_examples=["1101********1234"])
    first = context.assets[0].model_copy(
        update={
            "name": "<script>x</script>",
            "grade": Grade.CORE,
            "fields": [FieldResult(name="id_no", labels=[label])],
        }
    )
    changed = dataclasses.replace(context, assets=[first, *context.assets[1:]])
    page = html(build_document(snapshot, changed, "zh-CN"))
    assert "1101********1234" not in page
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_controls_not_assessed_are_counted_apart_in_the_conclusion(world: World) -> None:
    snapshot, context = world
    outcomes = Counter(r.outcome for r in snapshot.results)
    conclusion = build_document(snapshot, context, "zh-CN").sections[8].paragraphs
    assert f"未评估 {outcomes['not_assessed']} 项" in conclusion[0]
    assert conclusion[1] == ZH["unassessed_warning"]


def test_the_conclusion_names_weakest_domains_high_risks_and_overdue_tasks(world: World) -> None:
    snapshot, context = world
    issued = context.issued_on
    task = snapshot.tasks[0]
    tasks = (
        dataclasses.replace(task, id="due-today", due=issued),
        dataclasses.replace(task, id="due-yesterday", due=issued - timedelta(days=1)),
        dataclasses.replace(task, id="closed-late", due=issued - timedelta(days=9), status="done"),
    )
    risk = dataclasses.replace(snapshot.risks[0], id="RX", likelihood=5, impact=3)
    low = dataclasses.replace(snapshot.risks[1], id="RL", likelihood=2, impact=5)
    changed = dataclasses.replace(snapshot, tasks=tasks, risks=(risk, low))
    paragraphs = build_document(changed, context, "zh-CN").sections[8].paragraphs
    assert "整改任务共 3 项，未关闭 2 项，其中截至出具日已逾期 1 项" in paragraphs[-1]
    high = next(p for p in paragraphs if p.startswith("高风险项"))
    assert "RX" in high and "RL" not in high
    weakest = min((d for d in snapshot.domains if d.score is not None), key=lambda d: d.score or 0)
    assert any(weakest.names.zh in p for p in paragraphs if p.startswith("得分最低"))


def test_short_columns_keep_their_width_and_long_ones_share_the_rest() -> None:
    long_text = "很长的法律依据文本" * 8
    header = ("编号", "结果", "依据", "罚则", "证据")
    table = Table("", header, (("a.b_1", "部分符合", long_text, long_text, long_text),))
    key, outcome, *long = table.widths
    assert outcome >= 100 * 10 / LINE_UNITS - 0.1, "four CJK glyphs and padding keep their width"
    assert min(long) > outcome > key and round(key + outcome + sum(long)) == 100


@pytest.mark.parametrize(
    ("lang", "words", "treatment"),
    [("zh-CN", ZH, "整改并复查"), ("en", EN, "remediate and check again")],
)
def test_the_risk_treatment_is_written_in_the_reader_s_language(
    world: World, tmp_path: Path, lang: str, words: Mapping[str, str], treatment: str
) -> None:
    snapshot, context = world
    document = build_document(snapshot, context, lang)
    [risks] = [t for s in document.sections for t in s.tables if words["treatment"] in t.header]
    column = risks.header.index(words["treatment"])
    assert {row[column] for row in risks.rows} == {treatment}
    write_appendix(snapshot, context, Wording(words, lang[:2]), tmp_path / "appendix.xlsx")
    sheet = load_workbook(tmp_path / "appendix.xlsx")[words["sheet_risks"]]
    [header, *rows] = sheet.iter_rows(values_only=True)
    column = header.index(words["treatment"])
    assert {row[column] for row in rows} == {treatment}
