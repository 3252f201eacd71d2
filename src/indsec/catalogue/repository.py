"""Catalogue persistence: append-only versions and reviews over the store.

A scan is written as a new version in three steps (begin, add assets, finish) so a scan that
dies half-way leaves a version in state ``running`` or ``failed`` that is never shown: readers
only ever see the newest *complete* version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Insert, and_, delete, func, insert, literal, select
from sqlalchemy.orm import Session, aliased

from indsec.catalogue.kept import Kept
from indsec.catalogue.listing import VersionListing
from indsec.errors import NoCatalogueError, NotFoundError
from indsec.model import CatalogueVersion, ClassifiedAsset, Grade, Review
from indsec.store.database import Store
from indsec.store.processes import fail_abandoned, finish, started_here
from indsec.store.tables import AssetLabelRow, AssetRow, ReviewRow, ScanRow

COMPLETE = "complete"
RUNNING = "running"
FAILED = "failed"
COPY_BATCH = 500
_COMPLETE_COUNTS: Kept[tuple[str, int, datetime], int] = Kept(most=64)
"""Asset counts of complete versions, per (database, version row, its creation), oldest
entry dropped first."""


def _version(row: ScanRow, asset_count: int) -> CatalogueVersion:
    return CatalogueVersion(
        number=row.number,
        created_at=row.created_at,
        finished_at=row.finished_at,
        status=row.status,
        trigger=row.trigger,
        sources=list(row.sources),
        rule_pack_versions=dict(row.rule_packs),
        profile=dict(row.profile),
        report=dict(row.report),
        error=row.error,
        asset_count=asset_count,
    )


COPIED_COLUMNS = (
    AssetRow.asset_key,
    AssetRow.category,
    AssetRow.grade,
    AssetRow.document,
    AssetRow.source,
    AssetRow.name_folded,
    AssetRow.comment_folded,
    AssetRow.suspected,
)


def _asset_row(scan_id: int, asset: ClassifiedAsset) -> AssetRow:
    return AssetRow(
        scan_id=scan_id,
        asset_key=asset.key,
        category=asset.category,
        grade=asset.grade.value,
        document=asset.model_dump(mode="json"),
        source=asset.source,
        name_folded=asset.name.lower(),
        comment_folded=asset.comment.lower(),
        suspected=bool(asset.suspicion_ids()),
    )


def _copy_labels(source_id: int, target_id: int, skip_sources: set[str]) -> Insert:
    """The labels of the assets just copied from ``source_id``, for their copies (the
    ``skip_sources`` were scanned again: their assets in ``target_id`` have their own)."""
    old, new = aliased(AssetRow), aliased(AssetRow)
    labels = (
        select(new.id, AssetLabelRow.label, literal(target_id))
        .join(old, old.id == AssetLabelRow.asset_id)
        .join(new, and_(new.asset_key == old.asset_key, new.scan_id == target_id))
        .where(AssetLabelRow.scan_id == source_id, old.source.not_in(skip_sources))
    )
    return insert(AssetLabelRow).from_select(["asset_id", "label", "scan_id"], labels)


class CatalogueRepository:
    """Reads and appends catalogue versions and reviews."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def begin_version(
        self,
        *,
        trigger: str,
        sources: list[str],
        rule_packs: dict[str, str],
        profile: dict[str, Any],
    ) -> int:
        """Open a new version in state ``running``; returns its number."""
        with self.store.session() as session:
            last = session.scalar(select(func.max(ScanRow.number))) or 0
            row = ScanRow(
                number=last + 1,
                created_at=datetime.now(UTC),
                status=RUNNING,
                trigger=trigger,
                sources=sources,
                rule_packs=rule_packs,
                profile=profile,
                **started_here(),
            )
            session.add(row)
            return row.number

    def add_assets(self, number: int, assets: Iterable[ClassifiedAsset]) -> int:
        """Store assets into a running version; returns how many were written.

        Besides the document, each row gets the columns the catalogue list filters on and a
        row per label (:mod:`indsec.catalogue.listing`).
        """
        with self.store.session() as session:
            scan_id = self._scan_id(session, number)
            pairs = [(asset, _asset_row(scan_id, asset)) for asset in assets]
            session.add_all(row for _, row in pairs)
            session.flush()
            session.add_all(
                AssetLabelRow(asset_id=row.id, label=label, scan_id=scan_id)
                for asset, row in pairs
                for label in asset.label_ids()
            )
        return len(pairs)

    def copy_assets(self, source: int, target: int, *, skip_sources: set[str]) -> dict[str, int]:
        """Copy version ``source``'s assets, except those of ``skip_sources``, into ``target``.

        Rows are streamed and written a batch at a time, so carrying a large catalogue over
        costs one batch of memory; returns how many assets of each source were copied.
        """
        copied: dict[str, int] = {}
        with self.store.session() as session:
            source_id, target_id = self._scan_id(session, source), self._scan_id(session, target)
            rows = session.execute(
                select(*COPIED_COLUMNS)
                .where(AssetRow.scan_id == source_id, AssetRow.source.not_in(skip_sources))
                .execution_options(yield_per=COPY_BATCH)
            )
            for batch in rows.partitions():
                for row in batch:
                    copied[row.source] = copied.get(row.source, 0) + 1
                session.execute(
                    insert(AssetRow), [{**row._asdict(), "scan_id": target_id} for row in batch]
                )
            session.execute(_copy_labels(source_id, target_id, skip_sources))
        return copied

    def drop_source(self, number: int, source: str) -> None:
        """Remove what ``source`` stored in running version ``number`` before it failed."""
        with self.store.session() as session:
            scan_id = self._scan_id(session, number)
            ids = list(
                session.scalars(
                    select(AssetRow.id).where(
                        AssetRow.scan_id == scan_id, AssetRow.source == source
                    )
                )
            )
            for start in range(0, len(ids), COPY_BATCH):
                chunk = ids[start : start + COPY_BATCH]
                session.execute(delete(AssetRow).where(AssetRow.id.in_(chunk)))

    def finish_version(
        self, number: int, *, status: str, report: dict[str, Any], error: str = ""
    ) -> None:
        """Close a version as ``complete`` or ``failed``."""
        with self.store.session() as session:
            row = session.scalars(select(ScanRow).where(ScanRow.number == number)).one()
            finish(row, status=status, report=report, error=error)

    def fail_abandoned(self, max_age: timedelta) -> list[int]:
        """Mark failed the ``running`` versions whose scan was abandoned; their numbers."""
        with self.store.session() as session:
            running = session.scalars(select(ScanRow).where(ScanRow.status == RUNNING))
            marked = fail_abandoned(
                running, started=lambda row: row.created_at, failed=FAILED, max_age=max_age
            )
            return [row.number for row in marked]

    def versions(self) -> list[CatalogueVersion]:
        """Every version, oldest first, with its asset count."""
        with self.store.session() as session:
            counts = dict(
                session.execute(
                    select(AssetRow.scan_id, func.count()).group_by(AssetRow.scan_id)
                ).all()
            )
            rows = session.scalars(select(ScanRow).order_by(ScanRow.number)).all()
            return [_version(r, counts.get(r.id, 0)) for r in rows]

    def version(self, number: int | None = None) -> CatalogueVersion:
        """Version ``number``, or the newest complete one when ``number`` is None."""
        with self.store.session() as session:
            query = select(ScanRow)
            if number is None:
                query = query.where(ScanRow.status == COMPLETE).order_by(ScanRow.number.desc())
            else:
                query = query.where(ScanRow.number == number)
            row = session.scalars(query.limit(1)).first()
            if row is None:
                what = (
                    "no complete catalogue version yet"
                    if number is None
                    else f"no version {number}"
                )
                kind = NoCatalogueError if number is None else NotFoundError
                raise kind(f"{what} in {self.store.where} (run 'indsec scan' or 'indsec demo')")
            return _version(row, self._asset_count(session, row))

    def _asset_count(self, session: Session, row: ScanRow) -> int:
        """The version's assets, counted once per process when it is complete (a complete
        version never changes; counting 200,000 rows took each console page ~50 ms)."""

        def count() -> int:
            return session.scalar(select(func.count()).where(AssetRow.scan_id == row.id)) or 0

        if row.status != COMPLETE:
            return count()
        return _COMPLETE_COUNTS.get((self.store.url, row.id, row.created_at), count)

    def assets(self, number: int) -> list[ClassifiedAsset]:
        """The assets stored in version ``number`` as computed (reviews not applied)."""
        return list(self.iter_assets(number))

    def iter_assets(self, number: int) -> Iterator[ClassifiedAsset]:
        """The assets of version ``number`` one at a time, read a batch at a time.

        For summaries of large catalogues, which need not hold every asset at once.
        """
        with self.store.session() as session:
            scan_id = self._scan_id(session, number)
            docs = session.scalars(
                select(AssetRow.document)
                .where(AssetRow.scan_id == scan_id)
                .order_by(AssetRow.asset_key)
                .execution_options(yield_per=COPY_BATCH)
            )
            yield from (ClassifiedAsset.model_validate(doc) for doc in docs)

    @contextmanager
    def listing(self, number: int) -> Iterator[VersionListing]:
        """SQL queries over version ``number``'s assets, reviews applied, in one session."""
        with self.store.session() as session:
            yield VersionListing(session, self._scan_id(session, number))

    def add_review(self, review: Review, *, also: Callable[[Session], None] | None = None) -> None:
        """Store ``review``; ``also`` (an audit entry) is written in the same transaction."""
        with self.store.session() as session:
            session.add(
                ReviewRow(
                    asset_key=review.asset_key,
                    grade=review.grade.value if review.grade else None,
                    category=review.category,
                    reason=review.reason,
                    reviewer=review.reviewer,
                    reviewed_at=review.reviewed_at,
                )
            )
            if also is not None:
                also(session)

    def reviews(self, *, before: datetime | None = None) -> list[Review]:
        """Every review, oldest first (never rewritten); only those older than ``before`` if set."""
        with self.store.session() as session:
            query = select(ReviewRow).order_by(ReviewRow.id)
            if before is not None:
                query = query.where(ReviewRow.reviewed_at < before)
            rows = session.scalars(query).all()
            return [
                Review(
                    asset_key=r.asset_key,
                    grade=Grade(r.grade) if r.grade else None,
                    category=r.category,
                    reason=r.reason,
                    reviewer=r.reviewer,
                    reviewed_at=r.reviewed_at,
                )
                for r in rows
            ]

    def _scan_id(self, session: Any, number: int) -> int:
        scan_id = session.scalar(select(ScanRow.id).where(ScanRow.number == number))
        if scan_id is None:
            raise NotFoundError(f"no version {number} in {self.store.where}")
        return int(scan_id)
