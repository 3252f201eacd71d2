"""What a table says about itself, as points for categories: labels, words, conventions, hints.

A table's own statements weigh most: its name and comment (``设备表``, ``sys_menu``, a Quartz
``QRTZ_`` prefix). Its columns speak as a family: a column-word rule or a business label counts
by the share of the table's columns that carry it, so one ``member_id`` in an employee roster
cannot outvote the roster. The tables its foreign keys point to say what it is about, at a
fraction of their words' weight. A source's system hint is a prior, not evidence: it only adds
to categories the table itself already points to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from indsec.classify.grade.facts import LabelHit, index_labels
from indsec.classify.taxonomy_pack import KeywordRule, TaxonomyPack
from indsec.model import REFERENCES_KEY, DiscoveredAsset, FieldResult

HINT_RULE = "taxonomy.hint."
_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


@dataclass(frozen=True, slots=True)
class Points:
    """Points one signal gives one category."""

    rule: str
    category: str
    points: float
    effect: str
    evidence: tuple[str, ...]

    @property
    def is_hint(self) -> bool:
        return self.rule.startswith(HINT_RULE)


@dataclass(frozen=True, slots=True)
class _Text:
    """One piece of text (a table's name and comment, or one column's), ready for matching."""

    raw: str
    folded: str
    tokens: frozenset[str]
    bare_name: str

    @classmethod
    def of(cls, name: str, comment: str) -> _Text:
        raw = f"{name} {comment}".strip()
        words = [t.lower() for t in _TOKEN.findall(raw)]
        # a closed compound also matches its split spellings: work_order, WorkOrder → workorder
        tokens = frozenset([*words, *(a + b for a, b in pairwise(words))])
        return cls(raw, raw.casefold(), tokens, name.rsplit(".", 1)[-1].rsplit("/", 1)[-1])

    @property
    def is_reference(self) -> bool:
        """A name like ``depot_id`` or ``depotId``: an identifier of something else."""
        parts = _TOKEN.findall(self.bare_name)
        return len(parts) > 1 and parts[-1].lower() == "id"

    def found(self, rule: KeywordRule) -> list[str]:
        """ASCII words are whole tokens (``hr`` is not in ``three``) or two adjacent ones joined
        (``workorder`` in ``mes_work_order``); Chinese words substrings,
        outside the rule's look-alikes (客户 not in 客户端); prefixes start the bare name
        (``QRTZ_TRIGGERS`` in ``quartz.QRTZ_TRIGGERS``)."""
        folded = self.folded
        for look_alike in rule.look_alikes:
            folded = folded.replace(look_alike, " ")
        words = [w for w in rule.words if (w in self.tokens if w.isascii() else w in folded)]
        bare = self.bare_name.casefold()
        return words + [f"{p}*" for p in rule.prefixes if bare.startswith(p)]


def gather_points(
    asset: DiscoveredAsset, fields: Sequence[FieldResult], taxonomy: TaxonomyPack
) -> list[Points]:
    """Every signal's points for ``asset``; hint points only where other evidence exists."""
    own = [
        *_label_points(index_labels(fields).values(), len(fields), taxonomy),
        *_table_points(asset, taxonomy),
        *_column_points(fields, taxonomy),
        *_reference_points(asset, taxonomy),
    ]
    evidenced = {p.category for p in own}
    return own + [p for p in _hint_points(asset, taxonomy) if p.category in evidenced]


