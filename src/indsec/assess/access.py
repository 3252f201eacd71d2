"""What every assessment use case reaches for: its repositories, the plant's clock, the audit.

Shared by the use-case modules behind the feature's door (:mod:`indsec.assess.service`), so
each opens its store, reads the time and audits a write the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.assess.repository import AssessmentRepository
from indsec.assess.tasks import TaskRepository
from indsec.identity import service as identity
from indsec.model.identity import Actor


def audit(actor: Actor, action: str, target: str, **detail: str) -> Callable[[Session], None]:
    """The audit entry of a write, made in the write's own transaction."""

    def write(session: Session) -> None:
        identity.append_audit(session, actor=actor, action=action, target=target, detail=detail)

    return write


def assessments(app: AppContext, *, existing: bool = False) -> AssessmentRepository:
    return AssessmentRepository(app.store(existing=existing))


def tasks(app: AppContext, *, existing: bool = False) -> TaskRepository:
    return TaskRepository(app.store(existing=existing))


def local(app: AppContext, moment: datetime | None) -> datetime:
    """``moment`` in the plant's zone (a naive time is the plant's); now if None."""
    if moment is None:
        return datetime.now(app.site_policy.zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=app.site_policy.zone)
