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
from functools import lru_cache
from itertools import pairwise

from indsec.classify.grade.facts import LabelHit, index_labels
from indsec.classify.recognize.names import squash_name
from indsec.classify.taxonomy_pack import KeywordRule, TaxonomyPack
from indsec.model import REFERENCES_KEY, DiscoveredAsset, FieldResult

HINT_RULE = "taxonomy.hint."
_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# a closed compound long enough to hold two words (instorageinfo, uploadfile), and the shortest
# part of one worth keeping (not the e and qp of eqpmaterial)
_COMPOUND_MIN = 7
_PART_MIN = 3
_PLURAL_MIN = 3  # shorter words ending in s (ms, gis, bus) are no plurals worth reading
_LONGEST_WORD = 24  # the longest vocabulary word a run of scraps is searched for


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
    def of(cls, name: str, comment: str, taxonomy: TaxonomyPack) -> _Text:
        """The pack's ``abbreviations`` (``wh`` → warehouse) are read as the words they stand
        for, beside themselves; its vocabulary splits closed compounds (:func:`_parts`)."""
        abbreviations = taxonomy.abbreviations
        raw = f"{name} {comment}".strip()
        words = [t.lower() for t in _TOKEN.findall(raw)]
        words += [abbreviations[w] for w in words if w in abbreviations]
        # a closed compound also matches its split spellings: work_order, WorkOrder → workorder,
        # and its parts: mes_instorageinfo → in, storage, info
        joined = [*words, *(a + b for a, b in pairwise(words))]
        tokens = frozenset(
            [
                *joined,
                *(singular(w) for w in joined),
                *(p for w in words for p in _parts(w, taxonomy.vocabulary)),
            ]
        )
        return cls(raw, raw.casefold(), tokens, name.rsplit(".", 1)[-1].rsplit("/", 1)[-1])

    @property
    def is_reference(self) -> bool:
        """A name like ``depot_id`` or ``depotId``: an identifier of something else."""
        parts = _TOKEN.findall(self.bare_name)
        return len(parts) > 1 and parts[-1].lower() == "id"

    @property
    def squashed(self) -> str:
        """The bare name lowercased, without a one-letter prefix or separators: F_CreatorTime,
        creator_time and CreatorTime are all ``creatortime``."""
        return squash_name(self.bare_name)

    def found(
        self, rule: KeywordRule, *, prefixes: bool = True, roles: Sequence[str] = ()
    ) -> list[str]:
        """ASCII words are whole tokens (``hr`` is not in ``three``) or two adjacent ones joined
        (``workorder`` in ``mes_work_order``); Chinese words substrings,
        outside the rule's look-alikes (客户 not in 客户端) and, given the pack's ``roles``
        suffixes, outside names of people (维修 not in 维修员); prefixes start the bare name
        (``QRTZ_TRIGGERS`` in ``quartz.QRTZ_TRIGGERS``)."""
        folded = self.folded
        for look_alike in rule.look_alikes:
            folded = folded.replace(look_alike, " ")
        words = [
            w
            for w in rule.words
            if (w in self.tokens if w.isascii() else _said(w, folded, tuple(roles)))
        ]
        bare = self.bare_name.casefold()
        return words + [f"{p}*" for p in rule.prefixes if prefixes and bare.startswith(p)]


def _said(word: str, text: str, roles: tuple[str, ...]) -> bool:
    """``word`` stands in ``text`` at least once other than as the trade of a role noun (维修
    in 维修记录, not in 维修员 alone)."""
    return any(
        not text.startswith(roles, match.end()) for match in re.finditer(re.escape(word), text)
    )


def singular(word: str) -> str:
    """The singular of an English plural (inventories, boxes, orders), so packs list one form;
    the word itself when it is no plural (status, process, ss)."""
    if len(word) <= _PLURAL_MIN or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=4096)
