"""The ``grading`` rule pack: GB/T 43697 impact analysis and the rules that feed it, as data.

GB/T 43697-2024 grades data by the impact object harmed (national security … individual rights)
and the degree of harm; the §6.5 matrix turns that pair into core / important / general. What
sets the pair for an industrial asset (labels, category, volume, aggregation, the enterprise's
profile) is sector interpretation, much of it unverified, so every value sits in YAML with its
source and a ``needs_review`` flag, and a site can replace the pack without touching code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Self

from pydantic import Field, model_validator

from indsec.classify.grade.conditions import Condition
from indsec.classify.grade.references import (
    Loc,
    ReferenceCheckedPack,
    ReferenceProblem,
    duplicate_ids,
    unknown,
)
from indsec.errors import ConfigError
from indsec.model import Grade, Names
from indsec.rules.base import NamedTerm, StrictModel
from indsec.rules.pack import PACK_KINDS


class Term(NamedTerm):
    """A declared term of the pack (impact object, degree, factor, sub-level)."""


class Impact(StrictModel):
    """Who is harmed, and how badly: the two inputs of the §6.5 matrix."""

    object: str
    degree: str


class Matrix(StrictModel):
    """Impact object → degree → grade."""

    source: str = Field(min_length=1)
    needs_review: bool
    cells: dict[str, dict[str, Grade]]


class GeneralSublevels(StrictModel):
    """Sub-levels of general data (Annex H), ordered from the highest; set by impact degree."""

    source: str = Field(min_length=1)
    needs_review: bool
    levels: Annotated[list[Term], Field(min_length=1)]
    by_degree: dict[str, str]
    empty_asset: str | None = Field(
        default=None,
        description="sub-level a category baseline gives an asset that holds no rows: the "
        "baseline describes data the asset does not hold",
    )


class CategoryBaselines(StrictModel):
    """The impact every asset of a category has before any rule fires."""

    source: str = Field(min_length=1)
    needs_review: bool
    impacts: dict[str, Impact]


class LegacyLevels(StrictModel):
    """The 2020 guide's 一级/二级/三级 mapped onto today's grades, for migrated catalogues."""

    source: str = Field(min_length=1)
    needs_review: bool
    grades: dict[str, Grade]


class RuleEffect(StrictModel):
    """Either an impact pair (graded through the matrix) or a grade floor, not both."""

    impact: Impact | None = None
    raise_to: Grade = Grade.GENERAL

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.impact is None) == ("raise_to" not in self.model_fields_set):
            raise ValueError("give exactly one of 'impact' or 'raise_to'")
        return self


class GradingRule(StrictModel):
    """When ``when`` holds for an asset, ``then`` applies; the evidence goes to the rationale."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_.-]*$")
    names: Names = Field(description="short human name shown where the grade is explained")
    description: Names
    source: str = Field(min_length=1)
    needs_review: bool = False
    factors: list[str] = Field(default_factory=list)
    when: Condition
    then: RuleEffect


class GradingDefaults(StrictModel):
    """Values rules inherit unless they set their own."""

    min_confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.6


