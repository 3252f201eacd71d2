"""Grade one asset: general / important / core, with the rules and evidence that decided it.

Every rule of the grading pack is evaluated on the whole asset; each rule that fires, and the
asset's category baseline, is one *finding* with its own grade. The asset takes the highest
(就高从严, GB/T 43697 §4), and the rationale names the rule and the parts (fields) that decided
it, so a reviewer can confirm or override the grade without re-running anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indsec.classify.grade.evaluators import Match, evaluate_condition
from indsec.classify.grade.facts import AssetFacts
from indsec.classify.grade.pack import GradingPack, GradingRule, Impact
from indsec.errors import ConfigError
from indsec.model import (
    AssetKind,
    DiscoveredAsset,
    EnterpriseProfile,
    FieldResult,
    Grade,
    ImpactPair,
    Names,
    RationaleStep,
)

DECISION_RULE = "grading.decision"
DEFAULT_PROFILE_RULE = "profile.default"
BASELINE_NAME = Names(zh="类别基线", en="category baseline")
DECISION_NAME = Names(zh="就高从严", en="highest finding wins")
DEFAULT_PROFILE_NAME = Names(zh="默认企业画像", en="default enterprise profile")
_FLAGS = (
    "above_scale",
    "key_enterprise",
    "cii_operator",
    "strategic_product_lines",
    "export_controlled",
)


@dataclass(frozen=True, slots=True)
class GradeDecision:
    """The grade of one asset, its general-data sub-level (general only) and why."""

    grade: Grade
    general_sublevel: str | None
    rationale: list[RationaleStep]


@dataclass(frozen=True, slots=True)
class _Finding:
    """One contribution to the grade: a fired rule or the category baseline."""

    step: RationaleStep
    grade: Grade
    sublevel: str | None
    parts: tuple[str, ...]


def grade_asset(
    asset: DiscoveredAsset,
    fields: Sequence[FieldResult],
    *,
    category: str,
    profile: EnterpriseProfile,
    grading: GradingPack,
) -> GradeDecision:
    """Grade ``asset`` of ``category`` for the enterprise described by ``profile``.

    Raises:
        ConfigError: ``category`` has no baseline in the pack, or the profile names general
            sub-levels the pack does not define; both are set-up errors, not data errors.
    """
    allowed = _profile_sublevels(profile, grading)
    baseline = _baseline_finding(category, grading, empty=_holds_no_rows(asset))
    facts = AssetFacts.gather(asset, fields, category=category, profile=profile)
    findings = [*_rule_findings(facts, grading), baseline]
    decider = max(findings, key=lambda f: f.grade.rank)
    sublevel = _general_sublevel(findings, decider.grade, allowed, grading)
    steps = [
        *_default_profile_steps(profile),
        *(f.step for f in findings),
        _decision_step(decider, findings, sublevel, profile),
    ]
    return GradeDecision(decider.grade, sublevel, steps)


def _profile_sublevels(profile: EnterpriseProfile, grading: GradingPack) -> list[str]:
    """The pack's sub-levels the enterprise uses, highest first (empty: no sub-levels)."""
    known = grading.sublevel_ids()
    strange = [s for s in profile.general_sublevels if s not in known]
    if strange:
        raise ConfigError(
            f"profile.general_sublevels: unknown {', '.join(strange)} "
            f"(grading pack {grading.pack.id} defines {', '.join(known)})"
        )
    return [s for s in known if s in profile.general_sublevels]


def _holds_no_rows(asset: DiscoveredAsset) -> bool:
    """A table counted empty, or estimated empty with nothing in its sample."""
    if asset.kind is not AssetKind.TABLE or asset.rows != 0:
        return False
    return asset.rows_exact or not any(column.values for column in asset.columns)


