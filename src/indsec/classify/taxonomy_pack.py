"""The ``taxonomy`` rule pack: the MIIT industrial data categories and how to recognise them.

The categories (five enterprise domains of the 2020 MIIT guide, as kept by the 2024 compliance
guide, plus personal information across them), their crosswalk to the Measures' categories and
the scoring rules that pick one for an asset are regulatory content, so they live in YAML; this
module only gives them a schema and checks that every reference inside the pack resolves.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from indsec.classify.grade.references import (
    Loc,
    ReferenceCheckedPack,
    ReferenceProblem,
    duplicate_ids,
    unknown,
)
from indsec.model import Names
from indsec.rules.base import NamedTerm, Slug, StrictModel
from indsec.rules.pack import PACK_KINDS

Weight = Annotated[float, Field(gt=0)]


class MeasuresCategory(NamedTerm):
    """A category of the Measures (工信部网安〔2022〕166号 Art. 8), for filings and crosswalks."""


class Domain(NamedTerm):
    """A data domain (数据域) of the 2020 MIIT classification guide, or a part ``within`` one."""

    source: str = Field(min_length=1)
    within: str | None = None


class Category(StrictModel):
    """A sub-category; a cross-cutting one (personal information) may occur in any domain."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
    names: Names
    domain: str | None = None
    cross_cutting: bool = False


class MeasuresCrosswalk(StrictModel):
    """Category → Measures category; an interpretation, so it says whether it needs review."""

    source: str = Field(min_length=1)
    needs_review: bool
    map: dict[str, str]


class KeywordRule(StrictModel):
    """Words (or table-name prefixes of a framework) pointing to a category.

    ``scope: table`` reads the table's own name and comment; ``scope: column`` reads each
    column's name and comment and counts by the share of columns that match (a column family).
    ``look_alikes`` are Chinese compounds that contain one of the words without meaning it
    (客户端 is client software, not a customer): they are taken out of the text before the
    rule's Chinese words are looked for. ``in_columns: false`` keeps a table rule's words out of
    an anonymous table's columns: what every line refers to (a product, a material) says
    nothing of what a table of such lines is. ``subordinate: true`` marks a weak word that only
    speaks alone: where another rule of its category already matched the table (产品 beside
    物料), it adds nothing, so the two cannot outweigh a word saying what the table does (BOM).
    """

    id: Slug
    category: str
    weight: Weight
    scope: Literal["table", "column"] = "table"
    in_columns: bool = True
    subordinate: bool = False
    words: list[str] = Field(default_factory=list)
    prefixes: list[Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]] = Field(default_factory=list)
    look_alikes: list[Annotated[str, Field(min_length=2)]] = Field(default_factory=list)

    @field_validator("words")
    @classmethod
    def _ascii_words_are_tokens(cls, words: list[str]) -> list[str]:
        """ASCII words match whole name tokens, so they must be one lowercase token each."""
        bad = [w for w in words if w.isascii() and not (w.isalnum() and w == w.lower())]
        if bad:
            raise ValueError(f"ASCII keywords must be single lowercase tokens: {', '.join(bad)}")
        return words

    @model_validator(mode="after")
    def _says_something(self) -> KeywordRule:
        if not self.words and not self.prefixes:
            raise ValueError("a keyword rule needs words or prefixes")
        return self

    @model_validator(mode="after")
    def _look_alikes_contain_a_word(self) -> KeywordRule:
        """A look-alike must contain one of the rule's Chinese words, or it guards nothing."""
        chinese = [w for w in self.words if not w.isascii()]
        idle = [a for a in self.look_alikes if not any(w in a for w in chinese)]
        if idle:
            raise ValueError(f"look-alikes contain none of the rule's words: {', '.join(idle)}")
        return self


