"""Catalogue use cases, called by the CLI and the server (keyword-only, nothing deeper)."""

from __future__ import annotations

import getpass
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.catalogue.diff import AssetChange, Change, diff_assets
from indsec.catalogue.export import EXPORTERS, asset_record
from indsec.catalogue.filing_pack import FilingPack
from indsec.catalogue.listing import AssetFilter, AssetLine, Facets
from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.catalogue.review import apply_review, latest_reviews, make_review
from indsec.catalogue.scan import ScanOutcome, ScanRun
from indsec.classify.service import (
    AssetClassifier,
    RelatedPass,
    content_limits,
    rediscovered,
)
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.errors import NotFoundError, ReviewError
from indsec.model import (
    CatalogueVersion,
    ClassifiedAsset,
    EnterpriseProfile,
    Grade,
    Progress,
    Review,
    ScanReport,
)

__all__ = [
    "AssetChange",
    "AssetFilter",
    "AssetLine",
    "AssetList",
    "CatalogueSummary",
    "Change",
    "Facets",
    "FilingPack",
    "Progress",
    "RegradeOutcome",
    "ScanOutcome",
    "asset_record",
    "catalogue_summary",
    "catalogue_view",
    "count_assets",
    "diff_versions",
    "export_catalogue",
    "export_formats",
    "find_asset",
    "grade_counts",
    "list_assets",
    "list_versions",
    "refiling_changes",
    "regrade_catalogue",
    "review_asset",
    "scan_record",
    "scan_sources",
    "scanned_assets",
    "stream_assets",
]
"""The use cases and the types they return: what a face may use of the catalogue."""


def scan_sources(
    *, app: AppContext, sources: list[str], progress: Progress | None = None
) -> ScanOutcome:
    """Scan ``sources`` into a new catalogue version.

    Versions left ``running`` by a scan whose process died are marked failed first.
    """
    packs = app.packs
    repository = CatalogueRepository(app.store())
    repository.fail_abandoned(timedelta(seconds=app.settings.run_abandoned_after_s))
    run = ScanRun(
        repository=repository,
        classifier=AssetClassifier.from_packs(packs, content=content_limits(app.settings)),
        profile=app.profile,
        options=app.connector_options,
        progress=progress,
        max_held=app.settings.relate_max_held,
    )
    return run.run(sources, rule_packs=packs.versions())


def scan_record(*, app: AppContext, outcome: ScanOutcome) -> dict[str, Any]:
    """A finished scan as data: its version, report and the assets it read itself."""
    return {
        "version": outcome.version,
        "status": "complete",
        "report": outcome.report.to_dict(carried_over=outcome.carried_over),
        "assets": [asset_record(a) for a in scanned_assets(app=app, outcome=outcome)],
    }


@dataclass(frozen=True)
class CatalogueSummary:
    """A version's grade counts and the assets worth showing, without holding the rest."""

    version: CatalogueVersion
    counts: Counter[Grade]
    shown: list[ClassifiedAsset]


def catalogue_summary(
    *, app: AppContext, version: int | None = None, all_grades: bool = False
) -> CatalogueSummary:
    """Grade counts (reviews applied) and the important and core assets (all if ``all_grades``)."""
    repository = CatalogueRepository(app.store(existing=True))
    found = repository.version(version)
    reviews = latest_reviews(repository.reviews())
    counts: Counter[Grade] = Counter()
    shown: list[ClassifiedAsset] = []
    for stored in repository.iter_assets(found.number):
        asset = apply_review(stored, reviews.get(stored.key))
        counts[asset.grade] += 1
        if all_grades or asset.grade.rank >= Grade.IMPORTANT.rank:
            shown.append(asset)
    return CatalogueSummary(found, counts, shown)


@dataclass(frozen=True)
class AssetList:
    """One page of a version's assets as ``filters`` select them, and how many match in all."""

    version: CatalogueVersion
    assets: list[ClassifiedAsset]
    total: int
    page: int
    pages: int
    facets: Facets
    lines: list[AssetLine]


