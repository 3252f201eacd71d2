"""The SigmaHQ conformance suite: does each rule match its regression EVTX as SigmaHQ expects?

SigmaHQ ships, for about two hundred rules, an EVTX file with the events the rule must detect
and an ``info.yml`` naming the rule (``rule_metadata[].id``) and, usually, the expected
``match_count``. An engine is conformant when running the rule over the file gives exactly that
count.

Some ``info.yml`` files carry no ``match_count``. SigmaHQ's own runner
(``tests/regression_tests_runner.py``) does not compare counts at all: it passes a test when the
rule id appears at least once in the checker's output. indsec therefore expects *at least one*
match when no count is given, and the exact count otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from indsec.detect.sources.evtx import EvtxReader
from indsec.model.source import ScanReport
from indsec.rules.yaml_loader import load_located
from indsec.sigma.engine import SigmaEngine

_RULE_ID = re.compile(r"^id:\s*['\"]?([0-9A-Za-z-]+)", re.MULTILINE)


class Outcome(StrEnum):
    EXACT = "exact"
    MISMATCH = "mismatch"
    UNSUPPORTED = "unsupported"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ConformanceCase:
    """One regression test: the rule, the EVTX, what was expected and what the engine found."""

    info: str
    rule_id: str
    title: str
    evtx: str
    expected: int | None
    actual: int | None
    outcome: Outcome
    reason: str = ""

    def describe(self) -> str:
        wanted = "at least 1" if self.expected is None else str(self.expected)
        found = "-" if self.actual is None else str(self.actual)
        detail = f": {self.reason}" if self.reason else ""
        return (
            f"{self.outcome}: {self.rule_id} {self.title!r} expected {wanted}, got {found}{detail}"
        )


@dataclass
class ConformanceReport:
    """Every case of the suite, with the exact-match rate."""

    cases: list[ConformanceCase] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share of cases whose match count is exactly as expected."""
        if not self.cases:
            return 0.0
        return sum(case.outcome is Outcome.EXACT for case in self.cases) / len(self.cases)

    def counts(self) -> Counter[str]:
        return Counter(str(case.outcome) for case in self.cases)

    def non_exact(self) -> list[ConformanceCase]:
        return [case for case in self.cases if case.outcome is not Outcome.EXACT]


def run_conformance(regression_root: Path, rules_roots: list[Path]) -> ConformanceReport:
    """Run every ``info.yml`` test under ``regression_root`` against rules in ``rules_roots``."""
    rules = index_rule_ids(rules_roots)
    report = ConformanceReport()
    for info in sorted(regression_root.rglob("info.yml")):
        report.cases += run_info(info, regression_root, rules)
    return report


def index_rule_ids(roots: list[Path]) -> dict[str, Path]:
    """Rule id → rule file, from each file's top-level ``id:`` line."""
    found: dict[str, Path] = {}
    for root in roots:
        for path in sorted(root.rglob("*.yml")):
            match = _RULE_ID.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                found.setdefault(match.group(1).lower(), path)
    return found


def run_info(info: Path, regression_root: Path, rules: dict[str, Path]) -> list[ConformanceCase]:
    """The cases of one ``info.yml`` (one per EVTX test it lists)."""
    doc, problems = load_located(info)
    data = doc.data if doc is not None else None
    if problems or not isinstance(data, dict):
        reason = "; ".join(str(p) for p in problems) or "not a mapping"
        return [ConformanceCase(str(info), "?", "?", "", None, None, Outcome.ERROR, reason)]
    rule_id, title = _rule_metadata(data)
    tests = [t for t in data.get("regression_tests_info") or [] if isinstance(t, dict)]
    return [
        _run_case(info, rule_id, title, test, regression_root, rules)
        for test in tests
        if test.get("type", "evtx") == "evtx"
    ]


def _rule_metadata(data: dict[str, Any]) -> tuple[str, str]:
    for meta in data.get("rule_metadata") or []:
        if isinstance(meta, dict) and meta.get("id"):
            return str(meta["id"]).lower(), str(meta.get("title", ""))
    return "?", ""


def _run_case(
    info: Path,
    rule_id: str,
    title: str,
    test: dict[str, Any],
    regression_root: Path,
    rules: dict[str, Path],
) -> ConformanceCase:
    evtx = _evtx_path(info, str(test.get("path", "")), regression_root)
    expected = test.get("match_count")
    expected = int(expected) if isinstance(expected, int) else None

    def case(outcome: Outcome, actual: int | None = None, reason: str = "") -> ConformanceCase:
        return ConformanceCase(
            str(info), rule_id, title, str(evtx), expected, actual, outcome, reason
        )

    rule_path = rules.get(rule_id)
    if rule_path is None:
        return case(Outcome.ERROR, reason="rule not found in the rule directories")
    if not evtx.is_file():
        return case(Outcome.ERROR, reason=f"EVTX not found: {evtx}")
    engine = SigmaEngine.from_paths([rule_path])
    if engine.problems:
        return case(Outcome.ERROR, reason="; ".join(str(p) for p in engine.problems))
    if engine.unsupported:
        return case(Outcome.UNSUPPORTED, reason=engine.unsupported[0].reason)
    origins, damage = _matched(engine, rule_id, evtx)
    actual = len(origins)
    if actual >= 1 if expected is None else actual == expected:
        return case(Outcome.EXACT, actual, damage)
    records = ", ".join(origin.rsplit("#", 1)[-1] for origin in origins)
    return case(
        Outcome.MISMATCH, actual, "; ".join(filter(None, [f"matched records [{records}]", damage]))
    )


def _evtx_path(info: Path, named: str, regression_root: Path) -> Path:
    """The EVTX a test names: relative to the SigmaHQ root, else beside ``info.yml``."""
    candidate = regression_root.parent / named
    if named and candidate.is_file():
        return candidate
    return info.parent / Path(named).name


def _matched(engine: SigmaEngine, rule_id: str, evtx: Path) -> tuple[list[str], str]:
    """Origins of the events the rule matched, and any damage found reading the file."""
    report = ScanReport()
    matches = engine.process(EvtxReader().read(evtx, report))
    origins = [match.origin for match in matches if match.rule.id.lower() == rule_id]
    return origins, "; ".join(f"{issue.where}: {issue.message}" for issue in report.failures)
