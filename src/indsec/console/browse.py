"""The console's catalogue list: its query string's filters and page, over the catalogue
service's SQL listing (filters apply to the catalogue as reviewed).

"Needs review" is an asset with suspicions — labels a column's name or comment alone suggests,
without value evidence — that no human has reviewed yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from indsec.catalogue.service import AssetFilter, Facets
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

    def filters(self) -> AssetFilter:
        return AssetFilter(
            self.text, self.grade, self.category, self.source, self.label, self.needs_review
        )


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
