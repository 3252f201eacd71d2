"""Catalogue use cases, called by the CLI and the server (keyword-only, nothing deeper)."""

from __future__ import annotations

import getpass
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from indsec.catalogue.diff import AssetChange, diff_assets
from indsec.catalogue.export import EXPORTERS
from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.catalogue.review import apply_review, latest_reviews, make_review
from indsec.catalogue.scan import ScanOutcome, ScanRun
from indsec.classify.grading_pack import GradingPack
from indsec.classify.service import (
    AssetClassifier,
    content_limits,
    cross_pack_problems,
    rediscovered,
)
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.discover.base import ConnectorOptions
from indsec.discover.formats import ArchiveLimits
from indsec.errors import NotFoundError, ReviewError
from indsec.model import (
    CatalogueVersion,
    ClassifiedAsset,
    Grade,
    Progress,
    Review,
    ScanReport,
)
from indsec.profile_config import load_filing_declarations, load_profile
from indsec.report.filing import FILING_WRITERS, build_filing
from indsec.report.filing_pack import FilingPack
from indsec.rules.pack import LoadedPacks, load_packs, require_valid
from indsec.settings import Settings
from indsec.store.database import Store


def open_store(settings: Settings, *, existing: bool = False) -> Store:
    """The catalogue database named by the settings, migrated to the newest schema.

    Reads pass ``existing``: looking must not create an empty ``.indsec`` wherever one stands.
    """
    return Store(settings.resolved_database_url(), existing=existing)


def load_rule_packs(settings: Settings) -> LoadedPacks:
    """Builtin packs plus site packs; refuses to work with an invalid pack."""
    packs = load_packs(settings.rules_path)
    packs.problems += cross_pack_problems(packs)
    return require_valid(packs)


def scan_sources(
    *, settings: Settings, sources: list[str], progress: Progress | None = None
) -> ScanOutcome:
    """Scan ``sources`` into a new catalogue version.

    Versions left ``running`` by a scan whose process died are marked failed first.
    """
    packs = load_rule_packs(settings)
    store = open_store(settings)
    try:
        repository = CatalogueRepository(store)
        repository.fail_abandoned(timedelta(seconds=settings.run_abandoned_after_s))
        run = ScanRun(
            repository=repository,
            classifier=AssetClassifier.from_packs(packs, content=content_limits(settings)),
            profile=load_profile(settings.config),
            options=ConnectorOptions(
                sample_size=settings.sample_size,
                statement_timeout_s=settings.statement_timeout_s,
                seed=settings.sample_seed,
                exact_counts=settings.exact_counts,
                max_scan_rows=settings.max_scan_rows,
                max_file_bytes=settings.max_file_bytes,
                archive=ArchiveLimits(
                    max_members=settings.max_archive_members,
                    max_member_bytes=settings.max_unpacked_member_bytes,
                    max_total_bytes=settings.max_unpacked_bytes,
                    max_ratio=settings.max_unpack_ratio,
                    max_shared_strings_bytes=settings.max_shared_strings_bytes,
                ),
                max_sheet_cells=settings.max_sheet_cells,
                max_pdf_page_bytes=settings.max_pdf_page_bytes,
                max_columns=settings.max_columns,
            ),
            progress=progress,
        )
        return run.run(sources, rule_packs=packs.versions())
    finally:
        store.close()


@dataclass(frozen=True)
class CatalogueSummary:
    """A version's grade counts and the assets worth showing, without holding the rest."""

    version: CatalogueVersion
    counts: Counter[Grade]
    shown: list[ClassifiedAsset]


def catalogue_summary(
    *, settings: Settings, version: int | None = None, all_grades: bool = False
) -> CatalogueSummary:
    """Grade counts (reviews applied) and the important and core assets (all if ``all_grades``)."""
    store = open_store(settings, existing=True)
    try:
        repository = CatalogueRepository(store)
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
    finally:
        store.close()


def scanned_assets(*, settings: Settings, outcome: ScanOutcome) -> list[ClassifiedAsset]:
    """The assets a scan read itself, as computed: its version without the carried-over ones."""
    store = open_store(settings)
    try:
        assets = CatalogueRepository(store).assets(outcome.version)
    finally:
        store.close()
    return [asset for asset in assets if asset.source not in outcome.carried_over]


