"""What the other tables of a source say about a table that says nothing of itself.

Enterprise schemas often leave most tables without a comment; their meaning is then in the rest
of the schema. A second pass over a source's tables reads it, for the tables that their own
evidence left unclassified, and only for them (a table's own evidence always weighs more):

* *named by*: the comments of the columns elsewhere that point to it (``F_OrderId`` commented
  ``订单Id`` names ``mes_order`` an order), read with the table rules, a little below the
  weight of the table's own comment;
* *lines of*: a table whose name extends the name of a table it points to is that table's lines
  (``mes_orderdetail`` → ``mes_order``), and takes its category;
* *referenced by*: the categories of the tables that point to it, by their share;
* *module family*: the tables sharing its module prefix (``qc_``, ``wm_``), when a clear
  majority of them is decided by its own evidence and the prefix is not the whole source's.

A column points to a table when it is named after it (``material_id``, ``F_MaterialId`` →
``mes_material``, ``material``; ``order_id`` → ``orders``) or a foreign key says so. Every
such decision names the related tables in its rationale and is flagged for review: it is the
schema's word, not the table's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from indsec.classify.recognize.names import squash_name
from indsec.classify.taxonomy_pack import Relations, TaxonomyPack
from indsec.classify.taxonomy_signals import Points, comment_points, singular
from indsec.model import REFERENCES_KEY, ClassifiedAsset

RELATED_RULE = "taxonomy.related."
_SEPARATORS = re.compile(r"[_\-\s]+")
_MIN_STEM = 3  # a shorter stem (``no``, ``id``) names nothing
_SHOWN = 3  # related tables named in one rationale step


@dataclass(frozen=True, slots=True)
class TableFacts:
    """What one table tells the others: its name, category, and what its columns point to."""

    name: str
    category: str
    own: bool
    pointers: tuple[tuple[str, str], ...]
    references: tuple[str, ...]

    @classmethod
    def of(cls, asset: ClassifiedAsset, taxonomy: TaxonomyPack) -> TableFacts:
        """The facts of a classified table; ``own``: its category rests on its own evidence."""
        bookkeeping = set(taxonomy.bookkeeping_columns)
        pointers = tuple(
            (f.name, f.comment)
            for f in asset.fields
            if _pointed_stem(f.name) and squash_name(f.name) not in bookkeeping
        )
        references = asset.metadata.get(REFERENCES_KEY, "").split(",")
        return cls(
            name=asset.name,
            category=asset.category,
            own=is_own_decision(asset, taxonomy),
            pointers=pointers,
            references=tuple(r.strip() for r in references if r.strip()),
        )


def is_own_decision(asset: ClassifiedAsset, taxonomy: TaxonomyPack) -> bool:
    """The asset's category came from its own evidence (not the fallback, not its relations)."""
    related = any(step.rule.startswith(RELATED_RULE) for step in asset.rationale)
    return asset.category != taxonomy.scoring.fallback and not related


def _bare(name: str) -> str:
    return name.rsplit(".", 1)[-1].rsplit("/", 1)[-1].lower()


def _stems(name: str) -> tuple[str, str, str]:
    """(module prefix, stem without it, whole stem) of a table name: ``wm_stock_in`` →
    (``wm``, ``stockin``, ``wmstockin``); a one-word name has no module."""
    parts = [p for p in _SEPARATORS.split(_bare(name)) if p]
    whole = "".join(parts)
    if len(parts) < 2:
        return "", whole, whole
    return parts[0], "".join(parts[1:]), whole


def _pointed_stem(column: str) -> str:
    """What a column named after another thing points to: ``material_id`` → ``material``."""
    squashed = squash_name(column)
    stem = squashed[:-2] if squashed.endswith("id") else ""
    return stem if len(stem) >= _MIN_STEM else ""


@dataclass(frozen=True, slots=True)
class _Pointer:
    """One table pointing to another, by a column (with its comment) or a foreign key."""

    source: str
    target: str
    column: str
    comment: str


