"""A person's answers and evidence files, each measuring its control again at once.

Behind the feature's door (:mod:`indsec.assess.service`). An answer or a file re-measures its
control, so a remediation task closes itself (``verified``) the moment the evidence that
corrects it is in, and reopens if a later measurement fails again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indsec.app import AppContext
from indsec.assess import measure
from indsec.assess.access import assessments, audit, local, tasks
from indsec.assess.evidence import StoredEvidence, facts_digest, file_digest
from indsec.errors import AssessError
from indsec.model.assessment import Evidence, Outcome, RemediationTask
from indsec.model.identity import Actor

ANSWERS: tuple[Outcome, ...] = ("pass", "partial", "fail", "not_applicable")


@dataclass(frozen=True)
class RecheckOutcome:
    """What an answer or a file did: the evidence stored, the control's outcome measured again,
    and its task as it now stands (None if the control has none)."""

    evidence: StoredEvidence
    outcome: Outcome
    task: RemediationTask | None
    by_check: bool = False
    """The control's automated check gathered evidence and decided (an answer is then kept
    but does not override it)."""


def _recheck(
    app: AppContext, key: str, by: str, now: datetime
) -> tuple[Outcome, RemediationTask | None, bool]:
    """Measure one control again and move its task."""
    pack, domain_id, control = measure.find_control(app, key)
    repository = assessments(app)
    measured = measure.runner(app, repository, now).measure(pack, domain_id, control)
    ids = list(measured.kept_evidence)
    for evidence, outcome in measured.new_evidence:
        ids.insert(0, repository.add_evidence(evidence, outcome))
    change = measure.task_change(app, control.names, measured.result, ids, now)
    touched = tasks(app).sync([change], by, now) if change is not None else []
    task = next(iter(touched), None) or next(
        (t for t in tasks(app).tasks() if t.control_key == key), None
    )
    by_check = any(o not in (None, "not_assessed") for _, o in measured.new_evidence)
    return measured.result.outcome, task, by_check


def _expiry(app: AppContext, expires_at: datetime | None, now: datetime) -> datetime | None:
    if expires_at is None:
        return None
    expires = local(app, expires_at)
    if expires <= now:
        raise AssessError(f"--expires {expires.isoformat()} is not in the future")
    return expires


def answer_control(
    *,
    app: AppContext,
    actor: Actor,
    control_key: str,
    outcome: str,
    note: str = "",
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RecheckOutcome:
    """Record a person's answer to a control, then measure the control again."""
    moment = local(app, now)
    measure.find_control(app, control_key)
    if outcome not in ANSWERS:
        raise AssessError(f"unknown outcome '{outcome}' (one of: {', '.join(ANSWERS)})")
    answer: Outcome = outcome
    facts = {"outcome": answer, "note": note.strip()}
    evidence = Evidence(
        control_id=control_key,
        origin="answer",
        summary=note.strip() or answer,
        digest=facts_digest(facts),
        collected_at=moment,
        collected_by=actor.name,
        facts=facts,
        expires_at=_expiry(app, expires_at, moment),
    )
    write = audit(actor, "assess.answer", f"control:{control_key}", outcome=answer)
    evidence_id = assessments(app).add_answer(evidence, answer, note.strip(), write)
    measured, task, by_check = _recheck(app, control_key, actor.name, moment)
    stored = StoredEvidence(evidence_id, evidence, answer)
    return RecheckOutcome(stored, measured, task, by_check)


def attach_evidence(
    *,
    app: AppContext,
    actor: Actor,
    control_key: str,
    path: Path,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RecheckOutcome:
    """Keep the file at ``path`` as evidence of a control (see :func:`attach_evidence_bytes`)."""
    measure.find_control(app, control_key)
    content = _read_evidence(app, path)
    return attach_evidence_bytes(
        app=app,
        actor=actor,
        control_key=control_key,
        file_name=path.name,
        content=content,
        expires_at=expires_at,
        now=now,
    )


def attach_evidence_bytes(
    *,
    app: AppContext,
    actor: Actor,
    control_key: str,
    file_name: str,
    content: bytes,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RecheckOutcome:
    """Keep a file as evidence of a control (bytes in the database, SHA-256, who, when,
    expiry; audited), then measure the control again."""
    moment = local(app, now)
    measure.find_control(app, control_key)
    limit = app.settings.assess_evidence_max_bytes
    if len(content) > limit:
        raise AssessError(f"{file_name}: larger than INDSEC_ASSESS_EVIDENCE_MAX_BYTES ({limit})")
    name = Path(file_name).name.strip() or "evidence"
    evidence = Evidence(
        control_id=control_key,
        origin="file",
        summary=name,
        digest=file_digest(content),
        collected_at=moment,
        collected_by=actor.name,
        facts={"file_name": name, "size": len(content)},
        file_name=name,
        expires_at=_expiry(app, expires_at, moment),
    )
    write = audit(actor, "assess.evidence", f"control:{control_key}", file=name)
    evidence_id = assessments(app).add_file(evidence, content, write)
    measured, task, by_check = _recheck(app, control_key, actor.name, moment)
    stored = StoredEvidence(evidence_id, evidence, None, len(content))
    return RecheckOutcome(stored, measured, task, by_check)


def _read_evidence(app: AppContext, path: Path) -> bytes:
    limit = app.settings.assess_evidence_max_bytes
    if not path.is_file():
        raise AssessError(f"{path}: no such file")
    if path.stat().st_size > limit:
        raise AssessError(f"{path}: larger than INDSEC_ASSESS_EVIDENCE_MAX_BYTES ({limit} bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AssessError(f"{path}: cannot read: {exc.strerror or exc}") from exc