def hint_only_categories(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> list[str]:
    """The categories the system hint alone would have scored (for the fallback's rationale)."""
    return sorted({p.category for p in _hint_points(asset, taxonomy)})


def _label_points(
    hits: Iterable[LabelHit], field_count: int, taxonomy: TaxonomyPack
) -> Iterator[Points]:
    """A label counts once at its best confidence; for a domain category, by its column share."""
    for hit in hits:
        parts = ", ".join(name for name, _ in hit.parts)
        for category, weight in taxonomy.label_weights.get(hit.label, {}).items():
            factor = _share_factor(hit, field_count, taxonomy, category)
            effect = f"weight {weight:.2f} × confidence {hit.confidence:.2f}"
            if factor < 1.0:
                effect += f" × column share {factor:.2f}"
            yield Points(
                rule=f"taxonomy.label.{hit.label}",
                category=category,
                points=weight * hit.confidence * factor,
                effect=effect,
                evidence=(f"{hit.describe()} in {parts}",),
            )


def _share_factor(hit: LabelHit, field_count: int, taxonomy: TaxonomyPack, category: str) -> float:
    """Cross-cutting categories (one ID column is enough) are not scaled; domain ones are."""
    if taxonomy.category(category).cross_cutting or field_count == 0:
        return 1.0
    scoring = taxonomy.scoring
    share = len(hit.parts) / field_count
    return max(scoring.label_min_factor, min(1.0, share / scoring.label_full_share))


def _hint_points(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> Iterator[Points]:
    """A system hint gives its prior to one category, or to every category of a domain."""
    hint = asset.system_hint.casefold()
    for name, priors in taxonomy.hint_priors.items():
        if not hint or name.casefold() != hint:
            continue
        for target, weight in priors.items():
            for category in taxonomy.targets_of(target):
                yield Points(
                    rule=f"{HINT_RULE}{name}",
                    category=category,
                    points=weight,
                    effect=f"prior {weight:.2f} for {target}",
                    evidence=(f"system_hint={asset.system_hint}",),
                )


def _table_points(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> Iterator[Points]:
    """Words and framework prefixes in the table's own name and comment."""
    text = _Text.of(asset.name, asset.comment)
    for rule in taxonomy.keywords:
        found = text.found(rule) if rule.scope == "table" else []
        if found:
            yield Points(
                rule=f"taxonomy.keyword.{rule.id}",
                category=rule.category,
                points=rule.weight,
                effect=f"keyword weight {rule.weight:.2f}",
                evidence=(f"name/comment {text.raw!r} contains {', '.join(found)}",),
            )


def _column_points(fields: Sequence[FieldResult], taxonomy: TaxonomyPack) -> Iterator[Points]:
    """A column family: a rule's weight × the share of columns whose name or comment match.

    Column names and comments say what the *table* is about, so they count here, by share,
    and never as a label of a column: a name alone is no evidence of what a column holds. A
    column that only points to another thing (``depot_id``) counts like a foreign key, at the
    reference factor: a stock line refers to its warehouse without being warehouse data.
    """
    texts = [_Text.of(f.name, f.comment) for f in fields]
    scoring = taxonomy.scoring
    for rule in taxonomy.keywords:
        if rule.scope != "column" or not texts:
            continue
        matched = [t for t in texts if t.found(rule)]
        if matched:
            weight = sum(scoring.reference_factor if t.is_reference else 1.0 for t in matched)
            factor = min(1.0, weight / len(texts) / scoring.column_full_share)
            yield Points(
                rule=f"taxonomy.columns.{rule.id}",
                category=rule.category,
                points=rule.weight * factor,
                effect=f"weight {rule.weight:.2f} × {len(matched)}/{len(texts)} columns"
                f" (factor {factor:.2f})",
                evidence=(f"columns {', '.join(t.raw for t in matched[:5])}",),
            )


def _reference_points(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> Iterator[Points]:
    """Table words in the names of the tables this one's foreign keys point to, once per rule."""
    referenced = [n.strip() for n in asset.metadata.get(REFERENCES_KEY, "").split(",") if n.strip()]
    factor = taxonomy.scoring.reference_factor
    for rule in taxonomy.keywords:
        if rule.scope != "table":
            continue
        hits = [name for name in referenced if _Text.of(name, "").found(rule)]
        if hits:
            yield Points(
                rule=f"taxonomy.references.{rule.id}",
                category=rule.category,
                points=rule.weight * factor,
                effect=f"keyword weight {rule.weight:.2f} × reference factor {factor:.2f}",
                evidence=(f"foreign keys to {', '.join(hits[:5])}",),
            )
