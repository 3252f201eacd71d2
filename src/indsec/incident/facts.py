"""An incident's facts, validated at the boundary and masked before anything stores them.

A ransom wallet address and the reporting contact's phone are sensitive: they are masked as the
facts are validated, so neither the database, a report nor an escalation ever holds them raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indsec.classify.masking import mask_ends
from indsec.incident.tier_pack import TierFacts
from indsec.model import Grade


def _masked(value: str | None, head: int, tail: int) -> str | None:
    """``value`` masked, once: a value already holding ``*`` was masked before."""
    if not value or "*" in value:
        return value
    return mask_ends(value, head, tail)


class AffectedAsset(BaseModel):
    """A catalogue asset the incident touches, with its grade."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=512)
    name: str = Field(min_length=1, max_length=256)
    grade: Grade


class Ransom(BaseModel):
    """The ransom demand (the CAC measure asks reports on ransomware to give its amount)."""

    model_config = ConfigDict(extra="forbid")

    demanded: bool = False
    amount: Decimal | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3,5}$")
    wallet: str | None = Field(default=None, max_length=128)

    @field_validator("wallet")
    @classmethod
    def _mask_wallet(cls, value: str | None) -> str | None:
        return _masked(value, 4, 4)

    @model_validator(mode="after")
    def _demand_needs_it(self) -> Ransom:
        if not self.demanded and (self.amount is not None or self.wallet):
            raise ValueError("ransom amount or wallet given but ransom.demanded is false")
        return self


class Facts(BaseModel):
    """What the tiers read and the report forms show; every count is non-negative."""

    model_config = ConfigDict(extra="forbid")

    assets: list[AffectedAsset] = Field(default_factory=list)
    threat: str = "minor"
    outage_hours: Decimal = Field(default=Decimal(0), ge=0)
    direct_loss_cny: Decimal = Field(default=Decimal(0), ge=0)
    personal_info: int = Field(default=0, ge=0)
    sensitive_personal_info: int = Field(default=0, ge=0)
    ransom: Ransom = Field(default_factory=Ransom)
    cause: str = Field(default="", max_length=2000)
    impact: str = Field(default="", max_length=2000)
    measures: str = Field(default="", max_length=4000)
    follow_up_plan: str = Field(default="", max_length=4000)
    support_requested: str = Field(default="", max_length=2000)
    contact: str = Field(default="", max_length=64)
    drill: bool = False
    """Opened by a drill: never escalated nor counted in the regulator's annual summary."""

    @field_validator("contact")
    @classmethod
    def _mask_contact(cls, value: str) -> str:
        return _masked(value, 3, 4) or ""

    def tier_facts(self) -> TierFacts:
        grades = [a.grade for a in self.assets]
        return TierFacts(
            grade=Grade.highest(grades) if grades else None,
            threat=self.threat,
            outage_hours=self.outage_hours,
            direct_loss_cny=self.direct_loss_cny,
            personal_info=self.personal_info,
            sensitive_personal_info=self.sensitive_personal_info,
        )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    action: str
    detail: str


@dataclass(frozen=True)
class Incident:
    """A stored incident with its timeline, oldest action first."""

    id: int
    title: str
    scenario: str | None
    alert_id: int | None
    occurred_at: datetime | None
    detected_at: datetime
    status: str
    tier: str
    decided_by: list[str]
    facts: Facts
    timeline: list[TimelineEntry]

    def reported_at(self, kind: str) -> datetime | None:
        """When the ``kind`` report was first made, from the timeline."""
        return next((e.at for e in self.timeline if e.action == f"report:{kind}"), None)
