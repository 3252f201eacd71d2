"""Assessments, evidence, answers and remediation tasks in the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from indsec.assess.evidence import StoredEvidence, file_digest
from indsec.model import Names
from indsec.model.assessment import (
    AssessmentSnapshot,
    ControlResult,
    DomainScore,
    Evidence,
    Outcome,
    RemediationTask,
    Risk,
)
from indsec.model.profile import EnterpriseProfile
from indsec.store.database import Store
from indsec.store.moments import aware, optional_aware
from indsec.store.rows import from_row, row_or_missing
from indsec.store.tables import (
    AssessmentAnswerRow,
    AssessmentDomainRow,
    AssessmentEvidenceRow,
    AssessmentFileRow,
    AssessmentResultRow,
    AssessmentRiskRow,
    AssessmentRow,
)

Also = Callable[[Session], None] | None
"""A write to make in the same transaction (the audit log's entry)."""


@dataclass(frozen=True)
class Measured:
    """A control's result with the evidence to store with it (ids of evidence kept already)."""

    result: ControlResult
    domain_id: str
    new_evidence: tuple[tuple[Evidence, Outcome | None], ...] = ()
    kept_evidence: tuple[int, ...] = ()


def _evidence_row(
    evidence: Evidence, outcome: Outcome | None, **extra: Any
) -> AssessmentEvidenceRow:
    return AssessmentEvidenceRow(
        control_key=evidence.control_id,
        origin=evidence.origin,
        outcome=outcome,
        summary=evidence.summary,
        digest=evidence.digest,
        facts=dict(evidence.facts),
        collected_at=evidence.collected_at.astimezone(UTC),
        collected_by=evidence.collected_by,
        expires_at=evidence.expires_at.astimezone(UTC) if evidence.expires_at else None,
        file_name=evidence.file_name,
        **extra,
    )


def _stored(row: AssessmentEvidenceRow) -> StoredEvidence:
    evidence = from_row(
        Evidence,
        row,
        control_id=row.control_key,
        origin=cast(Any, row.origin),
        collected_at=aware(row.collected_at),
        expires_at=optional_aware(row.expires_at),
    )
    return StoredEvidence(row.id, evidence, cast(Any, row.outcome), row.file_size)


def _valid(now: datetime) -> Any:
    return (AssessmentEvidenceRow.expires_at.is_(None)) | (AssessmentEvidenceRow.expires_at > now)


class AssessmentRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    # --- evidence and answers -------------------------------------------------------------

    def add_evidence(self, evidence: Evidence, outcome: Outcome | None = None) -> int:
        with self.store.session() as session:
            row = _evidence_row(evidence, outcome)
            session.add(row)
            session.flush()
            return row.id

    def add_file(self, evidence: Evidence, content: bytes, also: Also = None) -> int:
        """Keep a file's bytes (once per content) and its evidence row; the evidence id.
        ``also`` writes in the same transaction (the audit entry of who attached it)."""
        with self.store.session() as session:
            if also is not None:
                also(session)
            digest = file_digest(content)
            if session.get(AssessmentFileRow, digest) is None:
                session.add(AssessmentFileRow(digest=digest, size=len(content), content=content))
            row = _evidence_row(evidence, None, file_size=len(content))
            session.add(row)
            session.flush()
            return row.id

    def file_content(self, digest: str) -> bytes:
        with self.store.session() as session:
            row = row_or_missing(
                session, AssessmentFileRow, digest, f"evidence file with digest {digest}"
            )
            return row.content

    def add_answer(self, evidence: Evidence, outcome: Outcome, note: str, also: Also = None) -> int:
        """Store an answer and its evidence row; the evidence id."""
        with self.store.session() as session:
            if also is not None:
                also(session)
            row = _evidence_row(evidence, outcome)
            session.add(row)
            session.flush()
            session.add(
                AssessmentAnswerRow(
                    control_key=evidence.control_id,
                    outcome=outcome,
                    note=note,
                    answered_by=evidence.collected_by,
                    answered_at=row.collected_at,
                    expires_at=row.expires_at,
                    evidence_id=row.id,
                )
            )
            return row.id

    def valid_evidence(
        self, now: datetime, origins: tuple[str, ...], keys: Iterable[str] | None = None
    ) -> dict[str, list[StoredEvidence]]:
        """Unexpired evidence of ``origins`` per control key, newest first."""
        query = select(AssessmentEvidenceRow).where(
            AssessmentEvidenceRow.origin.in_(origins), _valid(now)
        )
        if keys is not None:
            query = query.where(AssessmentEvidenceRow.control_key.in_(list(keys)))
        found: dict[str, list[StoredEvidence]] = {}
        with self.store.session() as session:
            order = (AssessmentEvidenceRow.collected_at.desc(), AssessmentEvidenceRow.id.desc())
            for row in session.scalars(query.order_by(*order)):
                found.setdefault(row.control_key, []).append(_stored(row))
        return found

    def evidence_of(self, key: str) -> list[StoredEvidence]:
        """Every evidence row of a control, newest first (expired ones included)."""
        query = select(AssessmentEvidenceRow).where(AssessmentEvidenceRow.control_key == key)
        with self.store.session() as session:
            rows = session.scalars(query.order_by(AssessmentEvidenceRow.id.desc()))
            return [_stored(r) for r in rows]

    # --- assessments ----------------------------------------------------------------------

    def save(self, snapshot: AssessmentSnapshot, measured: list[Measured], run_by: str) -> int:
        """Store a run, its new evidence, results, domain scores and risks in one transaction."""
        with self.store.session() as session:
            row = AssessmentRow(
                kind=snapshot.kind,
                started_at=snapshot.started_at.astimezone(UTC),
                finished_at=snapshot.finished_at.astimezone(UTC),
                run_by=run_by,
                enterprise=snapshot.enterprise.model_dump(mode="json"),
                frameworks=dict(snapshot.frameworks),
                overall=snapshot.overall,
            )
            session.add(row)
            session.flush()
            self._results(session, row.id, measured)
            session.add_all(_domain_row(row.id, d) for d in snapshot.domains)
            session.add_all(_risk_row(row.id, r) for r in snapshot.risks)
            return row.id

    def _results(self, session: Session, assessment_id: int, measured: list[Measured]) -> None:
        new = [
            (m, _evidence_row(e, o, assessment_id=assessment_id))
            for m in measured
            for e, o in m.new_evidence
        ]
        session.add_all(row for _, row in new)
        session.flush()
        ids: dict[int, list[int]] = {}
        for m, row in new:
            ids.setdefault(id(m), []).append(row.id)
        session.add_all(
            AssessmentResultRow(
                assessment_id=assessment_id,
                framework_id=m.result.framework_id,
                domain_id=m.domain_id,
                control_id=m.result.control_id,
                control_key=m.result.key,
                outcome=m.result.outcome,
                note=m.result.note,
                evidence_ids=[*ids.get(id(m), []), *m.kept_evidence],
            )
            for m in measured
        )

    def result_evidence(self, assessment_id: int) -> dict[str, list[int]]:
        """Each control key's evidence ids in one assessment."""
        query = select(AssessmentResultRow.control_key, AssessmentResultRow.evidence_ids).where(
            AssessmentResultRow.assessment_id == assessment_id
        )
        with self.store.session() as session:
            return {key: list(ids) for key, ids in session.execute(query)}

    def latest_id(self) -> int | None:
        with self.store.session() as session:
            query = select(AssessmentRow.id).order_by(AssessmentRow.id.desc()).limit(1)
            return session.scalar(query)

    def summaries(self, limit: int = 100) -> list[AssessmentRow]:
        with self.store.session() as session:
            query = select(AssessmentRow).order_by(AssessmentRow.id.desc()).limit(limit)
            rows = list(session.scalars(query))
            session.expunge_all()
            return rows

    def snapshot(
        self, assessment_id: int, tasks: tuple[RemediationTask, ...]
    ) -> AssessmentSnapshot:
        with self.store.session() as session:
            row = row_or_missing(
                session, AssessmentRow, assessment_id, f"assessment {assessment_id}"
            )
            return AssessmentSnapshot(
                id=str(row.id),
                kind=cast(Any, row.kind),
                enterprise=EnterpriseProfile.model_validate(row.enterprise),
                started_at=aware(row.started_at),
                finished_at=aware(row.finished_at),
                frameworks=row.frameworks,
                results=_results_of(session, assessment_id),
                domains=_domains_of(session, assessment_id),
                risks=_risks_of(session, assessment_id),
                tasks=tasks,
            )


def _domain_row(assessment_id: int, domain: DomainScore) -> AssessmentDomainRow:
    return AssessmentDomainRow(
        assessment_id=assessment_id,
        framework_id=domain.framework_id,
        domain_id=domain.domain_id,
        names=domain.names.model_dump(),
        counts=dict(domain.counts),
    )


def _risk_row(assessment_id: int, risk: Risk) -> AssessmentRiskRow:
    return AssessmentRiskRow(
        assessment_id=assessment_id,
        risk_id=risk.id,
        scenario=risk.scenario,
        title=risk.title.model_dump(),
        likelihood=risk.likelihood,
        impact=risk.impact,
        asset_ids=list(risk.asset_ids),
        control_keys=list(risk.control_keys),
        treatment=risk.treatment.model_dump(),
    )


def _results_of(session: Session, assessment_id: int) -> tuple[ControlResult, ...]:
    query = select(AssessmentResultRow).where(AssessmentResultRow.assessment_id == assessment_id)
    rows = list(session.scalars(query.order_by(AssessmentResultRow.id)))
    wanted = {i for r in rows for i in r.evidence_ids}
    evidence = {}
    if wanted:
        found = session.scalars(
            select(AssessmentEvidenceRow).where(AssessmentEvidenceRow.id.in_(sorted(wanted)))
        )
        evidence = {e.id: _stored(e).evidence for e in found}
    return tuple(
        ControlResult(
            framework_id=r.framework_id,
            control_id=r.control_id,
            outcome=cast(Any, r.outcome),
            evidence=tuple(evidence[i] for i in r.evidence_ids if i in evidence),
            note=r.note,
        )
        for r in rows
    )


def _domains_of(session: Session, assessment_id: int) -> tuple[DomainScore, ...]:
    query = select(AssessmentDomainRow).where(AssessmentDomainRow.assessment_id == assessment_id)
    return tuple(
        DomainScore(r.framework_id, r.domain_id, Names.model_validate(r.names), cast(Any, r.counts))
        for r in session.scalars(query.order_by(AssessmentDomainRow.id))
    )


def _risks_of(session: Session, assessment_id: int) -> tuple[Risk, ...]:
    query = select(AssessmentRiskRow).where(AssessmentRiskRow.assessment_id == assessment_id)
    return tuple(
        Risk(
            id=r.risk_id,
            scenario=cast(Any, r.scenario),
            title=Names.model_validate(r.title),
            likelihood=r.likelihood,
            impact=r.impact,
            asset_ids=tuple(r.asset_ids),
            control_keys=tuple(r.control_keys),
            treatment=Names.model_validate(r.treatment),
        )
        for r in session.scalars(query.order_by(AssessmentRiskRow.id))
    )
