"""References between and inside the taxonomy and grading packs.

A pack that names a category, impact object or label that does not exist is a silent bug: the
rule never fires and nobody notices. Inside one pack, such references are reported during
schema validation with their YAML location (so ``indsec rules validate`` prints file:line);
across packs, :func:`check_label_references` and :func:`check_category_references` compare the
vocabularies once all packs are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from pydantic import ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from indsec.rules.pack import RulePack

if TYPE_CHECKING:
    from indsec.classify.grade.pack import GradingPack
    from indsec.classify.taxonomy_pack import TaxonomyPack

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ReferenceProblem:
    """A reference to something the pack does not declare, at a path inside the pack."""

    loc: Loc
    message: str

    def __str__(self) -> str:
        dotted = ".".join(str(part) for part in self.loc) or "(document)"
        return f"{dotted}: {self.message}"


def duplicate_ids(ids: Iterable[str], loc: Loc) -> list[ReferenceProblem]:
    """One problem per repeated id in a declared list (``loc`` is the list's path)."""
    seen: set[str] = set()
    problems: list[ReferenceProblem] = []
    for index, item in enumerate(ids):
        if item in seen:
            problems.append(ReferenceProblem((*loc, index, "id"), f"duplicate id '{item}'"))
        seen.add(item)
    return problems


def unknown(kind: str, value: str, known: Iterable[str], loc: Loc) -> list[ReferenceProblem]:
    """A problem when ``value`` is not among ``known``, naming the valid choices."""
    valid = sorted(known)
    if value in valid:
        return []
    return [ReferenceProblem(loc, f"unknown {kind} '{value}' (valid: {', '.join(valid)})")]


def raise_located(title: str, problems: list[ReferenceProblem]) -> None:
    """Raise ``problems`` as one pydantic error, so the loader can place each on its line.

    pydantic-core re-raises a ``ValidationError`` from a validator with its locations kept
    (pydantic-core #510), which lets ``rules/schema.py`` turn them into file:line without
    knowing about references; the malformed-pack tests pin this behaviour.
    """
    if not problems:
        return
    details = [
        InitErrorDetails(
            type=PydanticCustomError("unknown_reference", "{message}", {"message": p.message}),
            loc=p.loc,
            input=None,
        )
        for p in problems
    ]
    raise ValidationError.from_exception_data(title, details)


def check_label_references(
    taxonomy: TaxonomyPack, grading: GradingPack, known_labels: set[str]
) -> list[str]:
    """Label ids used by either pack that no recognizer produces."""
    messages: list[str] = []
    for pack, references in (
        (taxonomy.pack.id, taxonomy.label_references()),
        (grading.pack.id, grading.label_references()),
    ):
        messages += [
            f"{pack}: {ReferenceProblem(loc, f'unknown label {label!r}')}"
            for loc, label in references
            if label not in known_labels
        ]
    return messages


def check_category_references(taxonomy: TaxonomyPack, grading: GradingPack) -> list[str]:
    """Categories the grading pack has no baseline for, and baselines of unknown categories."""
    declared = taxonomy.category_ids()
    graded = set(grading.category_baselines.impacts)
    missing = [
        f"{grading.pack.id}: category_baselines.impacts: no baseline for category '{category}' "
        f"of taxonomy {taxonomy.pack.id}"
        for category in sorted(declared - graded)
    ]
    extra = [
        f"{grading.pack.id}: category_baselines.impacts.{category}: category not in "
        f"taxonomy {taxonomy.pack.id}"
        for category in sorted(graded - declared)
    ]
    return missing + extra


class ReferenceCheckedPack(RulePack):
    """A pack whose internal references are checked when it loads, each problem on its line."""

    def reference_problems(self) -> list[ReferenceProblem]:
        """Every reference to something the pack does not declare; none by default."""
        return []

    def check(self) -> list[str]:
        return [str(p) for p in self.reference_problems()]

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        raise_located(type(self).__name__, self.reference_problems())
        return self
