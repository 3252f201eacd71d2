"""Alerts: a rule match, made grade-aware by the catalogue asset it touches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from indsec.model.grade import Grade


class AssetContext(BaseModel):
    """The catalogue asset an event names, and how it was matched (the alert's "why")."""

    model_config = ConfigDict(extra="forbid")

    key: str
    name: str
    grade: Grade
    category: str
    matched_on: str
    reason: str = ""


class Alert(BaseModel):
    """One alert: rule, raised severity, the event's origin, and the asset's grade."""

    model_config = ConfigDict(extra="forbid")

    rule_id: str
    rule_title: str
    level: str
    severity: str
    scenario: str | None = None
    risk_types: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    event_time: datetime | None = None
    origin: str = ""
    asset: AssetContext | None = None
    correlation: bool = False
    group: dict[str, Any] = Field(default_factory=dict)
    details: dict[str, Any] = Field(default_factory=dict)
