"""Pick one MIIT category for an asset, by deterministic scoring of pack-declared signals.

Three kinds of signal add points to categories: recognizer labels (weight × confidence, once
per label), the source system (an MES table is probably production data) and keywords in the
asset's name or comment. The best-scoring category wins; equal scores go to the category that
comes first in the pack's ``tie_order``, so the same input always gives the same answer. A
cross-cutting category (personal information) wins only when no domain category qualifies:
an employee table is HR data that *contains* personal information, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from indsec.classify.grading_facts import LabelHit, index_labels
from indsec.classify.taxonomy_pack import KeywordRule, TaxonomyPack
from indsec.model import DiscoveredAsset, FieldResult, RationaleStep

DECISION_RULE = "taxonomy.decision"
_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


@dataclass(frozen=True, slots=True)
class CategoryDecision:
    """The category of one asset, its score, other cross-cutting categories, and why."""

    category: str
    score: float
    cross_cutting: tuple[str, ...]
    rationale: list[RationaleStep]


@dataclass(frozen=True, slots=True)
class _Points:
    """Points one signal gives one category."""

    rule: str
    category: str
    points: float
    effect: str
    evidence: tuple[str, ...]


def classify_asset(
    asset: DiscoveredAsset, fields: Sequence[FieldResult], *, taxonomy: TaxonomyPack
) -> CategoryDecision:
    """Choose the category of ``asset`` from its labelled ``fields``, system hint and name."""
    points = [
        *_label_points(index_labels(fields).values(), taxonomy),
        *_hint_points(asset, taxonomy),
        *_keyword_points(asset, taxonomy),
    ]
    scores = _totals(points)
    ranked = _ranked(scores, taxonomy)
    if not ranked:
        return _fallback(taxonomy)
    winner = ranked[0]
    others = _also_cross_cutting(scores, winner, taxonomy)
    steps = [_step(p) for p in sorted(points, key=lambda p: -p.points) if p.category == winner]
    steps.append(_decision_step(ranked, scores, taxonomy))
    steps += [_cross_cutting_step(c, scores[c], points) for c in others]
    return CategoryDecision(winner, scores[winner], others, steps)


def _label_points(hits: Iterable[LabelHit], taxonomy: TaxonomyPack) -> Iterator[_Points]:
    for hit in hits:
        parts = ", ".join(name for name, _ in hit.parts)
        for category, weight in taxonomy.label_weights.get(hit.label, {}).items():
            yield _Points(
                rule=f"taxonomy.label.{hit.label}",
                category=category,
                points=weight * hit.confidence,
                effect=f"weight {weight:.2f} × confidence {hit.confidence:.2f}",
                evidence=(f"{hit.describe()} in {parts}",),
            )


def _hint_points(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> Iterator[_Points]:
    """A system hint gives its prior to one category, or to every category of a domain."""
    hint = asset.system_hint.casefold()
    for name, priors in taxonomy.hint_priors.items():
        if not hint or name.casefold() != hint:
            continue
        for target, weight in priors.items():
            for category in taxonomy.targets_of(target):
                yield _Points(
                    rule=f"taxonomy.hint.{name}",
                    category=category,
                    points=weight,
                    effect=f"prior {weight:.2f} for {target}",
                    evidence=(f"system_hint={asset.system_hint}",),
                )


def _keyword_points(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> Iterator[_Points]:
    text = f"{asset.name} {asset.comment}"
    tokens = {t.lower() for t in _TOKEN.findall(text)}
    for rule in taxonomy.keywords:
        found = _keywords_found(rule, text.casefold(), tokens)
        if found:
            yield _Points(
                rule=f"taxonomy.keyword.{rule.id}",
                category=rule.category,
                points=rule.weight,
                effect=f"keyword weight {rule.weight:.2f}",
                evidence=(f"name/comment {text.strip()!r} contains {', '.join(found)}",),
            )


def _keywords_found(rule: KeywordRule, text: str, tokens: set[str]) -> list[str]:
    """ASCII words must be whole tokens (``hr`` is not in ``three``); Chinese words substrings."""
    return [w for w in rule.words if (w in tokens if w.isascii() else w in text)]


def _totals(points: list[_Points]) -> dict[str, float]:
    """Scores per category, rounded so float summation order cannot change a tie."""
    totals: dict[str, float] = {}
    for p in points:
        totals[p.category] = totals.get(p.category, 0.0) + p.points
    return {category: round(score, 6) for category, score in totals.items()}


def _ranked(scores: dict[str, float], taxonomy: TaxonomyPack) -> list[str]:
    """Qualifying categories, best first; domain categories before cross-cutting ones."""
    order = {category: index for index, category in enumerate(taxonomy.tie_order)}
    qualified = [c for c, s in scores.items() if s >= taxonomy.scoring.min_score]
    return sorted(
        qualified,
        key=lambda c: (taxonomy.category(c).cross_cutting, -scores[c], order[c]),
    )


def _also_cross_cutting(
    scores: dict[str, float], winner: str, taxonomy: TaxonomyPack
) -> tuple[str, ...]:
    return tuple(
        c.id
        for c in taxonomy.categories
        if c.cross_cutting
        and c.id != winner
        and scores.get(c.id, 0.0) >= taxonomy.scoring.min_score
    )


def _fallback(taxonomy: TaxonomyPack) -> CategoryDecision:
    step = RationaleStep(
        rule="taxonomy.fallback",
        effect=f"{taxonomy.scoring.fallback}: no category reached {taxonomy.scoring.min_score:.2f}",
        evidence=["no label, system hint or keyword pointed to a category strongly enough"],
        needs_review=True,
    )
    return CategoryDecision(taxonomy.scoring.fallback, 0.0, (), [step])


def _step(points: _Points) -> RationaleStep:
    return RationaleStep(
        rule=points.rule,
        effect=f"+{points.points:.2f} → {points.category} ({points.effect})",
        evidence=list(points.evidence),
    )


def _decision_step(
    ranked: list[str], scores: dict[str, float], taxonomy: TaxonomyPack
) -> RationaleStep:
    """Name the runner-up of the winner's own kind; cross-cutting ones get their own step."""
    winner = ranked[0]
    kind = taxonomy.category(winner).cross_cutting
    rivals = [c for c in ranked[1:] if taxonomy.category(c).cross_cutting is kind]
    evidence = [f"score {scores[winner]:.2f}"]
    if rivals:
        evidence.append(f"runner-up {rivals[0]} ({scores[rivals[0]]:.2f})")
        if scores[rivals[0]] == scores[winner]:
            evidence.append("equal scores: tie broken by the pack's tie_order")
    return RationaleStep(rule=DECISION_RULE, effect=f"category {winner}", evidence=evidence)


def _cross_cutting_step(category: str, score: float, points: list[_Points]) -> RationaleStep:
    return RationaleStep(
        rule="taxonomy.cross_cutting",
        effect=f"also {category} (score {score:.2f}), beside the domain category",
        evidence=[e for p in points if p.category == category for e in p.evidence],
    )
