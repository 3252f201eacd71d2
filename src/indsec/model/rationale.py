"""Why an asset got its category and grade: every rule that fired, with its evidence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from indsec.model.grade import Grade


class RationaleStep(BaseModel):
    """One rule that fired."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    effect: str
    evidence: list[str] = Field(default_factory=list)
    needs_review: bool = False
    grade: Grade | None = None