class Scoring(StrictModel):
    """Below ``min_score`` a category is not chosen; with no category left, ``fallback`` is.

    A label counts fully toward a domain category when its columns make up
    ``label_full_share`` of the table's columns, and never less than ``label_min_factor``.
    A column family (``scope: column`` words) counts fully when its columns make up
    ``column_full_share`` of the table's columns, and by its share below that: two order columns
    among a dozen say what the table is about, one does not.
    A table rule's words found in the columns count as a column family at
    ``table_words_in_columns`` of their weight (0: not at all): a table with no words of its own
    is what its columns say (库区编号, 库位前缀 make a storage-area table).
    Words in the names of tables a foreign key points to count ``reference_factor`` of their
    weight. Two categories of one kind scoring within ``tie_margin`` of each other are a tie.
    A cross-cutting category (personal information) is a table's category only when the table
    names it, or its labelled columns make up ``cross_cutting_min_share`` of its content
    columns; below that it is only reported beside the category (or beside ``fallback``).
    """

    min_score: Weight
    fallback: str
    label_full_share: Annotated[float, Field(gt=0, le=1)] = 0.2
    label_min_factor: Annotated[float, Field(gt=0, le=1)] = 0.5
    column_full_share: Annotated[float, Field(gt=0, le=1)] = 1.0
    reference_factor: Annotated[float, Field(gt=0, le=1)] = 0.5
    table_words_in_columns: Annotated[float, Field(ge=0, le=1)] = 0.0
    tie_margin: Annotated[float, Field(ge=0, lt=1)] = 0.0
    cross_cutting_min_share: Annotated[float, Field(gt=0, le=1)] = 0.25


class Relations(StrictModel):
    """Weights of what a source's other tables say of a table with no evidence of its own
    (:mod:`indsec.classify.relations`): being ``named_by`` the comments of columns pointing to
    it (a factor of the words' weight), being the ``lines`` of a decided table, being pointed to
    by decided tables (``referenced_by``, shared by their categories), and a ``family`` of
    tables sharing a module prefix, counted when at least ``family_min_tables`` of them are
    decided and ``family_majority`` of them are in one category."""

    named_by: Annotated[float, Field(gt=0, le=1)] = 0.8
    lines: Weight = 0.6
    referenced_by: Weight = 0.4
    family: Weight = 0.3
    family_min_tables: Annotated[int, Field(ge=2)] = 3
    family_majority: Annotated[float, Field(gt=0.5, le=1)] = 0.67
    # how names end in the master-detail convention (order_detail, order_dtl → order, order_hdr)
    detail_suffixes: list[Annotated[str, Field(pattern=r"^[a-z0-9]+$")]] = Field(
        default_factory=list
    )
    master_suffixes: list[Annotated[str, Field(pattern=r"^[a-z0-9]+$")]] = Field(
        default_factory=list
    )