class SourceTables:
    """The tables of one source and how they point to each other."""

    def __init__(self, facts: Iterable[TableFacts]) -> None:
        self.facts = {f.name: f for f in facts}
        self._by_stem: dict[str, list[str]] = {}
        for name in self.facts:
            _, short, whole = _stems(name)
            # a table named in the plural is pointed to in the singular (orders ← order_id)
            for stem in {short, whole, singular(short), singular(whole)}:
                self._by_stem.setdefault(stem, []).append(name)
        self._by_bare = {_bare(name): name for name in self.facts}
        pointers = [p for f in self.facts.values() for p in self._pointers(f)]
        self.outgoing: dict[str, list[_Pointer]] = {}
        self.incoming: dict[str, list[_Pointer]] = {}
        for p in pointers:
            self.outgoing.setdefault(p.source, []).append(p)
            self.incoming.setdefault(p.target, []).append(p)
        self.modules: dict[str, list[str]] = {}
        self._majorities: dict[str, tuple[str, list[str]]] = {}
        for name in self.facts:
            self.modules.setdefault(_stems(name)[0], []).append(name)

    def _pointers(self, facts: TableFacts) -> Iterator[_Pointer]:
        seen: set[str] = set()
        for column, comment in facts.pointers:
            target = self._resolve(_pointed_stem(column), facts.name)
            if target and target not in seen:
                seen.add(target)
                yield _Pointer(facts.name, target, column, comment)
        for reference in facts.references:
            target = self._by_bare.get(_bare(reference))
            if target and target != facts.name and target not in seen:
                seen.add(target)
                yield _Pointer(facts.name, target, "", "")

    def _resolve(self, stem: str, source: str) -> str | None:
        """The one table named ``stem`` (the source's own module first), or None."""
        names = [n for n in self._by_stem.get(stem, []) if n != source]
        if len(names) > 1:
            module = _stems(source)[0]
            names = [n for n in names if _stems(n)[0] == module]
        return names[0] if len(names) == 1 else None

    def masters(self, name: str, relations: Relations) -> list[str]:
        """The tables named as the master of ``name`` if its name ends as a detail does."""
        module, short, _ = _stems(name)
        found: list[str] = []
        for suffix in relations.detail_suffixes:
            base = short[: -len(suffix)] if short.endswith(suffix) else ""
            if len(base) < _MIN_STEM:
                continue
            for master in ("", *relations.master_suffixes):
                names = [n for n in self._by_stem.get(base + master, []) if n != name]
                found += [n for n in names if _stems(n)[0] == module]
        return found

    def majority(self, module: str, taxonomy: TaxonomyPack) -> tuple[str, list[str]]:
        """The category most of the module's tables have by their own evidence, and those
        tables (sorted); worked out once per module."""
        if module not in self._majorities:
            decided = [n for n in self.modules[module] if _decided_by_own(self.facts[n], taxonomy)]
            counts = Counter(self.facts[n].category for n in decided)
            best = min(counts, key=lambda c: (-counts[c], c)) if counts else ""
            members = sorted(n for n in decided if self.facts[n].category == best)
            self._majorities[module] = (best, members)
        return self._majorities[module]

    def module_is_specific(self, module: str) -> bool:
        """A module prefix shared by at most half of the source's tables (not the whole
        schema's ``mes_``, which says nothing of one table)."""
        return bool(module) and len(self.modules[module]) * 2 <= len(self.facts)


def related_points(
    name: str, tables: SourceTables, categories: Mapping[str, str], taxonomy: TaxonomyPack
) -> list[Points]:
    """Every related signal's points for table ``name``; ``categories`` are the tables'
    current categories (the lines of a table named in this pass follow it in the next)."""
    return [
        *_named_by(name, tables, taxonomy),
        *_lines_of(name, tables, categories, taxonomy),
        *_referenced_by(name, tables, taxonomy),
        *_module_family(name, tables, taxonomy),
    ]


def _domain(category: str, taxonomy: TaxonomyPack) -> bool:
    """A category worth passing on: decided, and not a cross-cutting one."""
    fallback = taxonomy.scoring.fallback
    return category not in ("", fallback) and category not in taxonomy.cross_cutting


