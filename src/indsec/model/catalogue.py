"""Catalogue entries: a classified, graded asset as it is stored, exported and filed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from indsec.model.grade import Grade
from indsec.model.labels import FieldResult
from indsec.model.rationale import REVIEW_RULE, RationaleStep


class ClassifiedAsset(BaseModel):
    """One asset after recognition, classification and grading (no raw values)."""

    model_config = ConfigDict(extra="forbid")

    source: str
    name: str
    kind: str
    rows: int | None = None
    rows_exact: bool = True
    size_bytes: int | None = None
    system_hint: str = ""
    file_format: str = ""
    comment: str = ""
    metadata: dict[str, str] = Field(default_factory=dict)
    category: str
    cross_cutting: list[str] = Field(default_factory=list)
    grade: Grade
    computed_grade: Grade | None = None
    computed_category: str | None = None
    general_sublevel: str | None = None
    rationale: list[RationaleStep] = Field(default_factory=list)
    fields: list[FieldResult] = Field(default_factory=list)

    def label_ids(self) -> list[str]:
        """Every label any field of the asset carries, once each, sorted."""
        return sorted({label for f in self.fields for label in f.label_ids()})

    def suspicion_ids(self) -> list[str]:
        """Every label a name or comment alone suggests on any field (for review), sorted."""
        return sorted({label for f in self.fields for label in f.suspicion_ids()})

    def deciding_step(self) -> RationaleStep | None:
        """The step that set the grade: the newest review that did, else the deciding finding.

        The grader lists its findings before its decision step and takes the first of the
        highest grade, so the first step of the asset's grade is the finding that decided.
        """
        deciding = [s for s in self.rationale if s.grade == self.grade]
        if not deciding:
            return None
        return deciding[-1] if deciding[-1].rule == REVIEW_RULE else deciding[0]

    def reason(self, lang: str = "en") -> str:
        """One line on why the asset has its grade: the deciding rule's name, and where."""
        step = self.deciding_step()
        if step is None:
            return ""
        if step.name is None:  # stored before rules had names: the decision's own evidence
            last = [s for s in self.rationale if s.grade == self.grade][-1]
            return last.evidence[0] if last.evidence else last.effect
        if step.rule == REVIEW_RULE:
            return f"{step.title(lang)}: {step.evidence[0]}" if step.evidence else step.title(lang)
        fields = step.fields()
        return f"{step.title(lang)} ({', '.join(fields)})" if fields else step.title(lang)

    @property
    def key(self) -> str:
        """Stable identity across scans: source and name."""
        return f"{self.source}::{self.name}"


class Review(BaseModel):
    """A human decision that overrides the computed category or grade and survives rescans."""

    model_config = ConfigDict(extra="forbid")

    asset_key: str
    grade: Grade | None = None
    category: str | None = None
    reason: str = Field(min_length=1)
    reviewer: str
    reviewed_at: datetime


class CatalogueVersion(BaseModel):
    """One scan's result: a numbered, append-only version."""

    model_config = ConfigDict(extra="forbid")

    number: int
    created_at: datetime
    finished_at: datetime | None = None
    status: str
    trigger: str = "scan"
    sources: list[str] = Field(default_factory=list)
    rule_pack_versions: dict[str, str] = Field(default_factory=dict)
    profile: dict[str, Any] = Field(default_factory=dict)
    report: dict[str, Any] = Field(default_factory=dict)
    error: str = ""
    asset_count: int = 0
