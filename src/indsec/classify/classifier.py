"""Pick one MIIT category for an asset, by deterministic scoring of pack-declared signals.

The signals (labels, the table's own words and framework conventions, its column families, the
source's system hint) come from :mod:`indsec.classify.taxonomy_signals`. The best-scoring
category wins. With no evidence of the table's own the answer is ``unclassified``, flagged for
review, never a guess from the system hint; equal best scores go to the pack's ``tie_order``
and the decision is flagged for review, so a tie is never broken silently. A cross-cutting
category (personal information) wins only when no domain category qualifies: an employee
table is HR data that *contains* personal information, and says so. Even then it wins only
when the table is about people (:func:`is_about_people`): a stock record with one clerk's name
is unclassified for review, and reported as containing personal information.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.classify.taxonomy_signals import (
    Points,
    gather_points,
    hint_only_categories,
    is_about_people,
)
from indsec.model import DiscoveredAsset, FieldResult, RationaleStep

DECISION_RULE = "taxonomy.decision"
_SHOWN_BELOW = 3  # categories named in an unclassified table's rationale, strongest first


@dataclass(frozen=True, slots=True)
class CategoryDecision:
    """The category of one asset, its score, other cross-cutting categories, and why."""

    category: str
    score: float
    cross_cutting: tuple[str, ...]
    rationale: list[RationaleStep]


def classify_asset(
    asset: DiscoveredAsset,
    fields: Sequence[FieldResult],
    *,
    taxonomy: TaxonomyPack,
    related: Sequence[Points] = (),
) -> CategoryDecision:
    """Choose the category of ``asset`` from its fields, name, comment and system hint, and
    the ``related`` points other tables of its source give it (:mod:`indsec.classify.relations`,
    for a table its own evidence left unclassified)."""
    points = [*gather_points(asset, fields, taxonomy), *related]
    scores = _totals(points)
    ranked = [
        c
        for c in _ranked(scores, taxonomy)
        if not taxonomy.category(c).cross_cutting or is_about_people(c, asset, fields, taxonomy)
    ]
    if not ranked:
        return _fallback(taxonomy, hint_only_categories(asset, taxonomy), scores, points)
    winner = ranked[0]
    others = _also_cross_cutting(scores, winner, taxonomy)
    steps = [_step(p) for p in sorted(points, key=lambda p: -p.points) if p.category == winner]
    steps.append(_decision_step(ranked, scores, taxonomy, related=bool(related)))
    steps += [_cross_cutting_step(c, scores[c], points) for c in others]
    return CategoryDecision(winner, scores[winner], others, steps)


def _totals(points: list[Points]) -> dict[str, float]:
    """Scores per category, rounded so float summation order cannot change a tie."""
    totals: dict[str, float] = {}
    for p in points:
        totals[p.category] = totals.get(p.category, 0.0) + p.points
    return {category: round(score, 6) for category, score in totals.items()}


def _ranked(scores: dict[str, float], taxonomy: TaxonomyPack) -> list[str]:
    """Qualifying categories, best first; domain categories before cross-cutting ones.

    Scores within ``scoring.tie_margin`` of the best one of its kind are a tie: the evidence
    cannot tell them apart, so the pack's ``tie_order`` picks the first and the decision is
    flagged (a hair's breadth must not decide silently what a float rounding could flip).
    """
    order = {category: index for index, category in enumerate(taxonomy.tie_order)}
    qualified = [c for c, s in scores.items() if s >= taxonomy.scoring.min_score]
    ranked = sorted(
        qualified,
        key=lambda c: (taxonomy.category(c).cross_cutting, -scores[c], order[c]),
    )
    if not ranked:
        return ranked
    tied = [c for c in ranked if _tied(ranked[0], c, scores, taxonomy)]
    winner = min(tied, key=lambda c: order[c])
    return [winner, *(c for c in ranked if c != winner)]


def _tied(best: str, other: str, scores: dict[str, float], taxonomy: TaxonomyPack) -> bool:
    """``other`` is of ``best``'s kind and scores within the pack's tie margin of it."""
    same_kind = taxonomy.category(other).cross_cutting is taxonomy.category(best).cross_cutting
    return same_kind and abs(scores[best] - scores[other]) <= taxonomy.scoring.tie_margin


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


def _fallback(
    taxonomy: TaxonomyPack, hinted: list[str], scores: dict[str, float], points: list[Points]
) -> CategoryDecision:
    """Unclassified, for review; the reviewer sees what little evidence there was, and the
    cross-cutting categories (personal information) the table contains without being about."""
    evidence = ["no label, name, comment or column pointed to a category strongly enough"]
    if hinted:
        evidence.append(f"the system hint alone scores {', '.join(hinted)}: not evidence")
    if weak := sorted((c for c in scores if scores[c] > 0), key=lambda c: (-scores[c], c)):
        shown = ", ".join(f"{c} {scores[c]:.2f}" for c in weak[:_SHOWN_BELOW])
        evidence.append(f"below {taxonomy.scoring.min_score:.2f}: {shown}")
    step = RationaleStep(
        rule="taxonomy.fallback",
        effect=f"{taxonomy.scoring.fallback}: no category reached {taxonomy.scoring.min_score:.2f}",
        evidence=evidence,
        needs_review=True,
    )
    others = _also_cross_cutting(scores, taxonomy.scoring.fallback, taxonomy)
    steps = [step, *(_cross_cutting_step(c, scores[c], points) for c in others)]
    return CategoryDecision(taxonomy.scoring.fallback, 0.0, others, steps)


def _step(points: Points) -> RationaleStep:
    return RationaleStep(
        rule=points.rule,
        effect=f"+{points.points:.2f} → {points.category} ({points.effect})",
        evidence=list(points.evidence),
    )


def _decision_step(
    ranked: list[str], scores: dict[str, float], taxonomy: TaxonomyPack, *, related: bool
) -> RationaleStep:
    """Name the runner-up of the winner's own kind; cross-cutting ones get their own step. A
    decision that needed related tables is the schema's word, not the table's: for review."""
    winner = ranked[0]
    kind = taxonomy.category(winner).cross_cutting
    rivals = [c for c in ranked[1:] if taxonomy.category(c).cross_cutting is kind]
    evidence = [f"score {scores[winner]:.2f}"]
    tied = bool(rivals) and _tied(winner, rivals[0], scores, taxonomy)
    if rivals:
        evidence.append(f"runner-up {rivals[0]} ({scores[rivals[0]]:.2f})")
    if tied:
        margin = taxonomy.scoring.tie_margin
        evidence.append(
            f"scores within {margin:.2f}: tie broken by the pack's tie_order, needs review"
        )
    if related:
        evidence.append("decided with related tables' evidence, needs review")
    return RationaleStep(
        rule=DECISION_RULE,
        effect=f"category {winner}",
        evidence=evidence,
        needs_review=tied or related,
    )


def _cross_cutting_step(category: str, score: float, points: list[Points]) -> RationaleStep:
    return RationaleStep(
        rule="taxonomy.cross_cutting",
        effect=f"also {category} (score {score:.2f}), beside the domain category",
        evidence=[e for p in points if p.category == category for e in p.evidence],
    )