def _named_by(name: str, tables: SourceTables, taxonomy: TaxonomyPack) -> Iterator[Points]:
    commented = [p for p in tables.incoming.get(name, []) if p.comment]
    factor = taxonomy.relations.named_by
    best: dict[str, Points] = {}
    for p in commented:
        evidence = f"{p.source}.{p.column} points to it, commented {p.comment!r}"
        for points in comment_points(p.comment, taxonomy, rule=f"{RELATED_RULE}named_by."):
            scaled = Points(
                points.rule,
                points.category,
                points.points * factor,
                f"{points.effect} × named-by factor {factor:.2f}",
                (evidence, *points.evidence),
            )
            if scaled.rule not in best:
                best[scaled.rule] = scaled
    yield from best.values()


def _lines_of(
    name: str, tables: SourceTables, categories: Mapping[str, str], taxonomy: TaxonomyPack
) -> Iterator[Points]:
    """The decided table whose lines it is: one it points to whose name its own extends
    (``mes_orderdetail`` → ``mes_order``, the longest such name), or else its master by the
    master-detail naming convention (``pqc_detail`` → ``pqc_master``, ``pqc``)."""
    _, short, _ = _stems(name)
    pointed = [
        p.target
        for p in tables.outgoing.get(name, [])
        if short.startswith(_stems(p.target)[1]) and len(short) > len(_stems(p.target)[1])
    ]
    heads = [h for h in pointed if _domain(categories.get(h, ""), taxonomy)]
    if heads:
        head = max(heads, key=lambda h: len(_stems(h)[1]))
        said = f"its name extends {head}'s and it points to it: lines of {head}"
    else:
        masters = tables.masters(name, taxonomy.relations)
        head = next((m for m in masters if _domain(categories.get(m, ""), taxonomy)), "")
        said = f"named as the detail of {head}: lines of {head}"
    if head:
        weight = taxonomy.relations.lines
        yield Points(
            rule=f"{RELATED_RULE}lines_of",
            category=categories[head],
            points=weight,
            effect=f"relation weight {weight:.2f}",
            evidence=(said,),
        )


def _referenced_by(name: str, tables: SourceTables, taxonomy: TaxonomyPack) -> Iterator[Points]:
    sources = sorted({p.source for p in tables.incoming.get(name, [])})
    decided = [s for s in sources if _decided_by_own(tables.facts[s], taxonomy)]
    yield from _shares(
        decided, tables, taxonomy.relations.referenced_by, "referenced_by", "pointed to by"
    )


def _module_family(name: str, tables: SourceTables, taxonomy: TaxonomyPack) -> Iterator[Points]:
    """The module's majority category, when clear (the table itself, undecided, not counted
    among the decided: a held table never is)."""
    module = _stems(name)[0]
    if not tables.module_is_specific(module):
        return
    siblings = len(tables.modules[module]) - 1
    category, members = tables.majority(module, taxonomy)
    relations = taxonomy.relations
    if len(members) >= relations.family_min_tables and (
        len(members) / siblings >= relations.family_majority
    ):
        yield Points(
            rule=f"{RELATED_RULE}module_family",
            category=category,
            points=relations.family,
            effect=f"relation weight {relations.family:.2f}",
            evidence=(
                f"{len(members)} of the {siblings} other {module}_ tables are {category}: "
                + ", ".join(members[:_SHOWN]),
            ),
        )


def _decided_by_own(facts: TableFacts, taxonomy: TaxonomyPack) -> bool:
    return facts.own and _domain(facts.category, taxonomy)


def _shares(
    sources: list[str], tables: SourceTables, weight: float, rule: str, verb: str
) -> Iterator[Points]:
    """``weight`` shared among the categories of ``sources`` by how many of them have each."""
    counts = Counter(tables.facts[s].category for s in sources)
    for category, count in sorted(counts.items()):
        members = [s for s in sources if tables.facts[s].category == category]
        yield Points(
            rule=f"{RELATED_RULE}{rule}",
            category=category,
            points=weight * count / len(sources),
            effect=f"relation weight {weight:.2f} × {count}/{len(sources)} tables",
            evidence=(f"{verb} {', '.join(members[:_SHOWN])}",),
        )
