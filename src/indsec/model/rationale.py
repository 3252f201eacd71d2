"""Why an asset got its category and grade: every rule that fired, with its evidence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from indsec.model.grade import Grade
from indsec.model.names import Names

ASSET_FIELD = "(asset)"
"""The part name of evidence found in the asset as a whole rather than in one field."""
REVIEW_RULE = "human_review"
"""The rule id of the step a human review adds."""


class ImpactPair(BaseModel):
    """The GB/T 43697 impact object and degree a step graded through the matrix (term ids)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    object: str
    degree: str


class RationaleStep(BaseModel):
    """One rule that fired.

    ``rule`` is the stable id; ``name`` the rule's human name in both languages, so reports and
    the CLI can say why without the pack at hand (absent in catalogues stored before names).
    """

    model_config = ConfigDict(extra="forbid")

    rule: str
    effect: str
    evidence: list[str] = Field(default_factory=list)
    needs_review: bool = False
    grade: Grade | None = None
    name: Names | None = None
    impact: ImpactPair | None = None
    parts: list[str] = Field(default_factory=list)

    def title(self, lang: str) -> str:
        """The rule's human name in ``lang``, or its id when the step has no name."""
        return self.name.get(lang) if self.name is not None else self.rule

    def fields(self) -> list[str]:
        """The fields that supplied the evidence (the whole asset is not a field)."""
        return [p for p in self.parts if p != ASSET_FIELD]