@PACK_KINDS.decorator("grading")
class GradingPack(ReferenceCheckedPack):
    """The ``grading`` pack."""

    impact_objects: Annotated[list[Term], Field(min_length=1)]
    impact_degrees: Annotated[list[Term], Field(min_length=1)]
    grading_factors: list[Term]
    matrix: Matrix
    general_sublevels: GeneralSublevels
    category_baselines: CategoryBaselines
    legacy_levels: LegacyLevels
    defaults: GradingDefaults = Field(default_factory=GradingDefaults)
    rules: list[GradingRule]

    def grade_of(self, impact: Impact) -> Grade:
        """The §6.5 matrix cell for ``impact``."""
        return self.matrix.cells[impact.object][impact.degree]

    def sublevel_of(self, impact: Impact) -> str:
        """The general-data sub-level an impact of this degree calls for."""
        return self.general_sublevels.by_degree[impact.degree]

    def sublevel_ids(self) -> list[str]:
        """Sub-level ids, highest first."""
        return [level.id for level in self.general_sublevels.levels]

    def category_ids(self) -> set[str]:
        """Categories with a baseline, plus their domains (usable in ``category_in``)."""
        categories = set(self.category_baselines.impacts)
        return categories | {c.split(".", 1)[0] for c in categories if "." in c}

    def grade_for_2020_level(self, level: str) -> Grade:
        """The grade a level of the 2020 guide (``level_1`` … ``level_3``) maps to."""
        try:
            return self.legacy_levels.grades[level]
        except KeyError:
            valid = ", ".join(sorted(self.legacy_levels.grades))
            raise ConfigError(f"unknown 2020 level '{level}' (valid: {valid})") from None

    def term_names(self) -> dict[str, Names]:
        """Impact objects and degrees by id, for wording a rationale in either language."""
        return {t.id: t.names for t in [*self.impact_objects, *self.impact_degrees]}

    def label_references(self) -> Iterator[tuple[Loc, str]]:
        """Every label id the rules use, with where it is used."""
        for index, rule in enumerate(self.rules):
            for loc, block in rule.when.walk(("rules", index, "when")):
                for label in block.label_ids():
                    yield loc, label

    def reference_problems(self) -> list[ReferenceProblem]:
        """Every reference to an undeclared impact object, degree, category, factor or level."""
        return [
            *duplicate_ids((t.id for t in self.impact_objects), ("impact_objects",)),
            *duplicate_ids((t.id for t in self.impact_degrees), ("impact_degrees",)),
            *duplicate_ids((t.id for t in self.grading_factors), ("grading_factors",)),
            *duplicate_ids(self.sublevel_ids(), ("general_sublevels", "levels")),
            *duplicate_ids((r.id for r in self.rules), ("rules",)),
            *self._matrix_problems(),
            *self._sublevel_problems(),
            *self._baseline_problems(),
            *self._rule_problems(),
        ]

    def _impact_problems(self, impact: Impact, loc: Loc) -> list[ReferenceProblem]:
        objects = [t.id for t in self.impact_objects]
        degrees = [t.id for t in self.impact_degrees]
        return [
            *unknown("impact object", impact.object, objects, (*loc, "object")),
            *unknown("impact degree", impact.degree, degrees, (*loc, "degree")),
        ]

    def _matrix_problems(self) -> list[ReferenceProblem]:
        """The matrix must have exactly one cell per impact object and degree."""
        objects = [t.id for t in self.impact_objects]
        degrees = [t.id for t in self.impact_degrees]
        cells = self.matrix.cells
        loc: Loc = ("matrix", "cells")
        problems = [p for obj in cells for p in unknown("impact object", obj, objects, (*loc, obj))]
        for obj, row in cells.items():
            problems += [
                p for d in row for p in unknown("impact degree", d, degrees, (*loc, obj, d))
            ]
            missing = [d for d in degrees if d not in row]
            if missing and obj in objects:
                problems.append(ReferenceProblem((*loc, obj), f"no cell for {', '.join(missing)}"))
        absent = [obj for obj in objects if obj not in cells]
        if absent:
            problems.append(ReferenceProblem(loc, f"no row for {', '.join(absent)}"))
        return problems

    def _sublevel_problems(self) -> list[ReferenceProblem]:
        degrees = [t.id for t in self.impact_degrees]
        loc: Loc = ("general_sublevels", "by_degree")
        problems: list[ReferenceProblem] = []
        for degree, level in self.general_sublevels.by_degree.items():
            problems += unknown("impact degree", degree, degrees, (*loc, degree))
            problems += unknown("general sub-level", level, self.sublevel_ids(), (*loc, degree))
        absent = [d for d in degrees if d not in self.general_sublevels.by_degree]
        if absent:
            problems.append(ReferenceProblem(loc, f"no sub-level for {', '.join(absent)}"))
        if (empty := self.general_sublevels.empty_asset) is not None:
            where: Loc = ("general_sublevels", "empty_asset")
            problems += unknown("general sub-level", empty, self.sublevel_ids(), where)
        return problems

    def _baseline_problems(self) -> list[ReferenceProblem]:
        loc: Loc = ("category_baselines", "impacts")
        return [
            p
            for category, impact in self.category_baselines.impacts.items()
            for p in self._impact_problems(impact, (*loc, category))
        ]

    def _rule_problems(self) -> list[ReferenceProblem]:
        factors = [t.id for t in self.grading_factors]
        problems: list[ReferenceProblem] = []
        for index, rule in enumerate(self.rules):
            loc: Loc = ("rules", index)
            for position, factor in enumerate(rule.factors):
                problems += unknown("grading factor", factor, factors, (*loc, "factors", position))
            if rule.then.impact is not None:
                problems += self._impact_problems(rule.then.impact, (*loc, "then", "impact"))
            problems += self._condition_problems(rule.when, (*loc, "when"))
        return problems

    def _condition_problems(self, condition: Condition, loc: Loc) -> list[ReferenceProblem]:
        known = self.category_ids()
        return [
            p
            for block_loc, block in condition.walk(loc)
            for position, category in enumerate(block.category_in or [])
            for p in unknown("category", category, known, (*block_loc, "category_in", position))
        ]
