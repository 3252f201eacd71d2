"""The console's catalogue list: one page of the catalogue service's SQL listing, filtered by
its ``AssetFilter`` (filters apply to the catalogue as reviewed).

"Needs review" is an asset with suspicions — labels a column's name or comment alone suggests,
without value evidence — that no human has reviewed yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from indsec.catalogue.service import Facets
from indsec.model import ClassifiedAsset
from indsec.model.rationale import REVIEW_RULE


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
