"""Annual assessment reports received by the supervision instance, and their validity clock.

A report is valid one year from its *first* issue: re-sending a corrected report (same report
id) replaces its summary and PDF but not the date its year runs from. Its last valid day is
the rule the enterprise's report prints (:mod:`indsec.clocks.validity`: through the
anniversary, 28 February for a report of 29 February). A regulator sees, per enterprise of its
jurisdiction, the newest report: valid, expiring within the reminder window, or expired.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from indsec.app import AppContext
from indsec.clocks.validity import last_valid_day
from indsec.errors import FilingRejectedError, NotFoundError, Problem
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.oversight.documents import AssessmentSummary, validated
from indsec.oversight.receipts import Receipt, keep, sender, sent_before
from indsec.store.moments import aware
from indsec.store.rows import from_row
from indsec.store.tables import ReceivedAssessmentRow
from indsec.supervision import service as supervision

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True, slots=True)
class ReceivedAssessment:
    """An assessment report as a regulator sees it (without its PDF bytes)."""

    id: int
    uscc: str
    enterprise_name: str
    region_code: str
    report_id: str
    kind: str
    issued_on: date
    first_issued_on: date
    valid_until: date
    overall: float | None
    domains: list[dict[str, Any]]
    pdf_name: str
    version: int
    received_at: datetime

    def state(self, today: date, soon_days: int) -> str:
        """``expired``, ``expiring`` (within ``soon_days``) or ``valid`` on ``today``."""
        if today > self.valid_until:
            return "expired"
        return "expiring" if self.valid_until <= today + timedelta(days=soon_days) else "valid"


def _pdf(content: bytes, limit: int) -> None:
    problems = []
    if not content.startswith(PDF_MAGIC):
        problems.append(Problem("report", "is not a PDF file (no %PDF- header)"))
    if len(content) > limit:
        problems.append(Problem("report", f"larger than {limit} bytes (INDSEC_FILING_MAX_BYTES)"))
    if problems:
        raise FilingRejectedError("the assessment report file is invalid", problems)


def _digest(summary: dict[str, Any], content: bytes) -> str:
    text = json.dumps(summary, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8") + hashlib.sha256(content).digest()).hexdigest()


def receive(
    *,
    app: AppContext,
    actor: Actor,
    principal: Principal,
    raw: dict[str, Any],
    pdf: bytes,
    pdf_name: str,
) -> Receipt:
    """Keep an assessment report from the enterprise officer ``principal`` (its own only)."""
    summary = validated(AssessmentSummary, raw, "assessment summary")
    _pdf(pdf, app.settings.filing_max_bytes)
    tenant = supervision.filer_tenant(app=app, principal=principal, uscc=summary.enterprise.uscc)
    content = _digest(raw, pdf)
    with app.store().session() as session:
        found = sent_before(session, ReceivedAssessmentRow, tenant, report_id=summary.id)
        return keep(
            session,
            found,
            content,
            new=lambda: ReceivedAssessmentRow(
                **sender(tenant),
                report_id=summary.id,
                first_issued_on=summary.issued_on,
                valid_until=last_valid_day(summary.issued_on),
                version=0,
            ),
            fill=lambda row: _fill(row, summary, pdf, pdf_name[:256] or "report.pdf"),
            audit=lambda session, row: _audit(session, actor, row),
        )


def _fill(row: ReceivedAssessmentRow, summary: AssessmentSummary, pdf: bytes, name: str) -> None:
    row.kind = summary.kind
    row.issued_on, row.overall = summary.issued_on, summary.overall
    row.domains = [d.model_dump(mode="json") for d in summary.domains]
    row.pdf, row.pdf_name, row.received_at = pdf, name, datetime.now(UTC)


def _audit(session: Session, actor: Actor, row: ReceivedAssessmentRow) -> None:
    identity.append_audit(
        session,
        actor=actor,
        action="assessment.receive",
        target=f"received_assessment:{row.id}",
        detail={"uscc": row.uscc, "report": row.report_id, "version": str(row.version)},
    )


def _shown(row: ReceivedAssessmentRow) -> ReceivedAssessment:
    return from_row(
        ReceivedAssessment, row, domains=list(row.domains), received_at=aware(row.received_at)
    )


def newest(*, app: AppContext, principal: Principal | None) -> list[ReceivedAssessment]:
    """Each enterprise's newest report in the jurisdiction (everywhere: None), the soonest to
    expire first."""
    prefix = "" if principal is None else identity.jurisdiction_prefix(principal)
    query = (
        select(ReceivedAssessmentRow)
        .options(defer(ReceivedAssessmentRow.pdf))
        .where(ReceivedAssessmentRow.region_code.startswith(prefix))
        .order_by(ReceivedAssessmentRow.first_issued_on.desc(), ReceivedAssessmentRow.id.desc())
    )
    with app.store().session() as session:
        found: dict[str, ReceivedAssessment] = {}
        for row in session.scalars(query):
            found.setdefault(row.uscc, _shown(row))
    return sorted(found.values(), key=lambda a: (a.valid_until, a.id))


def _readable(session: Session, principal: Principal, assessment_id: int) -> ReceivedAssessmentRow:
    row = session.get(ReceivedAssessmentRow, assessment_id)
    if row is None or not (
        principal.role.is_regulator and identity.in_jurisdiction(principal, row.region_code)
    ):
        raise NotFoundError(f"no assessment report {assessment_id} you may see")
    return row


def one(*, app: AppContext, principal: Principal, assessment_id: int) -> ReceivedAssessment:
    with app.store().session() as session:
        return _shown(_readable(session, principal, assessment_id))


def pdf_of(*, app: AppContext, principal: Principal, assessment_id: int) -> tuple[str, bytes]:
    """The report's PDF file name and bytes."""
    with app.store().session() as session:
        row = _readable(session, principal, assessment_id)
        return row.pdf_name, bytes(row.pdf)
