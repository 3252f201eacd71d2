"""Turn discovered assets into classified, graded catalogue entries.

This is the recognizer boundary: a :class:`DiscoveredAsset` carries raw sampled values in, a
:class:`ClassifiedAsset` carries only labels, masked examples and the rationale out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any

from indsec.classify.classifier import classify_asset
from indsec.classify.grade.grader import grade_asset
from indsec.classify.grade.pack import GradingPack
from indsec.classify.grade.references import check_category_references, check_label_references
from indsec.classify.recognize.pack import RecognizerPack
from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.classify.recognize.structured import ContentLimits
from indsec.classify.relations import SourceTables, TableFacts, related_points
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.classify.taxonomy_signals import Points
from indsec.errors import Problem
from indsec.model import (
    AssetKind,
    ClassifiedAsset,
    DiscoveredAsset,
    EnterpriseProfile,
    FieldResult,
)
from indsec.rules.pack import LoadedPacks
from indsec.settings import Settings


@dataclass(frozen=True)
class AssetClassifier:
    """The recognizer engine plus the taxonomy and grading packs, built once per scan."""

    engine: RecognizerEngine
    taxonomy: TaxonomyPack
    grading: GradingPack

    @classmethod
    def from_packs(
        cls, packs: LoadedPacks, *, content: ContentLimits | None = None
    ) -> AssetClassifier:
        """Compile the packs; ``content`` bounds how much of each cell's content is opened."""
        return cls(
            engine=RecognizerEngine.from_pack(packs.one(RecognizerPack), content=content),
            taxonomy=packs.one(TaxonomyPack),
            grading=packs.one(GradingPack),
        )

    def classify(self, asset: DiscoveredAsset, profile: EnterpriseProfile) -> ClassifiedAsset:
        """Recognize, classify and grade one asset."""
        fields = self.engine.analyze_asset(asset)
        return self.judge(asset, fields, profile)

    def judge(
        self,
        asset: DiscoveredAsset,
        fields: list[FieldResult],
        profile: EnterpriseProfile,
        *,
        related: Sequence[Points] = (),
    ) -> ClassifiedAsset:
        """Classify and grade from labels already found (also used to regrade stored assets)."""
        category = classify_asset(asset, fields, taxonomy=self.taxonomy, related=related)
        graded = grade_asset(
            asset, fields, category=category.category, profile=profile, grading=self.grading
        )
        return ClassifiedAsset(
            **_shared_metadata(asset),
            kind=asset.kind.value,
            category=category.category,
            cross_cutting=list(category.cross_cutting),
            grade=graded.grade,
            general_sublevel=graded.general_sublevel,
            rationale=[*category.rationale, *graded.rationale],
            fields=fields,
        )

    def related_pass(self, profile: EnterpriseProfile, *, max_held: int) -> RelatedPass:
        """A second pass over one source's tables (see :class:`RelatedPass`)."""
        return RelatedPass(self, profile, max_held)

    def relate(
        self,
        unclassified: list[ClassifiedAsset],
        facts: Iterable[TableFacts],
        profile: EnterpriseProfile,
    ) -> list[ClassifiedAsset]:
        """``unclassified`` (tables of one source its own evidence left undecided) judged again
        with what the source's other tables (``facts``, all of them) say; round after round
        while a decision changes, so the lines of a table named in one round follow it."""
        tables = SourceTables(facts)
        categories = {name: f.category for name, f in tables.facts.items()}
        current = unclassified
        for _ in range(RELATION_ROUNDS):
            current = [
                self.judge(
                    rediscovered(a),
                    a.fields,
                    profile,
                    related=related_points(a.name, tables, categories, self.taxonomy),
                )
                for a in unclassified
            ]
            decided = categories | {a.name: a.category for a in current}
            if decided == categories:
                break
            categories = decided
        return current


class RelatedPass:
    """The tables of one source as they stream by: every table's facts are kept (names and
    pointers, a few hundred bytes), and the ones their own evidence left unclassified are held
    back, at most ``max_held`` of them (beyond, they pass as they are), until :meth:`finish`
    judges them again with what the others say. Files pass straight through."""

    def __init__(self, classifier: AssetClassifier, profile: EnterpriseProfile, max_held: int):
        self.classifier = classifier
        self.profile = profile
        self.max_held = max_held
        self.facts: list[TableFacts] = []
        self.held: list[ClassifiedAsset] = []

    def admit(self, asset: ClassifiedAsset) -> bool:
        """Take ``asset``'s facts; True when it is held back for :meth:`finish`."""
        if asset.kind == AssetKind.FILE.value:
            return False
        self.facts.append(TableFacts.of(asset, self.classifier.taxonomy))
        undecided = asset.category == self.classifier.taxonomy.scoring.fallback
        if undecided and len(self.held) < self.max_held:
            self.held.append(asset)
            return True
        return False

    def finish(self) -> list[ClassifiedAsset]:
        """The held tables, judged again with the source's other tables' evidence."""
        if not self.held:
            return []
        return self.classifier.relate(self.held, self.facts, self.profile)


RELATION_ROUNDS = 3
"""Rounds of :meth:`AssetClassifier.relate`: a table named by its neighbours in the first, its
lines in the second, theirs in the third (deeper chains stay for review)."""


def content_limits(settings: Settings) -> ContentLimits:
    """The deployment's bounds on opening JSON, XML, key=value content and free text in cells."""
    return ContentLimits(
        max_values=settings.content_max_values,
        max_chars=settings.content_max_chars,
        max_keys=settings.content_max_keys,
    )


def rediscovered(asset: ClassifiedAsset) -> DiscoveredAsset:
    """The metadata part of a stored asset, as the classifier and grader expect it."""
    return DiscoveredAsset(**_shared_metadata(asset), kind=AssetKind(asset.kind))


_SHARED = tuple(
    f.name
    for f in dataclass_fields(DiscoveredAsset)
    if f.name in ClassifiedAsset.model_fields and f.name not in {"kind", "metadata"}
)
"""Metadata a discovered and a classified asset both carry as is; ``kind`` is an enum on one side
and its value on the other, and the ``metadata`` table is copied. Derived from the two models, so
a field added to both is carried both ways."""


def _shared_metadata(asset: DiscoveredAsset | ClassifiedAsset) -> dict[str, Any]:
    return {name: getattr(asset, name) for name in _SHARED} | {"metadata": dict(asset.metadata)}


def cross_pack_problems(packs: LoadedPacks) -> list[Problem]:
    """References between packs: labels no recognizer produces, categories without a baseline.

    Each pack is valid on its own; these mistakes only show when the packs meet, so
    ``indsec rules validate`` and every scan check them together.
    """
    if not all(packs.all(kind) for kind in (RecognizerPack, TaxonomyPack, GradingPack)):
        return []
    labels = {recognizer.id for recognizer in packs.one(RecognizerPack).recognizers}
    taxonomy, grading = packs.one(TaxonomyPack), packs.one(GradingPack)
    messages = check_label_references(taxonomy, grading, labels)
    messages += check_category_references(taxonomy, grading)
    return [Problem("rule packs", message) for message in messages]
