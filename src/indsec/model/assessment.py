"""A self-examination (风险自查) or annual risk assessment, as measured and before it is written.

A domain value shared by the assessment feature (which measures it), its report (which writes
the nine sections the assessment rules require) and the supervision instance (which receives
it), so it lives here and knows nothing of how it is stored or rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from indsec.model.names import Names
from indsec.model.profile import EnterpriseProfile

Outcome = Literal["pass", "partial", "fail", "not_applicable", "not_assessed"]
"""A control's result. ``not_assessed`` is what a control gets when nothing was gathered: an
automated check that found no evidence never passes, and neither does an unanswered question."""

OUTCOME_SCORE: Mapping[Outcome, float] = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
"""What an outcome counts for in a score; outcomes absent here are left out of the denominator
(not applicable) or reported apart (not assessed) so that ignorance never raises a score."""

EvidenceOrigin = Literal["check", "file", "answer"]
RiskScenario = Literal["ransomware", "backdoor", "personnel", "remote_om"]
"""The plan's four frequent risk scenarios, with the ids of the detection scenarios pack."""
TaskStatus = Literal["open", "in_progress", "done", "verified"]
"""``done`` is the owner's word; ``verified`` is set only when the control's evidence, gathered
again, passes — the self-correction half of 自查自纠."""


@dataclass(frozen=True)
class Evidence:
    """What was seen, by whom or what, when, and a digest proving it was not altered since.

    ``facts`` are machine-readable (counts, ids, ages) and never raw sensitive values; the
    digest is SHA-256 over the file's bytes (``file``) or the canonical JSON of the facts.
    """

    control_id: str
    origin: EvidenceOrigin
    summary: str
    digest: str
    collected_at: datetime
    collected_by: str
    facts: Mapping[str, object] = field(default_factory=dict)
    file_name: str | None = None
    expires_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True)
class ControlResult:
    """One control's outcome in one assessment and the evidence it rests on."""

    framework_id: str
    control_id: str
    outcome: Outcome
    evidence: tuple[Evidence, ...] = ()
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.framework_id}.{self.control_id}"


@dataclass(frozen=True)
class DomainScore:
    """Counts per outcome for one domain of one framework, and the score they give."""

    framework_id: str
    domain_id: str
    names: Names
    counts: Mapping[Outcome, int]

    @property
    def score(self) -> float | None:
        """Share of the applicable, assessed controls met (partial counts half); None if none."""
        scored = {o: n for o, n in self.counts.items() if o in OUTCOME_SCORE}
        total = sum(scored.values())
        if total == 0:
            return None
        return sum(OUTCOME_SCORE[o] * n for o, n in scored.items()) / total


NO_NAMES = Names(zh="", en="")
"""The empty text, for entries that have none."""


@dataclass(frozen=True)
class Risk:
    """A risk-register entry: a scenario against graded assets, likelihood × impact (1–5 each)."""

    id: str
    scenario: RiskScenario
    title: Names
    likelihood: int
    impact: int
    asset_ids: tuple[str, ...] = ()
    control_keys: tuple[str, ...] = ()
    treatment: Names = NO_NAMES
    """What to do about it, in both languages like every text the reader sees."""

    @property
    def level(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class RemediationTask:
    """Work to correct a failed control, tracked to closure."""

    id: str
    control_key: str
    title: str
    owner: str
    due: date
    status: TaskStatus
    created_at: datetime
    closed_at: datetime | None = None


@dataclass(frozen=True)
class AssessmentSnapshot:
    """One assessment run as measured: results, scores, risks and the remediation plan."""

    id: str
    kind: Literal["self_examination", "annual"]
    enterprise: EnterpriseProfile
    started_at: datetime
    finished_at: datetime
    frameworks: Mapping[str, str]
    results: tuple[ControlResult, ...]
    domains: tuple[DomainScore, ...]
    risks: tuple[Risk, ...] = ()
    tasks: tuple[RemediationTask, ...] = ()

    @property
    def overall(self) -> float | None:
        """The score over every scored control of every framework (None if none was scored)."""
        merged = DomainScore("", "", NO_NAMES, _sum_counts(self.domains))
        return merged.score

    @property
    def risks_by_level(self) -> tuple[Risk, ...]:
        """The risk register as every listing shows it: highest level first, then by id."""
        return tuple(sorted(self.risks, key=lambda r: (-r.level, r.id)))


def _sum_counts(domains: tuple[DomainScore, ...]) -> dict[Outcome, int]:
    total: dict[Outcome, int] = {}
    for domain in domains:
        for outcome, n in domain.counts.items():
            total[outcome] = total.get(outcome, 0) + n
    return total
