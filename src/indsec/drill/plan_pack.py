"""The ``drill_plans`` rule-pack kind: what each drill simulates, expects and exercises.

Which Sigma rules a ransomware drill should set off, and which self-examination controls a drill
exercises, is content a site edits and the controls packs evolve: it is data, validated here,
never a list in code. Controls are referred to by key (``<framework>.<control>``) so the drill
report can be read against the scenario checklists.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import Field

from indsec.model import Names
from indsec.rules.base import FrozenModel, TermId
from indsec.rules.pack import PACK_KINDS, RulePack

CONTROL_KEY = r"^[a-z][a-z0-9_]*\.[a-z0-9_.-]+$"


class ExpectedRule(FrozenModel):
    """A Sigma rule the simulation must set off, and the controls its alert proves."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    what: Names
    controls: list[str] = Field(default_factory=list)


class RansomwarePlan(FrozenModel):
    """How the ransomware drill encrypts, what it leaves, and what should fire."""

    locked_suffix: str = Field(pattern=r"^\.[A-Za-z0-9_-]{1,24}$")
    note_name: str = Field(pattern=r"^[^/\\]{1,64}\.txt$")
    shadow_command: str = Field(min_length=1)
    decoy_count: int = Field(ge=20, le=1000)
    incident_threat: TermId
    """The threat the scenario assumes for the drill incident (a handler judges a real one)."""
    expected_rules: list[ExpectedRule] = Field(min_length=1)
    controls: list[str] = Field(default_factory=list)


class TabletopPlan(FrozenModel):
    """A discussion drill of one scenario: the injects to discuss and controls exercised."""

    scenario: TermId
    injects: list[Names] = Field(min_length=1)
    controls: list[str] = Field(default_factory=list)


@PACK_KINDS.decorator("drill_plans")
class DrillPlanPack(RulePack):
    ransomware: RansomwarePlan
    tabletop: list[TabletopPlan] = Field(min_length=1)

    def check(self) -> list[str]:
        keys = [*self.ransomware.controls, *(c for t in self.tabletop for c in t.controls)]
        keys += [c for r in self.ransomware.expected_rules for c in r.controls]
        problems = [f"control key '{k}' is not <framework>.<control>" for k in keys]
        problems = [p for k, p in zip(keys, problems, strict=True) if not re.match(CONTROL_KEY, k)]
        scenarios = Counter(t.scenario for t in self.tabletop)
        problems += [f"tabletop.{s}: declared {n} times" for s, n in scenarios.items() if n > 1]
        return problems

    def tabletop_plan(self, scenario: str) -> TabletopPlan | None:
        return next((t for t in self.tabletop if t.scenario == scenario), None)