def list_assets(
    *,
    app: AppContext,
    filters: AssetFilter,
    page: int,
    size: int,
    version: int | None = None,
    with_facets: bool = True,
    as_lines: bool = False,
) -> AssetList:
    """The page ``page`` (clamped to the last) of ``size`` assets of a version (newest complete
    by default, reviews applied) that ``filters`` match, by key; filtered, counted and paged by
    the database, so only the page's assets are read."""
    repository = CatalogueRepository(app.store(existing=True))
    found = repository.version(version)
    complete = found.status == COMPLETE
    with repository.listing(found.number) as listing:
        unfiltered = complete and filters == AssetFilter()
        total = found.asset_count if unfiltered else listing.count(filters)
        pages = max(1, -(-total // size))
        shown = min(max(1, page), pages)
        offset = (shown - 1) * size
        lines = listing.lines(filters, offset=offset, limit=size) if as_lines else []
        assets = [] if as_lines else listing.page(filters, offset=offset, limit=size)
        facets = listing.facets(complete=complete) if with_facets else Facets()
    return AssetList(found, assets, total, shown, pages, facets, lines)


def count_assets(*, app: AppContext, filters: AssetFilter) -> int:
    """How many assets of the current version ``filters`` match (reviews applied)."""
    repository = CatalogueRepository(app.store(existing=True))
    with repository.listing(repository.version().number) as listing:
        return listing.count(filters)


def stream_assets(
    *, app: AppContext, filters: AssetFilter, limit: int
) -> Iterator[ClassifiedAsset]:
    """The first ``limit`` assets of the current version ``filters`` match, by key, read a
    batch at a time (for exports of large catalogues)."""
    repository = CatalogueRepository(app.store(existing=True))
    with repository.listing(repository.version().number) as listing:
        yield from listing.stream(filters, limit=limit)


def grade_counts(*, app: AppContext) -> tuple[CatalogueVersion, dict[Grade, int]]:
    """The current version and how many of its assets have each grade, reviews applied."""
    repository = CatalogueRepository(app.store(existing=True))
    found = repository.version()
    with repository.listing(found.number) as listing:
        return found, listing.grade_counts()


def scanned_assets(*, app: AppContext, outcome: ScanOutcome) -> list[ClassifiedAsset]:
    """The assets a scan read itself, as computed: its version without the carried-over ones."""
    assets = CatalogueRepository(app.store()).assets(outcome.version)
    return [asset for asset in assets if asset.source not in outcome.carried_over]


def catalogue_view(
    *, app: AppContext, version: int | None = None, as_created: bool = False
) -> tuple[CatalogueVersion, list[ClassifiedAsset]]:
    """A version (newest complete by default) with human reviews applied.

    ``as_created`` applies only the reviews recorded before the version was created: the
    catalogue as it stood then, which a diff compares against.
    """
    repository = CatalogueRepository(app.store(existing=True))
    found = repository.version(version)
    cutoff = found.created_at if as_created else None
    reviews = latest_reviews(repository.reviews(before=cutoff))
    assets = [apply_review(a, reviews.get(a.key)) for a in repository.assets(found.number)]
    return found, assets


def list_versions(*, app: AppContext) -> list[CatalogueVersion]:
    return CatalogueRepository(app.store(existing=True)).versions()


def diff_versions(*, app: AppContext, before: int, after: int) -> list[AssetChange]:
    """Changes from version ``before`` as it was created to ``after`` as it stands now.

    Reviews recorded since ``before`` was created are changes like any other: a grade a
    reviewer raised after a scan shows in the diff, as it does in ``catalogue show``.
    """
    threshold = app.packs.one(FilingPack).refiling_scale_change
    _, old = catalogue_view(app=app, version=before, as_created=True)
    _, new = catalogue_view(app=app, version=after)
    return diff_assets(old, new, refiling_scale_change=threshold)


def refiling_changes(
    *, app: AppContext, filed: int | None, filed_grades: list[ClassifiedAsset] | None = None
) -> list[AssetChange]:
    """What the regulator has not been told: the changes since version ``filed`` (as it was
    created) that force a re-filing; before any filing (None), every asset a filing lists.

    ``filed_grades``, the current important and core assets when the caller holds them already
    (:func:`catalogue_summary`), spares reading the catalogue again before a first filing.
    """
    threshold = app.packs.one(FilingPack).refiling_scale_change
    if filed is None and filed_grades is not None:
        return diff_assets([], filed_grades, refiling_scale_change=threshold)
    old = [] if filed is None else catalogue_view(app=app, version=filed, as_created=True)[1]
    _, new = catalogue_view(app=app)
    return [c for c in diff_assets(old, new, refiling_scale_change=threshold) if c.refiling]


def export_formats() -> list[str]:
    """The formats :func:`export_catalogue` writes (builtin and plugins)."""
    return EXPORTERS.names()


def export_catalogue(
    *, app: AppContext, fmt: str, output: Path, version: int | None = None
) -> Path:
    """Write the catalogue in ``fmt`` (json, csv, xlsx) to ``output``."""
    writer = EXPORTERS.get(fmt)
    found, assets = catalogue_view(app=app, version=version)
    writer(assets, found.number, output)
    return output


def _names(assets: list[ClassifiedAsset], limit: int = 10) -> str:
    names = sorted({a.name for a in assets})
    return ", ".join(names[:limit]) + (
        f", … {len(names) - limit} more" if len(names) > limit else ""
    )


def find_asset(assets: list[ClassifiedAsset], ref: str) -> ClassifiedAsset:
    """An asset by its key (``source::name``) or, when unambiguous, by its name."""
    exact = [a for a in assets if ref in (a.key, a.name)]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        raise NotFoundError(f"no asset '{ref}' in the current catalogue (assets: {_names(assets)})")
    keys = ", ".join(a.key for a in exact)
    raise ReviewError(f"'{ref}' names several assets; use one of: {keys}")


def review_asset(
    *,
    app: AppContext,
    asset: str,
    grade: str | None,
    category: str | None,
    reason: str,
    reviewer: str | None = None,
    also: Callable[[Session], None] | None = None,
) -> Review:
    """Record a human decision on an asset of the current catalogue.

    ``also`` writes beside it in the same transaction: the web console's audit entry.
    """
    packs = app.packs
    _, assets = catalogue_view(app=app)
    target = find_asset(assets, asset)
    review = make_review(
        asset_key=target.key,
        grade=grade,
        category=category,
        reason=reason,
        reviewer=reviewer or app.settings.reviewer or getpass.getuser(),
        known_categories=packs.one(TaxonomyPack).category_ids(),
    )
    CatalogueRepository(app.store()).add_review(review, also=also)
    return review


@dataclass(frozen=True)
class RegradeOutcome:
    version: int
    previous: int
    changes: list[AssetChange]


def _rejudged(
    classifier: AssetClassifier,
    assets: list[ClassifiedAsset],
    profile: EnterpriseProfile,
    *,
    max_held: int,
) -> list[ClassifiedAsset]:
    """``assets`` judged again, each source's undecided tables with its others, as a scan does."""
    passes: dict[str, RelatedPass] = {}
    decided: list[ClassifiedAsset] = []
    for asset in assets:
        judged = classifier.judge(rediscovered(asset), asset.fields, profile)
        related = passes.setdefault(
            asset.source, classifier.related_pass(profile, max_held=max_held)
        )
        if not related.admit(judged):
            decided.append(judged)
    return decided + [a for related in passes.values() for a in related.finish()]


def regrade_catalogue(*, app: AppContext) -> RegradeOutcome:
    """Re-run classification and grading on stored labels with the current packs and profile.

    Raw values are never stored, so recognizers are not re-run: rule-pack changes to
    categories, grading and the profile take effect; recognizer changes need a rescan.
    """
    packs = app.packs
    classifier = AssetClassifier.from_packs(packs)
    profile = app.profile
    repository = CatalogueRepository(app.store(existing=True))
    previous = repository.version()
    old = repository.assets(previous.number)
    new = _rejudged(classifier, old, profile, max_held=app.settings.relate_max_held)
    number = repository.begin_version(
        trigger="regrade",
        sources=previous.sources,
        rule_packs=packs.versions(),
        profile=profile.model_dump(mode="json"),
    )
    repository.add_assets(number, new)
    repository.finish_version(number, status=COMPLETE, report=ScanReport().to_dict(carried_over={}))
    threshold = packs.one(FilingPack).refiling_scale_change
    return RegradeOutcome(
        number, previous.number, diff_assets(old, new, refiling_scale_change=threshold)
    )
