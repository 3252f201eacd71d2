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

from indsec.catalogue.kept import Kept
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
    any_grade: tuple[str, ...] = ()
    """Assets of any of these grades (with ``grade``, if set)."""

    @property
    def grades(self) -> tuple[str, ...]:
        return (*self.any_grade, self.grade) if self.grade else self.any_grade


@dataclass(frozen=True)
class AssetLine:
    """An asset as a list line shows it, reviews applied."""

    source: str
    name: str
    kind: str
    category: str
    grade: str
    rows: int | None


@dataclass(frozen=True)
class Facets:
    """The values the filters may take in a version, for the filter's choices."""

    categories: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


_FACETS: Kept[tuple[str, int, int], Facets] = Kept(most=32)
"""The filters' choices of complete versions, oldest entry dropped first (see ``facets``)."""


def newest_reviews() -> Subquery:
    """The newest review of each asset key (reviews are never rewritten: the highest id)."""
    newest = select(func.max(ReviewRow.id)).group_by(ReviewRow.asset_key)
    return select(ReviewRow).where(ReviewRow.id.in_(newest)).subquery("review")


def _overridden(
    reviews: dict[str, tuple[str | None, str | None]], column: int, value: str, computed: Any
) -> ColumnElement[bool]:
    """Assets whose grade or category (``column`` 0 or 1 of ``reviews``' values) is ``value``
    once reviews apply: computed ``value`` and not reviewed to another, or reviewed to
    ``value``. Reviews are few and assets many, so the keys are spelled out and the database
    serves the rest from the version's index on the computed column."""
    moved = [key for key, decided in reviews.items() if decided[column] not in (None, value)]
    here = [key for key, decided in reviews.items() if decided[column] == value]
    found = computed == value
    if moved:
        found = and_(found, AssetRow.asset_key.not_in(moved))
    return or_(found, AssetRow.asset_key.in_(here)) if here else found


