"""What an enterprise instance sends, validated at the boundary: an incident's escalation
document and an assessment report's summary. Every problem is named with where it is, and
nothing is stored unless there is none."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from indsec.classify.recognize.validators import is_cn_uscc
from indsec.errors import FilingRejectedError, Problem

USCC = Field(min_length=18, max_length=18)
M = TypeVar("M", bound=BaseModel)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Sender(_In):
    """The reporting enterprise as its instance's profile names it."""

    model_config = ConfigDict(extra="allow")

    uscc: str = USCC
    name: str = Field(min_length=1, max_length=256)

    @field_validator("uscc")
    @classmethod
    def _check_digit(cls, value: str) -> str:
        if not is_cn_uscc(value.upper()):
            raise ValueError(f"{value!r} fails the GB 32100 check digit (USCC)")
        return value.upper()


class EscalatedTier(_In):
    id: str = Field(min_length=1, max_length=32)
    zh: str = Field(min_length=1, max_length=64)
    en: str = Field(min_length=1, max_length=64)
    rank: int = Field(ge=0, le=20, description="0 is the most severe tier of the pack")


class EscalatedIncident(_In):
    model_config = ConfigDict(extra="allow")

    id: int = Field(ge=1)
    title: str = Field(min_length=1, max_length=256)
    scenario: str | None = Field(default=None, max_length=32)
    detected_at: datetime
    status: str = Field(min_length=1, max_length=16)


class EscalatedDeadline(_In):
    kind: Literal["initial", "follow_up", "final"]
    due: datetime
    reported_at: datetime | None = None
    state: str = Field(max_length=16)
    needs_review: bool = False


class Escalation(_In):
    """The document ``indsec incident escalate`` sends (schema ``indsec.incident-escalation/1``)."""

    schema_: Literal["indsec.incident-escalation/1"] = Field(alias="schema")
    prepared_at: datetime
    tier_pack: dict[str, Any]
    enterprise: Sender
    tier: EscalatedTier
    incident: EscalatedIncident
    deadlines: list[EscalatedDeadline] = Field(min_length=1, max_length=3)
    reports: list[dict[str, Any]] = Field(max_length=3)


class DomainScoreIn(_In):
    framework: str = Field(min_length=1, max_length=64)
    domain: str = Field(min_length=1, max_length=64)
    zh: str = Field(max_length=256)
    en: str = Field(max_length=256)
    score: float | None = Field(default=None, ge=0, le=1)


class AssessmentSummary(_In):
    """The summary of an annual assessment report (schema ``indsec.assessment-summary/1``)."""

    schema_: Literal["indsec.assessment-summary/1"] = Field(alias="schema")
    id: str = Field(min_length=1, max_length=64)
    kind: Literal["self_examination", "annual"]
    enterprise: Sender
    issued_on: date
    overall: float | None = Field(default=None, ge=0, le=1)
    domains: list[DomainScoreIn] = Field(max_length=500)


def validated(model: type[M], raw: Any, what: str) -> M:
    """``raw`` as ``model``, or a rejection naming every invalid field."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(".".join(str(p) for p in e["loc"]) or what, e["msg"]) for e in exc.errors()
        ]
        raise FilingRejectedError(f"the {what} is invalid", problems) from exc
