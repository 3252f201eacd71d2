"""The risk register: the four frequent risk scenarios, likelihood × impact, each tied to the
controls measured against it and the graded assets it threatens.

Likelihood (1–5) rises with the share of the scenario's controls left unmet and with alerts of
the scenario in the newest detection run; with no control of it measured it is 3 (unknown, and
the treatment says so). Impact (1–5) is the highest grade involved: the alerted assets' grades,
else the grades in the catalogue — core 5, important 4, general 2, none 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from indsec.model import Grade, Names
from indsec.model.assessment import OUTCOME_SCORE, ControlResult, Risk, RiskScenario

SCENARIOS: tuple[RiskScenario, ...] = ("ransomware", "backdoor", "personnel", "remote_om")
IMPACT = {Grade.CORE: 5, Grade.IMPORTANT: 4, Grade.GENERAL: 2}
UNKNOWN_LIKELIHOOD = 3
UNMEASURED = Names(
    zh="本场景尚无已测量的控制项：请回答其检查清单",
    en="no control of this scenario measured: answer its checklist",
)
KEEP = Names(zh="保持现有控制措施", en="keep the controls in place")


@dataclass(frozen=True)
class Exposure:
    """What the register reads besides results: alerts per scenario and grade (newest run),
    alerted asset keys per scenario, the grades in the catalogue and its highest-grade keys."""

    alerts: Mapping[tuple[str, str], int]
    alerted_assets: Mapping[str, Sequence[str]]
    grades: frozenset[Grade]
    top_assets: Sequence[str]
    names: Mapping[str, Names]


def _likelihood(results: list[ControlResult], alerted: int) -> int | None:
    scored = [OUTCOME_SCORE[r.outcome] for r in results if r.outcome in OUTCOME_SCORE]
    if not scored:
        return None
    unmet = sum(1 - s for s in scored) / len(scored)
    return min(5, 1 + round(4 * unmet) + (1 if alerted else 0))


def _impact(grades: set[Grade]) -> int:
    return max((IMPACT[g] for g in grades), default=1)


def _treatment(failed: list[str]) -> Names:
    """Remediate the failed controls (by key, the same in both languages), else keep them."""
    if not failed:
        return KEEP
    return Names(zh=f"整改 {'、'.join(failed)}", en=f"remediate {', '.join(failed)}")


def scenario_risk(scenario: RiskScenario, results: list[ControlResult], exposure: Exposure) -> Risk:
    alerted_grades = {Grade(g) for (s, g), n in exposure.alerts.items() if s == scenario and n}
    alerted = sum(n for (s, _), n in exposure.alerts.items() if s == scenario)
    likelihood = _likelihood(results, alerted)
    failed = [r.key for r in results if r.outcome in ("fail", "partial")]
    assets = tuple(exposure.alerted_assets.get(scenario, ())) or tuple(exposure.top_assets)
    fallback = Names(zh=scenario, en=scenario)
    return Risk(
        id=f"risk.{scenario}",
        scenario=scenario,
        title=exposure.names.get(scenario, fallback),
        likelihood=UNKNOWN_LIKELIHOOD if likelihood is None else likelihood,
        impact=_impact(alerted_grades or set(exposure.grades)),
        asset_ids=assets,
        control_keys=tuple(r.key for r in results),
        treatment=UNMEASURED if likelihood is None else _treatment(failed),
    )


def register(
    by_scenario: Mapping[RiskScenario, list[ControlResult]], exposure: Exposure
) -> tuple[Risk, ...]:
    return tuple(scenario_risk(s, by_scenario.get(s, []), exposure) for s in SCENARIOS)
