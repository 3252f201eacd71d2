"""The ``scenarios`` rule-pack kind: the four key risk scenarios and which rules detect them.

The MIIT plan asks enterprises to watch four risk scenarios and to report risks by type (leakage,
tampering, abuse, ...). Which Sigma rule belongs to which scenario and risk type is regulatory
judgement, so it is data: our own rules say it in their tags (``indsec.scenario.<id>``,
``indsec.risk.<type>``); third-party rules cannot be edited, so a curated manifest says it for
them, with the attribution their licences require. Their files are never copied into indsec:
they are loaded in place from a configured root, and without that root only our own rules run.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pydantic import Field

from indsec.errors import Problem
from indsec.model import Grade, Names
from indsec.rules.base import FrozenModel, NamedTerm, TermId
from indsec.rules.pack import PACK_KINDS, RulePack

if TYPE_CHECKING:  # the pack loads without the Sigma engine's optional dependencies
    from indsec.sigma.match import RuleRef

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The ``indsec`` package directory; ``own_rules.path`` is relative to it."""

_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_RULE_ID_LINE = re.compile(r"^id:\s*['\"]?(?P<id>[0-9A-Fa-f-]{36})", re.MULTILINE)


class RiskType(NamedTerm):
    """A MIIT risk type (数据泄露, 数据篡改, ...)."""


class Scenario(NamedTerm):
    """One of the key risk scenarios, with the risk types it typically causes."""

    description: Names
    risk_types: list[str] = Field(min_length=1)


class SeverityRaise(FrozenModel):
    """Ordered rule levels and how many steps an asset's grade raises an alert on it."""

    levels: list[str] = Field(min_length=2)
    by_grade: dict[Grade, int]


class OwnRules(FrozenModel):
    """Where indsec's own Sigma rules live and how their tags name scenario and risk types."""

    path: str
    scenario_tag: str = Field(pattern=r"^[a-z0-9_.-]+\.$")
    risk_tag: str = Field(pattern=r"^[a-z0-9_.-]+\.$")


class CuratedRule(FrozenModel):
    """A third-party rule chosen for a scenario, with the attribution its licence requires."""

    id: str = Field(pattern=_UUID)
    title: str
    path: str = Field(description="relative to the upstream's folder")
    scenario: str
    risk_types: list[str] = Field(min_length=1)
    author: str


class Upstream(FrozenModel):
    """A third-party rule repository, pinned to the commit the manifest was curated against."""

    id: TermId
    folder: str = Field(description="relative to the third-party root")
    repository: str
    commit: str
    licence: str
    licence_file: str
    rules: list[CuratedRule] = Field(min_length=1)


class ThirdParty(FrozenModel):
    """The curated manifest; ``default_root`` is relative to the working directory."""

    default_root: str
    upstreams: list[Upstream]


@dataclass
class RuleSources:
    """The rule files to load, and what prevented others from loading."""

    paths: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    curated: int = 0


