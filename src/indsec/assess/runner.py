"""Measure controls: applicability, automated checks, answers and files → one result each.

The order of trust: a check that gathered evidence decides; when it could not (not assessed),
or the control has no check, the newest unexpired answer decides; a file alone supports an
answer but decides nothing. Each distinct check (id and parameters) runs once per assessment
however many controls of however many frameworks name it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from indsec.assess.checks.base import ASSESS_CHECKS, CheckContext, CheckOutcome, not_assessed
from indsec.assess.control_pack import CheckRef, Control, ControlPack
from indsec.assess.evidence import StoredEvidence, facts_digest
from indsec.assess.repository import Measured
from indsec.errors import IndsecError
from indsec.model import Grade
from indsec.model.assessment import ControlResult, Evidence, Outcome
from indsec.model.profile import EnterpriseProfile

logger = logging.getLogger(__name__)

CHECKER = "indsec:check:"


@dataclass(frozen=True)
class Situation:
    """What applicability reads: the grades in the current catalogue (None: no catalogue yet)
    and the enterprise profile."""

    grades: frozenset[Grade] | None
    profile: EnterpriseProfile


def applies(control: Control, situation: Situation) -> bool | None:
    """Whether ``control`` applies; None when it depends on grades and there is no catalogue."""
    rule = situation.profile
    if control.applies.cii is not None and control.applies.cii != rule.cii_operator:
        return False
    if control.applies.above_scale is not None and control.applies.above_scale != rule.above_scale:
        return False
    if not control.applies.grades:
        return True
    if situation.grades is None:
        return None
    return bool(situation.grades & set(control.applies.grades))


@dataclass
class Runner:
    """Measures controls for one assessment (or one re-check) at ``context.now``."""

    context: CheckContext
    situation: Situation
    answers: Mapping[str, list[StoredEvidence]]
    files: Mapping[str, list[StoredEvidence]]
    _checks: dict[tuple[str, str], CheckOutcome] = field(default_factory=dict)

    def measure(self, pack: ControlPack, domain_id: str, control: Control) -> Measured:
        key = pack.key(control)
        framework = pack.framework.id
        applicable = applies(control, self.situation)
        if applicable is False:
            return Measured(ControlResult(framework, control.id, "not_applicable"), domain_id)
        if applicable is None:
            note = "no catalogue yet: which grades are present is unknown"
            return Measured(
                ControlResult(framework, control.id, "not_assessed", note=note), domain_id
            )
        files = tuple(f.id for f in self.files.get(key, []))
        new: tuple[tuple[Evidence, Outcome | None], ...] = ()
        checked = None
        if control.check is not None:
            checked = self.run_check(control.check)
            evidence = self.check_evidence(key, control.check.id, checked)
            new = ((evidence, checked.outcome),)
            if checked.outcome != "not_assessed":
                result = ControlResult(framework, control.id, checked.outcome, note=checked.summary)
                return Measured(result, domain_id, new, files)
        answer = next(iter(self.answers.get(key, [])), None)
        if answer is not None and answer.outcome is not None:
            note = str(answer.evidence.facts.get("note", ""))
            result = ControlResult(framework, control.id, answer.outcome, note=note)
            return Measured(result, domain_id, new, (answer.id, *files))
        note = checked.summary if checked else ("files attached, no answer yet" if files else "")
        result = ControlResult(framework, control.id, "not_assessed", note=note)
        return Measured(result, domain_id, new, files)

    def run_check(self, ref: CheckRef) -> CheckOutcome:
        cache_key = (ref.id, facts_digest(ref.params))
        if cache_key not in self._checks:
            self._checks[cache_key] = self._call(ref.id, ref.params)
        return self._checks[cache_key]

    def _call(self, check_id: str, params: Mapping[str, int | float | str | bool]) -> CheckOutcome:
        """The check's outcome; a check that fails to run leaves its controls not assessed."""
        try:
            return ASSESS_CHECKS.get(check_id)(self.context, params)
        except IndsecError as exc:
            return not_assessed(f"check {check_id}: {exc}")
        except Exception as exc:  # a third-party check's defect must not stop the assessment
            logger.warning("assessment check %s failed", check_id, exc_info=True)
            return not_assessed(f"check {check_id} failed: {type(exc).__name__}: {exc}")

    def check_evidence(self, key: str, check_id: str, checked: CheckOutcome) -> Evidence:
        facts = {"check": check_id, "outcome": checked.outcome, **checked.facts}
        return Evidence(
            control_id=key,
            origin="check",
            summary=checked.summary,
            digest=facts_digest(facts),
            collected_at=self.context.now,
            collected_by=CHECKER + check_id,
            facts=facts,
        )
