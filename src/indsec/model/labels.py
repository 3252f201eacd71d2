"""Recognizer output: labels on fields, with masked examples and evidence, never raw values."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FieldLabel(BaseModel):
    """One recognizer's verdict on one field."""

    model_config = ConfigDict(extra="forbid")

    label: str
    confidence: float = Field(ge=0.0, le=1.0)
    matched: int = 0
    sampled: int = 0
    evidence: list[str] = Field(default_factory=list)
    masked_examples: list[str] = Field(default_factory=list)


class FieldResult(BaseModel):
    """A field (column, or text stream of a file) with its labels and suspicions.

    ``labels`` carry value or content evidence and count toward categories and grades.
    ``suspicions`` rest on a name or comment alone (needs_review): shown to a reviewer, never
    counted, because a column called ``id_card`` full of job codes is not a resident ID.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    data_type: str = ""
    comment: str = ""
    labels: list[FieldLabel] = Field(default_factory=list)
    suspicions: list[FieldLabel] = Field(default_factory=list)

    def label_ids(self) -> list[str]:
        return [lab.label for lab in self.labels]

    def suspicion_ids(self) -> list[str]:
        return [lab.label for lab in self.suspicions]