@PACK_KINDS.decorator("scenarios")
class ScenarioPack(RulePack):
    """Scenarios, risk types, severity raise, and the rules of each scenario."""

    risk_types: list[RiskType] = Field(min_length=1)
    scenarios: list[Scenario] = Field(min_length=1)
    severity: SeverityRaise
    own_rules: OwnRules
    third_party: ThirdParty

    def check(self) -> list[str]:
        """Unique ids, known references, safe relative paths, and our own rules present."""
        problems = _duplicates("risk_types", [r.id for r in self.risk_types])
        problems += _duplicates("scenarios", [s.id for s in self.scenarios])
        problems += _duplicates("severity.levels", self.severity.levels)
        problems += _duplicates("third_party.upstreams", [u.id for u in self.third_party.upstreams])
        problems += _duplicates("third_party rule ids", [r.id for _, r in self._curated()])
        for scenario in self.scenarios:
            problems += self._unknown_risks(f"scenarios.{scenario.id}", scenario.risk_types)
        for upstream, rule in self._curated():
            problems += self._check_curated(f"third_party.{upstream.id}.{rule.id}", rule)
        for upstream in self.third_party.upstreams:
            problems += _unsafe(f"third_party.{upstream.id}.folder", upstream.folder)
        problems += _unsafe("own_rules.path", self.own_rules.path)
        if not self.own_rules_dir().is_dir():
            problems.append(f"own_rules.path: {self.own_rules_dir()} is not a directory")
        return problems

    def _curated(self) -> list[tuple[Upstream, CuratedRule]]:
        return [(u, rule) for u in self.third_party.upstreams for rule in u.rules]

    def _check_curated(self, where: str, rule: CuratedRule) -> list[str]:
        problems = _unsafe(f"{where}.path", rule.path)
        if rule.scenario not in self.scenario_ids:
            problems.append(f"{where}.scenario: unknown scenario '{rule.scenario}'")
        return problems + self._unknown_risks(where, rule.risk_types)

    def _unknown_risks(self, where: str, risk_types: list[str]) -> list[str]:
        known = self.risk_type_ids
        return [
            f"{where}.risk_types: unknown risk type '{r}'" for r in risk_types if r not in known
        ]

    @property
    def scenario_ids(self) -> list[str]:
        return [s.id for s in self.scenarios]

    @property
    def risk_type_ids(self) -> list[str]:
        return [r.id for r in self.risk_types]

    def own_rules_dir(self) -> Path:
        """The directory of indsec's own scenario rules."""
        return PACKAGE_ROOT / self.own_rules.path

    def grade_steps(self) -> dict[str, int]:
        """Severity steps by grade value, as :func:`indsec.detect.enrich.raised_severity` takes."""
        return {grade.value: steps for grade, steps in self.severity.by_grade.items()}

    def classify(self, rule: RuleRef) -> tuple[str | None, list[str]]:
        """The scenario and risk types of a rule: from the manifest, else from its tags."""
        for _, curated in self._curated():
            if curated.id == rule.id:
                return curated.scenario, list(curated.risk_types)
        return self._from_tags(rule.tags)

    def _from_tags(self, tags: tuple[str, ...]) -> tuple[str | None, list[str]]:
        scenario_tag, risk_tag = self.own_rules.scenario_tag, self.own_rules.risk_tag
        scenarios = [t.removeprefix(scenario_tag) for t in tags if t.startswith(scenario_tag)]
        known = [s for s in scenarios if s in self.scenario_ids]
        risks = [t.removeprefix(risk_tag) for t in tags if t.startswith(risk_tag)]
        return (known[0] if known else None), [r for r in risks if r in self.risk_type_ids]

    def rule_sources(self, third_party_root: Path | None) -> RuleSources:
        """Our own rules directory plus every curated rule file found under the root.

        A root that does not exist is a warning: the pack then runs our own rules only. Under
        an existing root, a missing curated file or one whose ``id`` changed is a problem.
        """
        sources = RuleSources(paths=[self.own_rules_dir()])
        root = Path(third_party_root or self.third_party.default_root)
        if not root.is_dir():
            sources.warnings.append(
                f"third-party rule root {root} not found: only indsec's own rules will run"
            )
            return sources
        for upstream, rule in self._curated():
            path = root / upstream.folder / rule.path
            problem = _curated_file_problem(path, rule.id)
            if problem is None:
                sources.paths.append(path)
                sources.curated += 1
            else:
                sources.problems.append(Problem(str(path), problem))
        return sources


def _duplicates(where: str, ids: list[str]) -> list[str]:
    counts = Counter(ids)
    return [f"{where}: duplicate id '{i}'" for i, n in counts.items() if n > 1]


def _unsafe(where: str, path: str) -> list[str]:
    """A manifest path must stay inside its folder: relative, no ``..``."""
    parts = PurePosixPath(path)
    if parts.is_absolute() or ".." in parts.parts or "\\" in path:
        return [f"{where}: '{path}' must be a relative path without '..'"]
    return []


def _curated_file_problem(path: Path, rule_id: str) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"curated rule {rule_id} cannot be read: {exc}"
    found = _RULE_ID_LINE.search(text)
    if found is None or found["id"].lower() != rule_id:
        return f"curated rule file no longer has id {rule_id} (upstream changed?)"
    return None
