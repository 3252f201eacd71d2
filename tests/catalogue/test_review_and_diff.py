"""Reviews override computed grades with an audit trail; diffs flag re-filing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from indsec.catalogue.diff import Change, diff_assets
from indsec.catalogue.review import apply_review, latest_reviews, make_review
from indsec.errors import ReviewError
from indsec.model import Grade, Review
from tests.catalogue.conftest import make_asset

CATEGORIES = {"management.hr_finance", "production.process_parameters"}


def test_review_overrides_and_keeps_computed_values() -> None:
    asset = make_asset("员工", Grade.GENERAL)
    review = make_review(
        asset_key=asset.key,
        grade="important",
        category=None,
        reason="全员身份证信息",
        reviewer="li",
        known_categories=CATEGORIES,
    )
    reviewed = apply_review(asset, review)
    assert reviewed.grade is Grade.IMPORTANT
    assert reviewed.computed_grade is Grade.GENERAL
    assert reviewed.rationale[-1].rule == "human_review"
    assert "全员身份证信息" in reviewed.rationale[-1].evidence
    assert asset.grade is Grade.GENERAL  # the stored computation is untouched


@pytest.mark.parametrize(
    ("grade", "category", "reason", "message"),
    [
        (None, None, "x", "must set"),
        ("secret", None, "x", "unknown grade 'secret'"),
        (None, "nope", "x", "unknown category"),
        ("core", None, "  ", "needs a --reason"),
    ],
)
def test_invalid_reviews_are_refused(
    grade: str | None, category: str | None, reason: str, message: str
) -> None:
    with pytest.raises(ReviewError, match=message):
        make_review(
            asset_key="k",
            grade=grade,
            category=category,
            reason=reason,
            reviewer="li",
            known_categories=CATEGORIES,
        )


def test_newest_review_wins() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    older = Review(asset_key="k", grade=Grade.CORE, reason="a", reviewer="x", reviewed_at=at)
    newer = Review(asset_key="k", grade=Grade.GENERAL, reason="b", reviewer="y", reviewed_at=at)
    assert latest_reviews([older, newer])["k"] is newer


def test_diff_reports_changes_and_refiling() -> None:
    before = [
        make_asset("a", Grade.IMPORTANT, rows=1000),
        make_asset("b", Grade.GENERAL),
        make_asset("gone", Grade.CORE),
    ]
    after = [
        make_asset("a", Grade.IMPORTANT, rows=1300),
        make_asset("b", Grade.IMPORTANT),
        make_asset("new", Grade.GENERAL),
    ]
    changes = {
        (c.key.split("::")[1], c.change): c
        for c in diff_assets(before, after, refiling_scale_change=0.3)
    }
    assert changes[("a", Change.SCALE)].refiling is True
    assert changes[("b", Change.GRADE)].refiling is True
    assert changes[("gone", Change.REMOVED)].refiling is True
    assert changes[("new", Change.ADDED)].refiling is False
    small = diff_assets(
        [make_asset("a", Grade.CORE, rows=1000)],
        [make_asset("a", Grade.CORE, rows=1299)],
        refiling_scale_change=0.3,
    )
    assert [c.refiling for c in small] == [False]