class VersionListing:
    """Queries over the assets of one stored version (``scan_id``), reviews applied."""

    def __init__(self, session: Session, scan_id: int) -> None:
        self.session = session
        self.scan_id = scan_id
        self.review = newest_reviews()
        self._decided: dict[str, tuple[str | None, str | None]] | None = None

    def decided(self) -> dict[str, tuple[str | None, str | None]]:
        """The newest review's (grade, category) of each reviewed asset key, read once."""
        if self._decided is None:
            rows = self.session.execute(
                select(self.review.c.asset_key, self.review.c.grade, self.review.c.category)
            )
            self._decided = {key: (grade, category) for key, grade, category in rows}
        return self._decided

    def _select(self, *columns: Any) -> Select[Any]:
        return select(*columns).where(AssetRow.scan_id == self.scan_id)

    def _reviewed(self, *columns: Any) -> Select[Any]:
        """``columns`` of the version's assets joined to their newest review, if any."""
        joined = AssetRow.__table__.outerjoin(
            self.review, self.review.c.asset_key == AssetRow.asset_key
        )
        return self._select(*columns).select_from(joined)

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
        if query.grades:
            decided = self.decided()
            found.append(or_(*(_overridden(decided, 0, g, AssetRow.grade) for g in query.grades)))
        if query.category:
            found.append(_overridden(self.decided(), 1, query.category, AssetRow.category))
        if query.source:
            found.append(AssetRow.source == query.source)
        if query.label:
            labelled = select(AssetLabelRow.asset_id).where(
                AssetLabelRow.scan_id == self.scan_id, AssetLabelRow.label == query.label
            )
            found.append(AssetRow.id.in_(labelled))
        if query.needs_review:
            reviewed = list(self.decided())
            found.append(and_(AssetRow.suspected, AssetRow.asset_key.not_in(reviewed)))
        return found

    def count(self, query: AssetFilter) -> int:
        """How many assets of the version ``query`` matches."""
        counted = self._select(func.count()).select_from(AssetRow).where(*self._conditions(query))
        return int(self.session.scalar(counted) or 0)

    def _paged(self, query: AssetFilter, *, offset: int, limit: int) -> ColumnElement[bool]:
        """The assets of the page ``offset`` to ``offset + limit`` by key, chosen by their
        indexed columns alone: a page's columns read out of the stored documents are then read
        for its own rows only, not for every row the offset skips (page 100 of 50 rows would
        detoast 5,000 documents)."""
        keys = self._select(AssetRow.id).where(*self._conditions(query))
        return AssetRow.id.in_(keys.order_by(AssetRow.asset_key).offset(offset).limit(limit))

    def page(self, query: AssetFilter, *, offset: int, limit: int) -> list[ClassifiedAsset]:
        """The matching assets ``offset`` to ``offset + limit`` by key: only these are parsed."""
        found = self._matching(AssetFilter()).where(self._paged(query, offset=offset, limit=limit))
        return [self._asset(row) for row in self.session.execute(found)]

    def lines(self, query: AssetFilter, *, offset: int, limit: int) -> list[AssetLine]:
        """Like :meth:`page`, as list lines read out of the stored JSON by the database: no
        document leaves it and none is parsed."""
        document = AssetRow.document
        chosen = self._reviewed(
            AssetRow.source,
            document["name"].as_string(),
            document["kind"].as_string(),
            func.coalesce(self.review.c.category, AssetRow.category),
            func.coalesce(self.review.c.grade, AssetRow.grade),
            document["rows"].as_integer(),
        )
        found = chosen.where(self._paged(query, offset=offset, limit=limit))
        return [AssetLine(*row) for row in self.session.execute(found.order_by(AssetRow.asset_key))]

    def stream(self, query: AssetFilter, *, limit: int) -> Iterator[ClassifiedAsset]:
        """The first ``limit`` matching assets by key, read and parsed a batch at a time."""
        found = self._matching(query).limit(limit).execution_options(yield_per=STREAM_BATCH)
        yield from (self._asset(row) for row in self.session.execute(found))

    def _matching(self, query: AssetFilter) -> Select[Any]:
        review = self.review.c
        columns = (review.grade, review.category, review.reason, review.reviewer)
        chosen = self._reviewed(AssetRow.document, review.id, *columns, review.reviewed_at)
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
        """How many assets of the version have each grade, reviews applied: the computed
        grades counted on the index, then each reviewed asset moved to its reviewed grade."""
        counted = self._select(AssetRow.grade, func.count()).group_by(AssetRow.grade)
        found = {grade: 0 for grade in Grade}
        for grade, n in self.session.execute(counted):
            found[Grade(grade)] += int(n)
        moves = self._reviewed(AssetRow.grade, self.review.c.grade).where(
            self.review.c.grade.is_not(None)
        )
        for computed, reviewed in self.session.execute(moves):
            found[Grade(computed)] -= 1
            found[Grade(reviewed)] += 1
        return found

    def facets(self, *, complete: bool) -> Facets:
        """The categories (computed, and as reviewed), sources and labels of the version.

        A complete version never changes and its categories change only with a review, so
        its choices are kept per (database, version, newest review) and read once.
        """
        if not complete:
            return self._facets()
        newest = self.session.scalar(select(func.max(ReviewRow.id))) or 0
        key = (str(self.session.get_bind().engine.url), self.scan_id, newest)
        return _FACETS.get(key, self._facets)

    def _facets(self) -> Facets:
        labels = select(AssetLabelRow.label).where(AssetLabelRow.scan_id == self.scan_id)
        reviewed = self._reviewed(self.review.c.category).where(self.review.c.category.is_not(None))
        categories = self._distinct(self._select(AssetRow.category).distinct())
        return Facets(
            categories=sorted({*categories, *self._distinct(reviewed.distinct())}),
            sources=self._distinct(self._select(AssetRow.source).distinct()),
            labels=self._distinct(labels.distinct()),
        )

    def _distinct(self, query: Select[Any]) -> list[str]:
        return sorted(str(value) for value in self.session.scalars(query))
