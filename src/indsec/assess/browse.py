"""What the console shows of one control beyond the lists: its whole text from the pack, the
evidence kept for it (answers, files, checks) and a kept file's bytes.

Read-only, for the enterprise console's pages; the writes (answers, files, tasks) are the
service's own use cases. Kept apart from ``service.py`` so the console's needs do not grow the
door the CLI and the annual report use.
"""

from __future__ import annotations

from dataclasses import dataclass

from indsec.app import AppContext
from indsec.assess import measure
from indsec.assess.control_pack import Control
from indsec.assess.evidence import StoredEvidence
from indsec.assess.repository import AssessmentRepository
from indsec.model import Names

__all__ = ["ControlDetail", "control_detail", "evidence_file", "scenarios_of"]


@dataclass(frozen=True)
class ControlDetail:
    """A control as its page shows it: where it sits, what it says and rests on, and every
    piece of evidence kept for it, newest first (answers are its answer history)."""

    key: str
    framework: Names
    domain: Names
    control: Control
    evidence: list[StoredEvidence]

    @property
    def answers(self) -> list[StoredEvidence]:
        return [e for e in self.evidence if e.evidence.origin == "answer"]


def control_detail(*, app: AppContext, control_key: str) -> ControlDetail:
    """The control ``control_key`` (AssessError if no loaded pack has it) and its evidence."""
    pack, domain_id, control = measure.find_control(app, control_key)
    domain = next(d for d in pack.domains if d.id == domain_id)
    evidence = AssessmentRepository(app.store()).evidence_of(control_key)
    return ControlDetail(control_key, pack.framework.names, domain.names, control, evidence)


def evidence_file(*, app: AppContext, digest: str) -> bytes:
    """The bytes of a file kept as evidence, by its SHA-256 (NotFoundError if none)."""
    return AssessmentRepository(app.store(existing=True)).file_content(digest)


def scenarios_of(*, app: AppContext) -> dict[str, frozenset[str]]:
    """Each control's key and the key risk scenarios it is tied to (its own and its
    checklist's), as the risk register ties them, for the results' scenario filter."""
    found: dict[str, frozenset[str]] = {}
    for pack in measure.frameworks(app):
        own = {pack.framework.scenario} if pack.framework.scenario else set()
        for control in pack.controls():
            found[pack.key(control)] = frozenset({*own, *control.scenarios})
    return found
