"""Searching, filtering and paging the catalogue as the console's list shows it.

The filters apply to the catalogue as reviewed (grades and categories after overrides).
"Needs review" is an asset with suspicions — labels a column's name or comment alone suggests,
without value evidence — that no human has reviewed yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indsec.model import ClassifiedAsset
from indsec.model.rationale import REVIEW_RULE


@dataclass(frozen=True)
class AssetQuery:
    """The list's filters: each empty (or False) filter lets every asset through."""

    text: str = ""
    grade: str = ""
    category: str = ""
    source: str = ""
    label: str = ""
    needs_review: bool = False
    page: int = 1


@dataclass(frozen=True)
class Facets:
    """The values the filters may take in this version, for the filter's choices."""

    categories: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AssetPage:
    """One page of the filtered list, with how many matched in all."""

    version: int
    assets: list[ClassifiedAsset]
    total: int
    page: int
    pages: int
    facets: Facets


def reviewed(asset: ClassifiedAsset) -> bool:
    return any(step.rule == REVIEW_RULE for step in asset.rationale)


def needs_review(asset: ClassifiedAsset) -> bool:
    return bool(asset.suspicion_ids()) and not reviewed(asset)


def matches(asset: ClassifiedAsset, query: AssetQuery) -> bool:
    text = query.text.strip().lower()
    return (
        (not text or text in asset.name.lower() or text in asset.comment.lower())
        and (not query.grade or asset.grade.value == query.grade)
        and (not query.category or asset.category == query.category)
        and (not query.source or asset.source == query.source)
        and (not query.label or query.label in asset.label_ids())
        and (not query.needs_review or needs_review(asset))
    )


def facets(assets: list[ClassifiedAsset]) -> Facets:
    return Facets(
        categories=sorted({a.category for a in assets}),
        sources=sorted({a.source for a in assets}),
        labels=sorted({label for a in assets for label in a.label_ids()}),
    )


def page_of(
    version: int, assets: list[ClassifiedAsset], query: AssetQuery, *, size: int
) -> AssetPage:
    """The page ``query.page`` (clamped to the last) of the assets ``query`` matches."""
    found = [a for a in assets if matches(a, query)]
    pages = max(1, -(-len(found) // size))
    page = min(max(1, query.page), pages)
    shown = found[(page - 1) * size : page * size]
    return AssetPage(version, shown, len(found), page, pages, facets(assets))
