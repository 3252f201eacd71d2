"""The door of the supervision instance's incident and assessment-report intake: receive what
enterprise instances send, and show it to the regulators whose jurisdiction holds the sender.

Keyword-only use cases taking the :class:`~indsec.app.AppContext`; the server calls these and
nothing deeper.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from indsec.app import AppContext
from indsec.model.identity import Actor, Principal
from indsec.oversight import assessments, incidents
from indsec.oversight.assessments import ReceivedAssessment
from indsec.oversight.documents import AssessmentSummary, Escalation
from indsec.oversight.incidents import Deadline, ReceivedIncident
from indsec.oversight.receipts import Receipt
from indsec.supervision import service as supervision

__all__ = [
    "AssessmentSummary",
    "Deadline",
    "Escalation",
    "Receipt",
    "ReceivedAssessment",
    "ReceivedIncident",
    "assessment",
    "assessment_due_items",
    "assessment_pdf",
    "assessments_by_validity",
    "receive_assessment",
    "receive_incident",
    "received_incident",
    "received_incidents",
]


def receive_incident(
    *, app: AppContext, actor: Actor, principal: Principal, document: dict[str, Any]
) -> Receipt:
    """Keep an incident escalation (``indsec incident escalate``) from its enterprise's officer."""
    return incidents.receive(app=app, actor=actor, principal=principal, raw=document)


def received_incidents(
    *, app: AppContext, principal: Principal, tier: str | None = None
) -> list[ReceivedIncident]:
    """The jurisdiction's escalated incidents, the earliest open deadline first."""
    return incidents.listed(app=app, principal=principal, tier=tier)


def received_incident(
    *, app: AppContext, principal: Principal, received_id: int
) -> ReceivedIncident:
    return incidents.one(app=app, principal=principal, received_id=received_id)


def receive_assessment(
    *,
    app: AppContext,
    actor: Actor,
    principal: Principal,
    summary: dict[str, Any],
    pdf: bytes,
    pdf_name: str,
) -> Receipt:
    """Keep an annual assessment report (summary and PDF) from its enterprise's officer."""
    return assessments.receive(
        app=app, actor=actor, principal=principal, raw=summary, pdf=pdf, pdf_name=pdf_name
    )


def assessments_by_validity(
    *, app: AppContext, principal: Principal | None, now: datetime | None = None
) -> dict[str, list[ReceivedAssessment]]:
    """Each enterprise's newest report in the jurisdiction (everywhere: None), by validity on
    the regulator's today: ``expired``, ``expiring`` (within INDSEC_ASSESSMENT_REMINDER_DAYS)
    and ``valid``."""
    today = (now or datetime.now(UTC)).astimezone(app.zone).date()
    soon = app.settings.assessment_reminder_days
    found: dict[str, list[ReceivedAssessment]] = {"expired": [], "expiring": [], "valid": []}
    for report in assessments.newest(app=app, principal=principal):
        found[report.state(today, soon)].append(report)
    return found


def assessment_due_items(
    *, app: AppContext, now: datetime | None = None
) -> list[supervision.DueItem]:
    """Every enterprise's newest assessment report expired or expiring, as the clocks the daily
    reminder run tells the enterprise's people and its regulators about."""
    lists = assessments_by_validity(app=app, principal=None, now=now)
    return [
        supervision.DueItem(
            rule="assessment.validity",
            clock=f"assessment:{report.id}",
            uscc=report.uscc,
            enterprise_name=report.enterprise_name,
            region_code=report.region_code,
            version=report.version,
            status=state,
            start=datetime.combine(report.first_issued_on, time(), tzinfo=app.zone),
            due=report.valid_until,
            overdue=state == "expired",
        )
        for state in ("expired", "expiring")
        for report in lists[state]
    ]


def assessment(*, app: AppContext, principal: Principal, assessment_id: int) -> ReceivedAssessment:
    return assessments.one(app=app, principal=principal, assessment_id=assessment_id)


def assessment_pdf(
    *, app: AppContext, principal: Principal, assessment_id: int
) -> tuple[str, bytes]:
    return assessments.pdf_of(app=app, principal=principal, assessment_id=assessment_id)
