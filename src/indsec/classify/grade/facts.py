"""What classification and grading rules read about one asset, gathered once per asset.

Rules look at labels per asset, not per field: aggregation (several personal-information labels,
topology next to firmware) is an asset-level fact, and 就高从严 means a label anywhere in the
asset counts for the whole. Each label remembers the parts (fields) it was found in, so a
rationale can say which part decided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indsec.model import DiscoveredAsset, EnterpriseProfile, FieldResult


@dataclass(frozen=True, slots=True)
class LabelHit:
    """One label across an asset: its best confidence and each part's own confidence."""

    label: str
    confidence: float
    parts: tuple[tuple[str, float], ...]

    def parts_at_least(self, min_confidence: float) -> tuple[str, ...]:
        """The parts where this label reached ``min_confidence``."""
        return tuple(name for name, confidence in self.parts if confidence >= min_confidence)

    def describe(self) -> str:
        return f"{self.label} ({self.confidence:.2f})"


def index_labels(fields: Sequence[FieldResult]) -> dict[str, LabelHit]:
    """Label id → hit, keeping the first-seen order of labels and parts."""
    found: dict[str, dict[str, float]] = {}
    for field in fields:
        for label in field.labels:
            parts = found.setdefault(label.label, {})
            parts[field.name] = max(parts.get(field.name, 0.0), label.confidence)
    return {
        label: LabelHit(label, max(parts.values()), tuple(parts.items()))
        for label, parts in found.items()
    }


@dataclass(frozen=True, slots=True)
class AssetFacts:
    """The asset, its labels, its category and the enterprise it belongs to."""

    asset: DiscoveredAsset
    labels: Mapping[str, LabelHit]
    category: str
    profile: EnterpriseProfile

    @classmethod
    def gather(
        cls,
        asset: DiscoveredAsset,
        fields: Sequence[FieldResult],
        *,
        category: str,
        profile: EnterpriseProfile,
    ) -> AssetFacts:
        return cls(asset, index_labels(fields), category, profile)
