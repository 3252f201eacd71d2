"""Human review: overrides that outlive rescans because they are keyed by asset, not version."""

from __future__ import annotations

from datetime import UTC, datetime

from indsec.errors import ReviewError
from indsec.model import ClassifiedAsset, Grade, Names, RationaleStep, Review
from indsec.model.rationale import REVIEW_RULE

REVIEW_NAME = Names(zh="人工复核", en="human review")


def latest_reviews(reviews: list[Review]) -> dict[str, Review]:
    """The newest review of each asset key (``reviews`` is oldest first)."""
    return {review.asset_key: review for review in reviews}


def apply_review(asset: ClassifiedAsset, review: Review | None) -> ClassifiedAsset:
    """The asset as the reviewer decided, keeping the computed values and saying who and why."""
    if review is None:
        return asset
    changed = asset.model_copy(deep=True)
    if review.grade is not None and review.grade != asset.grade:
        changed.computed_grade = asset.grade
        changed.grade = review.grade
    if review.category is not None and review.category != asset.category:
        changed.computed_category = asset.category
        changed.category = review.category
    changed.rationale.append(
        RationaleStep(
            rule=REVIEW_RULE,
            name=REVIEW_NAME,
            effect=_effect(review),
            evidence=[review.reason, f"{review.reviewer} @ {review.reviewed_at.isoformat()}"],
            grade=review.grade,
        )
    )
    return changed


def _effect(review: Review) -> str:
    parts = []
    if review.grade is not None:
        parts.append(f"grade set to {review.grade.value}")
    if review.category is not None:
        parts.append(f"category set to {review.category}")
    return "; ".join(parts) + " by human review"


def make_review(
    *,
    asset_key: str,
    grade: str | None,
    category: str | None,
    reason: str,
    reviewer: str,
    known_categories: set[str],
) -> Review:
    """Validate a reviewer's input at the boundary and build the review."""
    if grade is None and category is None:
        raise ReviewError("a review must set --grade, --category or both")
    if not reason.strip():
        raise ReviewError("a review needs a --reason")
    try:
        parsed = Grade(grade) if grade is not None else None
    except ValueError as exc:
        valid = ", ".join(g.value for g in Grade)
        raise ReviewError(f"unknown grade '{grade}' (valid: {valid})") from exc
    if category is not None and category not in known_categories:
        raise ReviewError(f"unknown category '{category}' (see 'indsec rules list')")
    return Review(
        asset_key=asset_key,
        grade=parsed,
        category=category,
        reason=reason.strip(),
        reviewer=reviewer,
        reviewed_at=datetime.now(UTC),
    )
