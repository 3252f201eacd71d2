"""The ``controls`` rule-pack kind: a framework of requirements, grouped in domains.

Obligations of the MIIT Measures, the self-examination checklist of each key risk scenario and
the assessment rules' items are each one pack of this kind, so a site can add its own framework
(a group standard, an internal policy) without code. Modelled as framework → domain → control,
the shape assessment tools share, with what Chinese regulation adds: the legal article a control
comes from, the penalty article its failure exposes, and which data grades make it apply.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import Field

from indsec.model import Grade, Names
from indsec.model.assessment import RiskScenario
from indsec.rules.base import FrozenModel, NamedTerm, Slug, TermId
from indsec.rules.pack import PACK_KINDS, RulePack

Confidence = Literal["F", "F-2", "R", "U"]
FrameworkKind = Literal["obligations", "scenario_checklist", "assessment_items", "custom"]
EvidenceKind = Literal[
    "document", "record", "configuration", "log", "interview", "observation", "check"
]


class Article(FrozenModel):
    """Where a requirement (or the penalty for missing it) is written."""

    law: Names
    article: str = Field(min_length=1)
    confidence: Confidence


class Applicability(FrozenModel):
    """When a control applies; every field left empty means "always".

    ``grades``: applies when the catalogue holds an asset of one of these grades.
    ``cii``: applies only to (True) or only outside (False) critical information infrastructure.
    """

    grades: list[Grade] = Field(default_factory=list)
    cii: bool | None = None
    above_scale: bool | None = None


class CheckRef(FrozenModel):
    """An automated check (by registry id) and its parameters."""

    id: Slug
    params: dict[str, int | float | str | bool] = Field(default_factory=dict)


class Control(NamedTerm):
    """One requirement: ``names`` hold its text in both languages."""

    guidance: Names | None = None
    basis: list[Article] = Field(default_factory=list)
    penalty: Article | None = None
    applies: Applicability = Field(default_factory=Applicability)
    evidence: list[EvidenceKind] = Field(min_length=1)
    check: CheckRef | None = None
    scenarios: list[RiskScenario] = Field(default_factory=list)
    reduces: list[TermId] = Field(default_factory=list)
    weight: int = Field(default=1, ge=1, le=5)
    confidence: Confidence
    needs_review: bool = False


class Domain(NamedTerm):
    controls: list[Control] = Field(min_length=1)


class Framework(NamedTerm):
    kind: FrameworkKind
    scenario: RiskScenario | None = None


@PACK_KINDS.decorator("controls")
class ControlPack(RulePack):
    """A framework and its domains of controls."""

    framework: Framework
    domains: list[Domain] = Field(min_length=1)

    def check(self) -> list[str]:
        """Unique ids, [R]/[U] flagged, a checklist names its scenario."""
        ids = [d.id for d in self.domains] + [c.id for c in self.controls()]
        problems = [f"duplicate id '{i}'" for i, n in Counter(ids).items() if n > 1]
        for domain in self.domains:
            for control in domain.controls:
                problems += _unflagged(f"domains.{domain.id}.controls.{control.id}", control)
        if self.framework.kind == "scenario_checklist" and self.framework.scenario is None:
            problems.append("framework: a scenario_checklist names its scenario")
        return problems

    def controls(self) -> list[Control]:
        return [c for d in self.domains for c in d.controls]

    def key(self, control: Control) -> str:
        """The control's id across frameworks: ``<framework>.<control>``."""
        return f"{self.framework.id}.{control.id}"


def _unflagged(where: str, control: Control) -> list[str]:
    sources = [control.confidence, *(a.confidence for a in control.basis)]
    if any(c in ("R", "U") for c in sources) and not control.needs_review:
        return [f"{where}: a control resting on [R]/[U] facts must carry needs_review: true"]
    return []
