"""Catalogue entries: a classified, graded asset as it is stored, exported and filed."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from indsec.model.grade import Grade
from indsec.model.labels import FieldResult
from indsec.model.rationale import RationaleStep


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
    category: str
    grade: Grade
    general_sublevel: str | None = None
    rationale: list[RationaleStep] = Field(default_factory=list)
    fields: list[FieldResult] = Field(default_factory=list)

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
    status: str
    rule_pack_versions: dict[str, str] = Field(default_factory=dict)
    profile_name: str = ""
    asset_count: int = 0
