"""The catalogue list answered by the database: filtered, counted, sorted and paged in SQL over
one version's indexed columns, with the newest human review of each asset laid over its grade
and category, so a filter by grade sees the reviewed grade and only a page's documents are
ever parsed.

``needs_review`` is an asset with suspicions (labels a column's name or comment alone
suggests) that no human has reviewed yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from indsec.catalogue.review import apply_review
from indsec.model import ClassifiedAsset, Grade, Review
from indsec.store.tables import AssetLabelRow, AssetRow, ReviewRow

STREAM_BATCH = 500


@dataclass(frozen=True)
class AssetFilter:
    """The list's filters: each empty (or False) filter lets every asset through."""

    text: str = ""
    grade: str = ""
    category: str = ""
    source: str = ""
    label: str = ""
    needs_review: bool = False


@dataclass(frozen=True)
class Facets:
    """The values the filters may take in a version, for the filter's choices."""

    categories: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def newest_reviews() -> Subquery:
    """The newest review of each asset key (reviews are never rewritten: the highest id)."""
    newest = select(func.max(ReviewRow.id)).group_by(ReviewRow.asset_key)
    return select(ReviewRow).where(ReviewRow.id.in_(newest)).subquery("review")


class VersionListing:
    """Queries over the assets of one stored version (``scan_id``), reviews applied."""

    def __init__(self, session: Session, scan_id: int) -> None:
        self.session = session
        self.scan_id = scan_id
        self.review = newest_reviews()
        self.grade = func.coalesce(self.review.c.grade, AssetRow.grade)
        self.category = func.coalesce(self.review.c.category, AssetRow.category)

    def _select(self, *columns: Any) -> Select[Any]:
        joined = AssetRow.__table__.outerjoin(
            self.review, self.review.c.asset_key == AssetRow.asset_key
        )
        return select(*columns).select_from(joined).where(AssetRow.scan_id == self.scan_id)

    def _conditions(self, query: AssetFilter) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        text = query.text.strip().lower()
        if text:
            found.append(
                or_(
                    AssetRow.name_folded.contains(text, autoescape=True),
                    AssetRow.comment_folded.contains(text, autoescape=True),
                )
            )
        if query.grade:
            found.append(self.grade == query.grade)
        if query.category:
            found.append(self.category == query.category)
        if query.source:
            found.append(AssetRow.source == query.source)
        if query.label:
            labelled = select(AssetLabelRow.asset_id).where(
                AssetLabelRow.scan_id == self.scan_id, AssetLabelRow.label == query.label
            )
            found.append(AssetRow.id.in_(labelled))
        if query.needs_review:
            found.append(and_(AssetRow.suspected, self.review.c.id.is_(None)))
        return found

    def count(self, query: AssetFilter) -> int:
        """How many assets of the version ``query`` matches."""
        counted = self._select(func.count()).where(*self._conditions(query))
        return int(self.session.scalar(counted) or 0)

    def page(self, query: AssetFilter, *, offset: int, limit: int) -> list[ClassifiedAsset]:
        """The matching assets ``offset`` to ``offset + limit`` by key: only these are parsed."""
        found = self._matching(query).offset(offset).limit(limit)
        return [self._asset(row) for row in self.session.execute(found)]

    def stream(self, query: AssetFilter, *, limit: int) -> Iterator[ClassifiedAsset]:
        """The first ``limit`` matching assets by key, read and parsed a batch at a time."""
        found = self._matching(query).limit(limit).execution_options(yield_per=STREAM_BATCH)
        yield from (self._asset(row) for row in self.session.execute(found))

    def _matching(self, query: AssetFilter) -> Select[Any]:
        review = self.review.c
        columns = (review.grade, review.category, review.reason, review.reviewer)
        chosen = self._select(AssetRow.document, review.id, *columns, review.reviewed_at)
        return chosen.where(*self._conditions(query)).order_by(AssetRow.asset_key)

    @staticmethod
    def _asset(row: Row[Any]) -> ClassifiedAsset:
        document, review_id, grade, category, reason, reviewer, reviewed_at = tuple(row)
        asset = ClassifiedAsset.model_validate(document)
        if review_id is None:
            return asset
        review = Review(
            asset_key=asset.key,
            grade=Grade(grade) if grade else None,
            category=category,
            reason=reason,
            reviewer=reviewer,
            reviewed_at=reviewed_at,
        )
        return apply_review(asset, review)

    def grade_counts(self) -> dict[Grade, int]:
        """How many assets of the version have each grade, reviews applied."""
        counted = self._select(self.grade, func.count()).group_by(self.grade)
        found = {Grade(grade): int(n) for grade, n in self.session.execute(counted)}
        return {grade: found.get(grade, 0) for grade in Grade}

    def facets(self) -> Facets:
        """The categories (reviews applied), sources and labels present in the version."""
        labels = select(AssetLabelRow.label).where(AssetLabelRow.scan_id == self.scan_id)
        return Facets(
            categories=self._distinct(self._select(self.category).distinct()),
            sources=self._distinct(self._select(AssetRow.source).distinct()),
            labels=self._distinct(labels.distinct()),
        )

    def _distinct(self, query: Select[Any]) -> list[str]:
        return sorted(str(value) for value in self.session.scalars(query))
