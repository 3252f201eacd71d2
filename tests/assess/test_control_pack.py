"""The ``controls`` pack kind: strict, flags unverified controls, and scores ignore ignorance."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from indsec.assess.control_pack import ControlPack
from indsec.model import EnterpriseProfile, Names
from indsec.model.assessment import AssessmentSnapshot, DomainScore
from indsec.rules.pack import load_pack_file

PACK = """\
pack: {id: site.controls.demo, kind: controls, version: "1"}
framework:
  id: demo
  names: {zh: 示例, en: demo}
  kind: scenario_checklist
  scenario: ransomware
domains:
  - id: backup
    names: {zh: 备份, en: backup}
    controls:
      - id: offline_backup
        names: {zh: 核心数据有离线备份, en: core data has an offline backup}
        basis:
          - law: {zh: 工业和信息化领域数据安全管理办法（试行）, en: MIIT Measures}
            article: "第二十二条"
            confidence: R
        applies: {grades: [core]}
        evidence: [check, record]
        check: {id: backup.fresh, params: {max_age_days: 7}}
        scenarios: [ransomware]
        confidence: F
        needs_review: {needs_review}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "controls.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_pack_loads_with_keys_across_frameworks(tmp_path: Path) -> None:
    pack, problems = load_pack_file(_write(tmp_path, PACK.replace("{needs_review}", "true")))
    assert problems == []
    assert isinstance(pack, ControlPack)
    [control] = pack.controls()
    assert pack.key(control) == "demo.offline_backup"
    assert control.check is not None and control.check.params == {"max_age_days": 7}


def test_a_control_resting_on_a_recalled_article_must_be_flagged(tmp_path: Path) -> None:
    pack, problems = load_pack_file(_write(tmp_path, PACK.replace("{needs_review}", "false")))
    assert pack is None
    assert any("needs_review" in p.message for p in problems)


def test_a_checklist_without_its_scenario_and_an_unknown_key_are_refused(tmp_path: Path) -> None:
    text = PACK.replace("{needs_review}", "true").replace("  scenario: ransomware\n", "")
    _, problems = load_pack_file(_write(tmp_path, text))
    assert any("names its scenario" in p.message for p in problems)
    _, problems = load_pack_file(_write(tmp_path, text + "  colour: red\n"))
    assert problems


def test_scores_leave_out_what_was_not_assessed_or_does_not_apply() -> None:
    names = Names(zh="备份", en="backup")
    backup = DomainScore("demo", "backup", names, {"pass": 1, "partial": 1, "fail": 2})
    unknown = DomainScore("demo", "org", names, {"not_assessed": 3, "not_applicable": 2})
    assert backup.score == 1.5 / 4
    assert unknown.score is None
    now = datetime(2026, 12, 7, tzinfo=UTC)
    snapshot = AssessmentSnapshot(
        "a1", "annual", EnterpriseProfile(), now, now, {"demo": "1"}, (), (backup, unknown)
    )
    assert snapshot.overall == 1.5 / 4
