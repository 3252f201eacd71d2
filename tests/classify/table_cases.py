"""A table as its schema describes it (name, comment, columns with comments and labels), classified.

Shared by the table-meaning tests: each case builds a :class:`DiscoveredAsset` and its fields the
way a scan would, and asks the classifier for the category and cross-cutting categories.
"""

from __future__ import annotations

from indsec.classify.classifier import classify_asset
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.model import REFERENCES_KEY, AssetKind, DiscoveredAsset, FieldLabel, FieldResult

Column = tuple[str, str, dict[str, float]]


def classify_table(
    taxonomy: TaxonomyPack,
    name: str,
    comment: str,
    columns: list[Column],
    hint: str = "MES",
    references: str = "",
) -> tuple[str, tuple[str, ...]]:
    """The category and cross-cutting categories of the table; ``hint`` is the source's system."""
    asset = DiscoveredAsset(
        source="mysql://mes", name=name, kind=AssetKind.TABLE, comment=comment, system_hint=hint
    )
    if references:
        asset.metadata[REFERENCES_KEY] = references
    fields = [
        FieldResult(
            name=column,
            comment=column_comment,
            labels=[FieldLabel(label=label, confidence=c) for label, c in labels.items()],
        )
        for column, column_comment, labels in columns
    ]
    decision = classify_asset(asset, fields, taxonomy=taxonomy)
    return decision.category, decision.cross_cutting
