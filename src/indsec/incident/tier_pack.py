"""The ``incident_tiers`` rule-pack kind: the emergency plan's four tiers and their clocks.

Which facts make an incident 特别重大 or 较大, and how soon each report is due, is regulation
whose official annex was not at hand: the thresholds and deadlines are data a site can edit, each
with the confidence of its source, and a value only recalled or inferred must say it needs review.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from indsec.model import Grade
from indsec.rules.base import FrozenModel, NamedTerm, TermId
from indsec.rules.pack import PACK_KINDS, RulePack

Confidence = Literal["F", "F-2", "R", "U"]
ThresholdKind = Literal[
    "data", "outage_hours", "direct_loss_cny", "personal_info", "sensitive_personal_info"
]
REPORT_KINDS = ("initial", "follow_up", "final")
"""The reports each incident owes, in the order they fall due."""


class Reviewed(FrozenModel):
    """A value with the confidence of its source; [R] and [U] values must be flagged."""

    confidence: Confidence
    needs_review: bool = False


class Threshold(Reviewed):
    """One criterion of a tier: a data grade under a threat, or a count reaching ``at_least``."""

    id: TermId
    kind: ThresholdKind
    grade: Grade | None = None
    threat: TermId | None = None
    at_least: Decimal | None = Field(default=None, ge=0)


class Deadline(Reviewed):
    """How long after detection a report is due: wall-clock minutes/hours or working days."""

    amount: int = Field(ge=0)
    unit: Literal["minutes", "hours", "working_days"]


class Deadlines(FrozenModel):
    initial: Deadline
    follow_up: Deadline
    final: Deadline

    def of(self, kind: str) -> Deadline:
        deadline: Deadline = getattr(self, kind)
        return deadline


class Tier(NamedTerm):
    """A tier, its thresholds (any one suffices) and its reporting deadlines."""

    thresholds: list[Threshold]
    deadlines: Deadlines


class AnnualSummary(Reviewed):
    """The day of the following year the annual incident summary is due."""

    due_month: int = Field(ge=1, le=12)
    due_day: int = Field(ge=1, le=31)

    def due(self, year: int) -> date:
        """When the summary of ``year`` is due."""
        return date(year + 1, self.due_month, self.due_day)


@dataclass(frozen=True)
class Decision:
    """The tier an incident falls in and the thresholds that put it there (none: the floor)."""

    tier: Tier
    rules: list[Threshold]


@PACK_KINDS.decorator("incident_tiers")
class IncidentTierPack(RulePack):
    """Tiers from the most severe down; the last one is the floor and has no thresholds."""

    threat_levels: list[NamedTerm] = Field(min_length=1)
    tiers: list[Tier] = Field(min_length=2)
    annual_summary: AnnualSummary

    def check(self) -> list[str]:
        """Unique ids, known threats, each kind's own fields, flags on [R]/[U], a bare floor."""
        ids = [t.id for t in self.tiers] + [h.id for t in self.tiers for h in t.thresholds]
        problems = [f"duplicate id '{i}'" for i, n in Counter(ids).items() if n > 1]
        if self.tiers[-1].thresholds:
            problems.append(f"tiers.{self.tiers[-1].id}: the last tier is the floor, no thresholds")
        for tier in self.tiers:
            problems += self._check_tier(tier)
        problems += _unflagged("annual_summary", self.annual_summary)
        try:
            self.annual_summary.due(2023)
        except ValueError as exc:
            problems.append(f"annual_summary: {exc}")
        return problems

    def _check_tier(self, tier: Tier) -> list[str]:
        problems: list[str] = []
        for kind in REPORT_KINDS:
            problems += _unflagged(f"tiers.{tier.id}.deadlines.{kind}", tier.deadlines.of(kind))
        threats = [t.id for t in self.threat_levels]
        for h in tier.thresholds:
            where = f"tiers.{tier.id}.thresholds.{h.id}"
            problems += _unflagged(where, h)
            if h.kind == "data" and (h.grade is None or h.threat not in threats):
                problems.append(f"{where}: a data threshold needs a grade and a known threat")
            if h.kind != "data" and h.at_least is None:
                problems.append(f"{where}: a {h.kind} threshold needs at_least")
        return problems

    def tier(self, tier_id: str) -> Tier:
        return next(t for t in self.tiers if t.id == tier_id)

    def threat_rank(self, threat: str) -> int:
        return [t.id for t in self.threat_levels].index(threat)

    def classify(self, facts: TierFacts) -> Decision:
        """The most severe tier any of whose thresholds the facts reach."""
        for tier in self.tiers[:-1]:
            reached = [h for h in tier.thresholds if self._reaches(h, facts)]
            if reached:
                return Decision(tier, reached)
        return Decision(self.tiers[-1], [])

    def _reaches(self, h: Threshold, facts: TierFacts) -> bool:
        if h.kind == "data":
            assert h.grade is not None and h.threat is not None  # check() guarantees both
            return (
                facts.grade is not None
                and facts.grade.rank >= h.grade.rank
                and self.threat_rank(facts.threat) >= self.threat_rank(h.threat)
            )
        assert h.at_least is not None
        return facts.amount(h.kind) >= h.at_least


@dataclass(frozen=True)
class TierFacts:
    """What classification reads: highest grade involved, threat, and the four counts."""

    grade: Grade | None
    threat: str
    outage_hours: Decimal
    direct_loss_cny: Decimal
    personal_info: int
    sensitive_personal_info: int

    def amount(self, kind: str) -> Decimal:
        return Decimal(getattr(self, kind))


def _unflagged(where: str, value: Reviewed) -> list[str]:
    if value.confidence in ("R", "U") and not value.needs_review:
        return [f"{where}: confidence {value.confidence} must carry needs_review: true"]
    return []
