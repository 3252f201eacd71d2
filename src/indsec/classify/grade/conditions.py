"""The condition language of grading rules: small, typed, declarative; no expressions.

A condition is a mapping of tests that must all hold (``all`` and ``any`` nest further blocks).
Every test key is evaluated by the function registered under the same name in
:data:`indsec.classify.grade.evaluators.CONDITIONS`; ``min_confidence`` is the one modifier,
inherited by nested blocks, that sets how sure a label must be to count.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Self

from pydantic import Field, model_validator

from indsec.classify.grade.references import Loc
from indsec.rules.base import StrictModel

NonEmptyStrings = Annotated[list[str], Field(min_length=1)]
MODIFIERS = frozenset({"min_confidence"})


class ProfileFlags(StrictModel):
    """Enterprise-profile flags that must have the given values."""

    above_scale: bool | None = None
    key_enterprise: bool | None = None
    cii_operator: bool | None = None
    strategic_product_lines: bool | None = None
    export_controlled: bool | None = None

    def required(self) -> dict[str, bool]:
        """Flag name → required value, for the flags this test names."""
        return {name: value for name, value in self.model_dump().items() if value is not None}

    @model_validator(mode="after")
    def _names_a_flag(self) -> Self:
        if not self.required():
            raise ValueError("name at least one profile flag")
        return self


class LabelCount(StrictModel):
    """At least ``count`` distinct labels of ``labels`` (aggregation of several kinds)."""

    labels: NonEmptyStrings
    count: int = Field(ge=1)

    @model_validator(mode="after")
    def _count_reachable(self) -> Self:
        if self.count > len(set(self.labels)):
            raise ValueError(
                f"count {self.count} exceeds the {len(set(self.labels))} labels listed"
            )
        return self


class Condition(StrictModel):
    """One block of tests; all the tests present must hold."""

    all: Annotated[list[Condition], Field(min_length=1)] | None = None
    any: Annotated[list[Condition], Field(min_length=1)] | None = None
    labels_any: NonEmptyStrings | None = None
    labels_all: NonEmptyStrings | None = None
    labels_at_least: LabelCount | None = None
    min_confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    category_in: NonEmptyStrings | None = None
    rows_at_least: Annotated[int, Field(ge=0)] | None = None
    profile: ProfileFlags | None = None
    industry_code_prefix: NonEmptyStrings | None = None
    system_hint_in: NonEmptyStrings | None = None
    file_format_in: NonEmptyStrings | None = None

    def tests(self) -> list[tuple[str, Any]]:
        """The tests of this block, as (key, value), in schema order."""
        return [
            (name, getattr(self, name))
            for name in type(self).model_fields
            if name not in MODIFIERS and getattr(self, name) is not None
        ]

    def walk(self, loc: Loc) -> Iterator[tuple[Loc, Condition]]:
        """This block and every nested block, each with its path inside the pack."""
        yield loc, self
        for key, blocks in (("all", self.all), ("any", self.any)):
            for index, block in enumerate(blocks or []):
                yield from block.walk((*loc, key, index))

    def label_ids(self) -> list[str]:
        """Labels named by this block's own tests (not nested blocks)."""
        counted = self.labels_at_least.labels if self.labels_at_least else []
        return [*(self.labels_any or []), *(self.labels_all or []), *counted]

    @model_validator(mode="after")
    def _has_a_test(self) -> Self:
        if not self.tests():
            raise ValueError("a condition needs at least one test besides min_confidence")
        return self
