"""Evaluation of grading conditions: one registered function per test key.

Each evaluator returns ``None`` when its test fails, or a :class:`Match` with the evidence a
person needs to check the decision ("rows=1,200,000 ≥ 1,000,000", "profile.cii_operator =
true") and the parts (fields) the evidence came from. A new test key is a schema field in
``grading_conditions`` plus one function registered here; nothing dispatches on type names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any

from indsec.classify.grade.conditions import Condition, LabelCount, ProfileFlags
from indsec.classify.grade.facts import AssetFacts, LabelHit
from indsec.plugins import Registry, a_function


@dataclass(frozen=True, slots=True)
class Match:
    """Why a condition held: human-readable evidence and the parts that supplied it."""

    evidence: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    def __add__(self, other: Match) -> Match:
        parts = self.parts + tuple(p for p in other.parts if p not in self.parts)
        return Match(self.evidence + other.evidence, parts)


@dataclass(frozen=True, slots=True)
class Scope:
    """The asset under test and the label confidence in force for the current block."""

    facts: AssetFacts
    min_confidence: float


Evaluator = Callable[[Any, Scope], Match | None]
CONDITIONS: Registry[Evaluator] = Registry(
    "grading conditions", entry_point_group="indsec.grading_conditions", accepts=a_function
)


def evaluate_condition(
    condition: Condition, facts: AssetFacts, *, min_confidence: float
) -> Match | None:
    """Evaluate ``condition`` on one asset; ``min_confidence`` applies unless a block sets one."""
    return _evaluate_block(condition, Scope(facts, min_confidence))


def _evaluate_block(block: Condition, scope: Scope) -> Match | None:
    if block.min_confidence is not None:
        scope = Scope(scope.facts, block.min_confidence)
    return _every(CONDITIONS.get(key)(value, scope) for key, value in block.tests())


@CONDITIONS.decorator("all")
def _all_of(blocks: list[Condition], scope: Scope) -> Match | None:
    return _every(_evaluate_block(block, scope) for block in blocks)


def _every(matches: Iterator[Match | None]) -> Match | None:
    """All the evidence when every test holds; None at the first that fails (the rest unrun)."""
    total = Match()
    for found in matches:
        if found is None:
            return None
        total += found
    return total


@CONDITIONS.decorator("any")
def _any_of(blocks: list[Condition], scope: Scope) -> Match | None:
    """Every alternative that holds contributes evidence, not only the first."""
    found = [m for m in (_evaluate_block(b, scope) for b in blocks) if m is not None]
    return reduce(add, found) if found else None


def _confident(labels: list[str], scope: Scope) -> list[LabelHit]:
    hits = (scope.facts.labels.get(label) for label in dict.fromkeys(labels))
    return [h for h in hits if h is not None and h.confidence >= scope.min_confidence]


def _labels_match(hits: list[LabelHit], scope: Scope, lead: str = "labels") -> Match:
    evidence = f"{lead} {', '.join(h.describe() for h in hits)}"
    parts = (p for h in hits for p in h.parts_at_least(scope.min_confidence))
    return Match((evidence,), tuple(dict.fromkeys(parts)))


@CONDITIONS.decorator("labels_any")
def _labels_any(labels: list[str], scope: Scope) -> Match | None:
    hits = _confident(labels, scope)
    return _labels_match(hits, scope) if hits else None


@CONDITIONS.decorator("labels_all")
def _labels_all(labels: list[str], scope: Scope) -> Match | None:
    hits = _confident(labels, scope)
    return _labels_match(hits, scope) if len(hits) == len(set(labels)) else None


@CONDITIONS.decorator("labels_at_least")
def _labels_at_least(wanted: LabelCount, scope: Scope) -> Match | None:
    hits = _confident(wanted.labels, scope)
    if len(hits) < wanted.count:
        return None
    lead = f"{len(hits)} of {len(set(wanted.labels))} listed labels (≥ {wanted.count}):"
    return _labels_match(hits, scope, lead)


@CONDITIONS.decorator("category_in")
def _category_in(categories: list[str], scope: Scope) -> Match | None:
    """A listed id matches the category itself or, for a domain id, any category in it."""
    category = scope.facts.category
    if not any(category == c or category.startswith(f"{c}.") for c in categories):
        return None
    return Match((f"category {category} in [{', '.join(categories)}]",))


@CONDITIONS.decorator("rows_at_least")
def _rows_at_least(threshold: int, scope: Scope) -> Match | None:
    asset = scope.facts.asset
    if asset.rows is None or asset.rows < threshold:
        return None
    if asset.rows_exact:
        return Match((f"rows={asset.rows:,} ≥ {threshold:,}",))
    return Match((f"rows≈{asset.rows:,} (estimate) ≥ {threshold:,}",))


@CONDITIONS.decorator("profile")
def _profile(flags: ProfileFlags, scope: Scope) -> Match | None:
    required = flags.required()
    actual = {name: getattr(scope.facts.profile, name) for name in required}
    if actual != required:
        return None
    return Match(tuple(f"profile.{name} = {str(value).lower()}" for name, value in actual.items()))


@CONDITIONS.decorator("industry_code_prefix")
def _industry_code_prefix(prefixes: list[str], scope: Scope) -> Match | None:
    code = scope.facts.profile.industry_code
    prefix = next((p for p in prefixes if code.upper().startswith(p.upper())), None)
    if prefix is None:
        return None
    return Match((f"profile.industry_code {code} starts with {prefix}",))


@CONDITIONS.decorator("system_hint_in")
def _system_hint_in(hints: list[str], scope: Scope) -> Match | None:
    hint = scope.facts.asset.system_hint
    if not hint or hint.casefold() not in {h.casefold() for h in hints}:
        return None
    return Match((f"system_hint {hint} in [{', '.join(hints)}]",))


@CONDITIONS.decorator("file_format_in")
def _file_format_in(formats: list[str], scope: Scope) -> Match | None:
    """Formats compare without a leading dot and without case (``.DWG`` is ``dwg``)."""
    found = scope.facts.asset.file_format.lstrip(".").casefold()
    if not found or found not in {f.lstrip(".").casefold() for f in formats}:
        return None
    return Match((f"file_format {found} in [{', '.join(formats)}]",))
