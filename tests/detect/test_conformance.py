"""The SigmaHQ regression suite, and the rules the runner applies to each ``info.yml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import THIRD_PARTY, require_third_party

from indsec.detect.conformance import Outcome, index_rule_ids, run_conformance, run_info

require_third_party()
SIGMAHQ = THIRD_PARTY / "sigmahq"
RULE_DIRS = ["rules", "rules-emerging-threats", "rules-threat-hunting", "rules-placeholder"]
TARGET = 0.98


@pytest.mark.conformance
def test_sigmahq_regression_suite() -> None:
    report = run_conformance(SIGMAHQ / "regression_data", [SIGMAHQ / d for d in RULE_DIRS])
    print(f"\n{len(report.cases)} cases, {report.rate:.2%} exact, {dict(report.counts())}")
    for case in report.non_exact():
        print(" ", case.describe())
    assert len(report.cases) >= 200
    assert report.rate >= TARGET


WHOAMI_RULE = """\
title: Whoami
id: 11111111-2222-4333-8444-555555555555
logsource: {category: process_creation, product: windows}
detection:
    selection: {Image|endswith: '\\\\cmd.exe'}
    condition: selection
"""

SOURCE_EVTX = next((SIGMAHQ / "regression_data").rglob("271de298-cc0e-4842-acd8-079a0a99ea65.evtx"))


def layout(tmp_path: Path, rule: str, match_count: int | None) -> tuple[Path, Path, Path]:
    """A miniature SigmaHQ tree: rules/, regression_data/<case>/info.yml and its EVTX."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "rule.yml").write_text(rule, encoding="utf-8")
    case = tmp_path / "regression_data" / "case"
    case.mkdir(parents=True)
    (case / "test.evtx").write_bytes(SOURCE_EVTX.read_bytes())
    test = {"name": "Positive", "type": "evtx", "path": "regression_data/case/test.evtx"}
    if match_count is not None:
        test["match_count"] = match_count
    info = {
        "id": "00000000-0000-4000-8000-000000000000",
        "rule_metadata": [{"id": "11111111-2222-4333-8444-555555555555", "title": "Whoami"}],
        "regression_tests_info": [test],
    }
    (case / "info.yml").write_text(yaml.safe_dump(info), encoding="utf-8")
    return case / "info.yml", tmp_path / "regression_data", rules


OUTCOMES = [
    ("count-equal", WHOAMI_RULE, 1, Outcome.EXACT),
    ("count-differs", WHOAMI_RULE, 2, Outcome.MISMATCH),
    ("no-count-means-at-least-one", WHOAMI_RULE, None, Outcome.EXACT),
    ("no-count-no-match", WHOAMI_RULE.replace("cmd.exe", "nothing.exe"), None, Outcome.MISMATCH),
    (
        "unsupported",
        WHOAMI_RULE.replace("process_creation", "etw_kernel_network"),
        1,
        Outcome.UNSUPPORTED,
    ),
    (
        "invalid-rule",
        WHOAMI_RULE.replace("condition: selection", "condition: nope"),
        1,
        Outcome.ERROR,
    ),
]


@pytest.mark.parametrize(
    ("name", "rule", "count", "outcome"), OUTCOMES, ids=[o[0] for o in OUTCOMES]
)
def test_case_outcomes(
    tmp_path: Path, name: str, rule: str, count: int | None, outcome: Outcome
) -> None:
    info, root, rules = layout(tmp_path, rule, count)
    (case,) = run_info(info, root, index_rule_ids([rules]))
    assert case.outcome is outcome, case.describe()
    assert case.rule_id == "11111111-2222-4333-8444-555555555555"


def test_mismatch_names_the_matched_records(tmp_path: Path) -> None:
    info, root, rules = layout(tmp_path, WHOAMI_RULE, 3)
    (case,) = run_info(info, root, index_rule_ids([rules]))
    assert case.actual == 1
    assert case.reason == "matched records [1]"
    assert "expected 3, got 1" in case.describe()


def test_rule_not_found_is_an_error(tmp_path: Path) -> None:
    info, root, _ = layout(tmp_path, WHOAMI_RULE, 1)
    (case,) = run_info(info, root, {})
    assert case.outcome is Outcome.ERROR
    assert case.reason == "rule not found in the rule directories"


def test_info_without_evtx_tests_has_no_case(tmp_path: Path) -> None:
    info = tmp_path / "info.yml"
    info.write_text(yaml.safe_dump({"rule_metadata": [{"id": "x"}]}), encoding="utf-8")
    assert run_info(info, tmp_path, {}) == []