def _parts(token: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The English words a long lowercase compound is made of, and each two of them joined
    (``equipmentstatusdate`` → equipment, status, date, equipmentstatus, statusdate), by the
    word frequencies of ``wordninja``: names written without separators say as much as
    ``equipment_status_date`` does. Where English leaves only scraps (``eqppqcmaster`` → eq,
    pp, qc, master), the scraps are read as the pack's ``vocabulary`` (eqp, pqc), if they are
    made of its words only."""
    if len(token) < _COMPOUND_MIN or not token.isalpha() or not token.isascii():
        return ()
    import wordninja  # here: its word list costs 90 ms and 20 MB, loaded only when needed

    split = _scraps_as_words(wordninja.split(token), vocabulary)
    if len(split) < 2:
        return ()
    parts = [p for p in split if len(p) >= _PART_MIN]
    return (*parts, *(a + b for a, b in pairwise(split) if a + b != token))


def _scraps_as_words(split: list[str], vocabulary: frozenset[str]) -> list[str]:
    """``split`` with each run of scraps (pieces too short to be a word worth keeping) read as
    the vocabulary words it is made of, when it is made of them only."""
    out: list[str] = []
    run: list[str] = []
    for piece in [*split, ""]:
        if piece and len(piece) < _PART_MIN:
            run.append(piece)
            continue
        words = _vocabulary_split("".join(run), vocabulary) if len(run) > 1 else ()
        out += words or run
        run = []
        if piece:
            out.append(piece)
    return out


def _vocabulary_split(text: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """``text`` as the fewest vocabulary words (of at least ``_PART_MIN`` letters) that make it
    up exactly, by dynamic programming; empty when it cannot be made of them."""
    best: list[tuple[str, ...] | None] = [(), *([None] * len(text))]
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end - _PART_MIN + 1):
            head, word = best[start], text[start:end]
            if head is not None and word in vocabulary and len(head) < len(best[end] or text):
                best[end] = (*head, word)
    return best[-1] or ()


def gather_points(
    asset: DiscoveredAsset, fields: Sequence[FieldResult], taxonomy: TaxonomyPack
) -> list[Points]:
    """Every signal's points for ``asset``; hint points only where other evidence exists."""
    table = list(_table_points(asset, taxonomy))
    own = [
        *_label_points(index_labels(fields).values(), len(fields), taxonomy),
        *table,
        *_column_points(fields, taxonomy, anonymous=not table),
        *_reference_points(asset, taxonomy),
    ]
    evidenced = {p.category for p in own}
    return own + [p for p in _hint_points(asset, taxonomy) if p.category in evidenced]


def is_about_people(
    category: str, asset: DiscoveredAsset, fields: Sequence[FieldResult], taxonomy: TaxonomyPack
) -> bool:
    """A cross-cutting ``category`` (personal information) is what the table *is* only when
    the table says so: its own name or comment (a visitor register), or labelled columns making
    up ``scoring.cross_cutting_min_share`` of its content columns (a table of people's names,
    identifiers and phones). One clerk's or inspector's name in a stock or inspection record is
    a record that mentions a person: it contains personal information, it is not about people.
    """
    text = _Text.of(asset.name, asset.comment, taxonomy)
    rules = [r for r in taxonomy.keywords if r.category == category and r.scope == "table"]
    if any(text.found(rule) for rule in rules):
        return True
    bookkeeping = set(taxonomy.bookkeeping_columns)
    content = [f for f in fields if squash_name(f.name) not in bookkeeping] or list(fields)
    weighed = {label for label, weights in taxonomy.label_weights.items() if category in weights}
    carrying = [f for f in content if any(label.label in weighed for label in f.labels)]
    return bool(carrying) and len(carrying) >= taxonomy.scoring.cross_cutting_min_share * len(
        content
    )


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
    """Words and framework prefixes in the table's own name and comment; a subordinate rule's
    only where no other rule of its category matched."""
    text = _Text.of(asset.name, asset.comment, taxonomy)
    matched = [
        (rule, found)
        for rule in taxonomy.keywords
        if rule.scope == "table" and (found := text.found(rule, roles=taxonomy.role_suffixes))
    ]
    leading = {rule.category for rule, _ in matched if not rule.subordinate}
    for rule, found in matched:
        if not (rule.subordinate and rule.category in leading):
            evidence = f"name/comment {text.raw!r} contains {', '.join(found)}"
            yield _keyword_points(f"taxonomy.keyword.{rule.id}", rule, evidence)


def comment_points(text: str, taxonomy: TaxonomyPack, *, rule: str) -> Iterator[Points]:
    """The table rules' words in another table's ``text`` (a comment naming this table), for
    the domain categories: personal information is for labels to prove."""
    said = _Text.of("", text, taxonomy)
    for keyword in taxonomy.keywords:
        if keyword.scope != "table" or keyword.category in taxonomy.cross_cutting:
            continue
        if found := said.found(keyword, prefixes=False, roles=taxonomy.role_suffixes):
            yield _keyword_points(f"{rule}{keyword.id}", keyword, ", ".join(found))


def _keyword_points(rule: str, keyword: KeywordRule, evidence: str) -> Points:
    """A table word's full weight for its category, under ``rule``."""
    return Points(
        rule=rule,
        category=keyword.category,
        points=keyword.weight,
        effect=f"keyword weight {keyword.weight:.2f}",
        evidence=(evidence,),
    )


def _column_points(
    fields: Sequence[FieldResult], taxonomy: TaxonomyPack, *, anonymous: bool
) -> Iterator[Points]:
    """A column family: a rule's weight × the share of columns whose name or comment match.

    Column names and comments say what the *table* is about, so they count here, by share,
    and never as a label of a column: a name alone is no evidence of what a column holds. A
    column that only points to another thing (``depot_id``) counts like a foreign key, at the
    reference factor: a stock line refers to its warehouse without being warehouse data.
    An ``anonymous`` table (its name and comment say nothing) is also read by the table rules'
    words (:func:`_table_words_in_columns`).
    """
    texts = [_Text.of(f.name, f.comment, taxonomy) for f in fields]
    families = [
        _family_points(rule, matched, len(texts), 1.0, taxonomy)
        for rule in taxonomy.keywords
        if rule.scope == "column" and (matched := [t for t in texts if t.found(rule)])
    ]
    words = list(_table_words_in_columns(texts, taxonomy)) if anonymous else []
    yield from _stronger_per_category(families, words)


def _stronger_per_category(families: list[Points], words: list[Points]) -> list[Points]:
    """Per category, the column rules' points or the table words' in the columns, whichever
    weigh more: both read the same columns, so they must not add up."""
    total: dict[str, dict[bool, float]] = {}
    for from_words, group in ((False, families), (True, words)):
        for p in group:
            by_kind = total.setdefault(p.category, {False: 0.0, True: 0.0})
            by_kind[from_words] += p.points
    keep = {c: by_kind[True] > by_kind[False] for c, by_kind in total.items()}
    return [p for p in families if not keep[p.category]] + [p for p in words if keep[p.category]]


def _table_words_in_columns(texts: list[_Text], taxonomy: TaxonomyPack) -> Iterator[Points]:
    """What an anonymous table's columns say in the table rules' words (库区编号, 库位前缀 make
    ``mes_area`` a storage-area table), at the pack's ``table_words_in_columns``. The share is
    of the table's own columns: a framework's bookkeeping columns (key, audit stamps, flags;
    WaterCloud puts ten in every table) would dilute any family to nothing. Where the name
    speaks, these words would mostly repeat it (``defect_code`` in ``qc_defect``) or let side
    columns outvote it; a cross-cutting category's words never count (personal information is
    for labels to prove).
    """
    content = _content_columns(texts, taxonomy)
    discount = taxonomy.scoring.table_words_in_columns
    for rule in taxonomy.keywords:
        if rule.scope != "table" or not discount or not _read_in_columns(rule, taxonomy):
            continue
        matched = [t for t in content if t.found(rule, prefixes=False)]
        if matched:
            yield _family_points(rule, matched, len(content), discount, taxonomy)


def _read_in_columns(rule: KeywordRule, taxonomy: TaxonomyPack) -> bool:
    """A table rule whose words also speak in an anonymous table's columns."""
    return rule.in_columns and rule.category not in taxonomy.cross_cutting


def _content_columns(texts: list[_Text], taxonomy: TaxonomyPack) -> list[_Text]:
    """The columns that say something of the table: all but its bookkeeping ones (or all, when
    the table has nothing else)."""
    bookkeeping = set(taxonomy.bookkeeping_columns)
    return [t for t in texts if t.squashed not in bookkeeping] or texts


def _family_points(
    rule: KeywordRule, matched: list[_Text], total: int, discount: float, taxonomy: TaxonomyPack
) -> Points:
    scoring = taxonomy.scoring
    weight = sum(scoring.reference_factor if t.is_reference else 1.0 for t in matched)
    factor = min(1.0, weight / total / scoring.column_full_share)
    source = "columns" if rule.scope == "column" else "columnwords"
    effect = f"weight {rule.weight:.2f} × {len(matched)}/{total} columns (factor {factor:.2f})"
    return Points(
        rule=f"taxonomy.{source}.{rule.id}",
        category=rule.category,
        points=rule.weight * factor * discount,
        effect=effect if discount == 1.0 else f"{effect} × table words {discount:.2f}",
        evidence=(f"columns {', '.join(t.raw for t in matched[:5])}",),
    )


def _reference_points(asset: DiscoveredAsset, taxonomy: TaxonomyPack) -> Iterator[Points]:
    """Table words in the names of the tables this one's foreign keys point to, once per rule."""
    referenced = [n.strip() for n in asset.metadata.get(REFERENCES_KEY, "").split(",") if n.strip()]
    factor = taxonomy.scoring.reference_factor
    for rule in taxonomy.keywords:
        if rule.scope != "table":
            continue
        hits = [n for n in referenced if _Text.of(n, "", taxonomy).found(rule)]
        if hits:
            yield Points(
                rule=f"taxonomy.references.{rule.id}",
                category=rule.category,
                points=rule.weight * factor,
                effect=f"keyword weight {rule.weight:.2f} × reference factor {factor:.2f}",
                evidence=(f"foreign keys to {', '.join(hits[:5])}",),
            )