def _baseline_finding(category: str, grading: GradingPack, *, empty: bool = False) -> _Finding:
    impacts = grading.category_baselines.impacts
    if category not in impacts:
        raise ConfigError(
            f"category '{category}' has no baseline in grading pack {grading.pack.id} "
            f"(known: {', '.join(sorted(impacts))})"
        )
    impact = impacts[category]
    grade = grading.grade_of(impact)
    sublevel = grading.sublevel_of(impact)
    evidence = [f"category {category}"]
    if empty and grading.general_sublevels.empty_asset is not None:
        sublevel = grading.general_sublevels.empty_asset
        evidence.append(f"the table holds no rows: general sub-level at most {sublevel}")
    step = RationaleStep(
        rule=f"baseline.{category}",
        effect=f"category baseline: impact {impact.object} × {impact.degree} → {grade}",
        evidence=evidence,
        needs_review=grading.category_baselines.needs_review or grading.matrix.needs_review,
        grade=grade,
        name=BASELINE_NAME,
        impact=ImpactPair(object=impact.object, degree=impact.degree),
    )
    return _Finding(step, grade, sublevel, ())


def _rule_findings(facts: AssetFacts, grading: GradingPack) -> list[_Finding]:
    findings: list[_Finding] = []
    for rule in grading.rules:
        match = evaluate_condition(rule.when, facts, min_confidence=grading.defaults.min_confidence)
        if match is not None:
            findings.append(_rule_finding(rule, match, grading))
    return findings


def _rule_finding(rule: GradingRule, match: Match, grading: GradingPack) -> _Finding:
    impact = rule.then.impact
    grade, sublevel = _effect_grade(rule, grading)
    if impact is None:
        effect = f"raise to at least {grade}"
    else:
        effect = f"impact {impact.object} × {impact.degree} → {grade}"
    if rule.factors:
        effect += f" (factors: {', '.join(rule.factors)})"
    needs_review = rule.needs_review or (impact is not None and grading.matrix.needs_review)
    step = RationaleStep(
        rule=rule.id,
        effect=effect,
        evidence=list(match.evidence),
        needs_review=needs_review,
        grade=grade,
        name=rule.names,
        impact=None if impact is None else ImpactPair(object=impact.object, degree=impact.degree),
        parts=list(match.parts),
    )
    return _Finding(step, grade, sublevel, match.parts)


def _effect_grade(rule: GradingRule, grading: GradingPack) -> tuple[Grade, str | None]:
    impact: Impact | None = rule.then.impact
    if impact is not None:
        return grading.grade_of(impact), grading.sublevel_of(impact)
    return rule.then.raise_to, None


def _general_sublevel(
    findings: list[_Finding], grade: Grade, allowed: list[str], grading: GradingPack
) -> str | None:
    """The highest sub-level among general findings, moved down onto one the profile uses."""
    if grade is not Grade.GENERAL or not allowed:
        return None
    order = grading.sublevel_ids()
    found = [f.sublevel for f in findings if f.grade is Grade.GENERAL and f.sublevel]
    highest = min(found, key=order.index, default=order[-1])
    lower_or_equal = [s for s in allowed if order.index(s) >= order.index(highest)]
    return lower_or_equal[0] if lower_or_equal else allowed[-1]


def _default_profile_steps(profile: EnterpriseProfile) -> list[RationaleStep]:
    if not profile.is_default:
        return []
    step = RationaleStep(
        rule=DEFAULT_PROFILE_RULE,
        effect="graded as an ordinary above-scale industrial enterprise: no enterprise profile set",
        name=DEFAULT_PROFILE_NAME,
        evidence=[
            "profile.is_default = true",
            f"profile.industry_code = {profile.industry_code}",
            *(f"profile.{flag} = {str(getattr(profile, flag)).lower()}" for flag in _FLAGS),
        ],
        needs_review=True,
    )
    return [step]


def _decision_step(
    decider: _Finding, findings: list[_Finding], sublevel: str | None, profile: EnterpriseProfile
) -> RationaleStep:
    tied = [f.step.rule for f in findings if f.grade is decider.grade and f is not decider]
    where = f" on {', '.join(decider.parts)}" if decider.parts else ""
    evidence = [f"decided by {decider.step.rule}{where}"]
    if tied:
        evidence.append(f"also {decider.grade}: {', '.join(tied)}")
    if sublevel is not None:
        evidence.append(f"general sub-level {sublevel}")
    return RationaleStep(
        rule=DECISION_RULE,
        effect=f"{decider.grade} (就高从严: highest of {len(findings)} findings)",
        evidence=evidence,
        needs_review=decider.step.needs_review or profile.is_default,
        grade=decider.grade,
        name=DECISION_NAME,
    )