@PACK_KINDS.decorator("taxonomy")
class TaxonomyPack(ReferenceCheckedPack):
    """The ``taxonomy`` pack."""

    measures_categories: Annotated[list[MeasuresCategory], Field(min_length=1)]
    domains: Annotated[list[Domain], Field(min_length=1)]
    categories: Annotated[list[Category], Field(min_length=1)]
    measures_crosswalk: MeasuresCrosswalk
    label_weights: dict[str, dict[str, Weight]]
    hint_priors: dict[str, dict[str, Weight]]
    keywords: list[KeywordRule]
    # a framework's own bookkeeping columns (keys, audit stamps, soft-delete and enabled flags,
    # remarks, sort order): every table has them, so they say nothing of what it is about
    bookkeeping_columns: list[Annotated[str, Field(pattern=r"^[a-z0-9]+$")]] = Field(
        default_factory=list
    )
    # abbreviations of names (wh_stock, po_line, cust_id) → the word they stand for, read beside
    # them in table and column names and comments
    abbreviations: dict[
        Annotated[str, Field(pattern=r"^[a-z0-9]+$")], Annotated[str, Field(pattern=r"^[a-z0-9]+$")]
    ] = Field(default_factory=dict)
    # how Chinese names of people in a trade end (维修员 repair staff, 质检员 inspectors,
    # 工程师 engineers): in a table's own name and comment, a word so followed names the people,
    # not what the table records, and is not read as that word
    role_suffixes: list[Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x7f]+$")]] = Field(
        default_factory=list
    )
    scoring: Scoring
    relations: Relations = Field(default_factory=Relations)
    tie_order: list[str]

    def category_ids(self) -> set[str]:
        return {c.id for c in self.categories}

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The ASCII words of the keyword rules and the abbreviations: what a closed compound's
        scraps may be read as (``eqppqc`` → eqp, pqc)."""
        words = {w for rule in self.keywords for w in rule.words if w.isascii()}
        return frozenset(words | set(self.abbreviations))

    @property
    def cross_cutting(self) -> set[str]:
        """The ids of the cross-cutting categories (personal information)."""
        return {c.id for c in self.categories if c.cross_cutting}

    def category(self, category_id: str) -> Category:
        """The category with this id (``KeyError`` when unknown)."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def category_name(self, category_id: str, lang: str) -> str:
        """The category's name in ``lang`` (the id itself when the category is unknown)."""
        try:
            return self.category(category_id).names.get(lang)
        except KeyError:
            return category_id

    def measures_category(self, category_id: str) -> MeasuresCategory | None:
        """The Measures category a taxonomy category is filed under, if the crosswalk has one."""
        target = self.measures_crosswalk.map.get(category_id)
        return next((m for m in self.measures_categories if m.id == target), None)

    def targets_of(self, target: str) -> list[str]:
        """A hint prior's target: one category, or every category of a domain (and of the
        domains ``within`` it: an ERP's prior for management reaches its system tables)."""
        if target in self.category_ids():
            return [target]
        domains = {target} | {d.id for d in self.domains if d.within == target}
        return [c.id for c in self.categories if c.domain in domains]

    def label_references(self) -> Iterator[tuple[Loc, str]]:
        """Every label id the pack uses, with where it is used."""
        for label in self.label_weights:
            yield ("label_weights", label), label

    def reference_problems(self) -> list[ReferenceProblem]:
        """Every reference in the pack to an undeclared domain, category or Measures category."""
        return [
            *duplicate_ids((m.id for m in self.measures_categories), ("measures_categories",)),
            *duplicate_ids((d.id for d in self.domains), ("domains",)),
            *duplicate_ids((c.id for c in self.categories), ("categories",)),
            *self._category_problems(),
            *self._crosswalk_problems(),
            *self._rule_problems(),
            *self._tie_order_problems(),
        ]

    def _category_problems(self) -> list[ReferenceProblem]:
        domains = {d.id for d in self.domains}
        problems: list[ReferenceProblem] = []
        for index, domain in enumerate(self.domains):
            if domain.within is not None:
                where: Loc = ("domains", index, "within")
                problems += unknown("domain", domain.within, domains - {domain.id}, where)
        for index, category in enumerate(self.categories):
            loc: Loc = ("categories", index)
            if category.domain is None:
                continue
            problems += unknown("domain", category.domain, domains, (*loc, "domain"))
            if category.cross_cutting:
                problems.append(ReferenceProblem(loc, "a cross-cutting category has no domain"))
            if not category.id.startswith(f"{category.domain}."):
                message = f"id '{category.id}' must start with its domain '{category.domain}.'"
                problems.append(ReferenceProblem((*loc, "id"), message))
        return problems

    def _crosswalk_problems(self) -> list[ReferenceProblem]:
        measures = {m.id for m in self.measures_categories}
        problems: list[ReferenceProblem] = []
        for category, target in self.measures_crosswalk.map.items():
            loc: Loc = ("measures_crosswalk", "map", category)
            problems += unknown("category", category, self.category_ids(), loc)
            problems += unknown("Measures category", target, measures, loc)
        return problems

    def _rule_problems(self) -> list[ReferenceProblem]:
        categories = self.category_ids()
        targets = categories | {d.id for d in self.domains}
        problems: list[ReferenceProblem] = []
        for label, weights in self.label_weights.items():
            for category in weights:
                loc: Loc = ("label_weights", label, category)
                problems += unknown("category", category, categories, loc)
        for hint, priors in self.hint_priors.items():
            for target in priors:
                problems += unknown(
                    "domain or category", target, targets, ("hint_priors", hint, target)
                )
        for index, rule in enumerate(self.keywords):
            problems += unknown(
                "category", rule.category, categories, ("keywords", index, "category")
            )
        problems += duplicate_ids((r.id for r in self.keywords), ("keywords",))
        problems += unknown("category", self.scoring.fallback, categories, ("scoring", "fallback"))
        return problems

    def _tie_order_problems(self) -> list[ReferenceProblem]:
        problems: list[ReferenceProblem] = []
        seen: set[str] = set()
        for index, category in enumerate(self.tie_order):
            problems += unknown("category", category, self.category_ids(), ("tie_order", index))
            if category in seen:
                problems.append(
                    ReferenceProblem(("tie_order", index), f"'{category}' listed twice")
                )
            seen.add(category)
        missing = sorted(self.category_ids() - seen)
        if missing:
            problems.append(
                ReferenceProblem(("tie_order",), f"missing categories: {', '.join(missing)}")
            )
        return problems