def catalogue_view(
    *, settings: Settings, version: int | None = None, as_created: bool = False
) -> tuple[CatalogueVersion, list[ClassifiedAsset]]:
    """A version (newest complete by default) with human reviews applied.

    ``as_created`` applies only the reviews recorded before the version was created: the
    catalogue as it stood then, which a diff compares against.
    """
    store = open_store(settings, existing=True)
    try:
        repository = CatalogueRepository(store)
        found = repository.version(version)
        cutoff = found.created_at if as_created else None
        reviews = latest_reviews(repository.reviews(before=cutoff))
        assets = [apply_review(a, reviews.get(a.key)) for a in repository.assets(found.number)]
        return found, assets
    finally:
        store.close()


def list_versions(*, settings: Settings) -> list[CatalogueVersion]:
    store = open_store(settings, existing=True)
    try:
        return CatalogueRepository(store).versions()
    finally:
        store.close()


def diff_versions(*, settings: Settings, before: int, after: int) -> list[AssetChange]:
    """Changes from version ``before`` as it was created to ``after`` as it stands now.

    Reviews recorded since ``before`` was created are changes like any other: a grade a
    reviewer raised after a scan shows in the diff, as it does in ``catalogue show``.
    """
    threshold = load_rule_packs(settings).one(FilingPack).refiling_scale_change
    _, old = catalogue_view(settings=settings, version=before, as_created=True)
    _, new = catalogue_view(settings=settings, version=after)
    return diff_assets(old, new, refiling_scale_change=threshold)


def export_catalogue(
    *, settings: Settings, fmt: str, output: Path, version: int | None = None
) -> Path:
    """Write the catalogue in ``fmt`` (json, csv, xlsx) to ``output``."""
    writer = EXPORTERS.get(fmt)
    found, assets = catalogue_view(settings=settings, version=version)
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
    settings: Settings,
    asset: str,
    grade: str | None,
    category: str | None,
    reason: str,
    reviewer: str | None = None,
) -> Review:
    """Record a human decision on an asset of the current catalogue."""
    packs = load_rule_packs(settings)
    _, assets = catalogue_view(settings=settings)
    target = find_asset(assets, asset)
    review = make_review(
        asset_key=target.key,
        grade=grade,
        category=category,
        reason=reason,
        reviewer=reviewer or settings.reviewer or getpass.getuser(),
        known_categories=packs.one(TaxonomyPack).category_ids(),
    )
    store = open_store(settings)
    try:
        CatalogueRepository(store).add_review(review)
    finally:
        store.close()
    return review


@dataclass(frozen=True)
class RegradeOutcome:
    version: int
    previous: int
    changes: list[AssetChange]


def regrade_catalogue(*, settings: Settings) -> RegradeOutcome:
    """Re-run classification and grading on stored labels with the current packs and profile.

    Raw values are never stored, so recognizers are not re-run: rule-pack changes to
    categories, grading and the profile take effect; recognizer changes need a rescan.
    """
    packs = load_rule_packs(settings)
    classifier = AssetClassifier.from_packs(packs)
    profile = load_profile(settings.config)
    store = open_store(settings, existing=True)
    try:
        repository = CatalogueRepository(store)
        previous = repository.version()
        old = repository.assets(previous.number)
        new = [classifier.judge(rediscovered(a), a.fields, profile) for a in old]
        number = repository.begin_version(
            trigger="regrade",
            sources=previous.sources,
            rule_packs=packs.versions(),
            profile=profile.model_dump(mode="json"),
        )
        repository.add_assets(number, new)
        repository.finish_version(
            number, status=COMPLETE, report=ScanReport().to_dict(carried_over={})
        )
    finally:
        store.close()
    threshold = packs.one(FilingPack).refiling_scale_change
    return RegradeOutcome(
        number, previous.number, diff_assets(old, new, refiling_scale_change=threshold)
    )


def export_filing(*, settings: Settings, fmt: str, lang: str, output: Path) -> Path:
    """Write the important/core catalogue filing in ``fmt`` and ``lang``."""
    if lang not in {"zh", "en"}:
        raise NotFoundError(f"unknown language '{lang}' (valid: zh, en)")
    writer = FILING_WRITERS.get(fmt)
    packs = load_rule_packs(settings)
    taxonomy = packs.one(TaxonomyPack)
    found, assets = catalogue_view(settings=settings)
    filing = build_filing(
        assets=assets,
        version=found.number,
        profile=load_profile(settings.config),
        pack=packs.one(FilingPack),
        declarations=load_filing_declarations(settings.config),
        category_names=taxonomy.category_name,
        terms=packs.one(GradingPack).term_names(),
        systems=list(taxonomy.hint_priors),
        lang=lang,
    )
    writer(filing, output)
    return output
