"""The filing workflow: submitted → under review → accepted, or returned with comments.

Only a regulator whose jurisdiction (region subtree) holds the filer moves a filing, with a
writing session or token; each step is a ``filing_events`` row and an audit entry in the same
transaction. A step the current state does not allow is a :class:`WorkflowError` (a conflict),
never a silent no-op; a return needs its comments, which the enterprise reads back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from indsec.app import AppContext
from indsec.errors import PermissionDeniedError, ReviewError, WorkflowError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.store.tables import FilingEventRow
from indsec.supervision.filing_queries import readable_row
from indsec.supervision.filing_rows import detail
from indsec.supervision.filing_types import FilingAction, FilingDetail, FilingStatus

S = FilingStatus
TRANSITIONS: dict[FilingAction, tuple[frozenset[FilingStatus], FilingStatus]] = {
    FilingAction.REVIEW: (frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW),
    FilingAction.ACCEPT: (frozenset({S.UNDER_REVIEW}), S.ACCEPTED),
    FilingAction.RETURN: (frozenset({S.UNDER_REVIEW}), S.RETURNED),
}
"""Action → (the states it may start from, the state it enters)."""
MAX_COMMENT = 4000


def next_status(action: FilingAction, current: FilingStatus) -> FilingStatus:
    """The state ``action`` leads to from ``current``, or why it cannot be taken."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        allowed = ", ".join(sorted(sources))
        raise WorkflowError(
            f"cannot {action} a filing that is {current} (only one that is {allowed})"
        )
    return target


def _comment(action: FilingAction, comment: str | None) -> str | None:
    text = (comment or "").strip()
    if action is FilingAction.RETURN and not text:
        raise ReviewError("returning a filing needs comments saying what to correct")
    if len(text) > MAX_COMMENT:
        raise ReviewError(f"the comment is longer than {MAX_COMMENT} characters")
    return text or None


def move(
    *,
    app: AppContext,
    actor: Actor,
    principal: Principal,
    filing_id: int,
    action: FilingAction,
    comment: str | None = None,
) -> FilingDetail:
    """Take ``action`` on the filing; the filer's own people see it but may not move it."""
    text = _comment(action, comment)
    with app.store().session() as session:
        row = readable_row(app, session, principal, filing_id, lock=True)
        if not identity.in_jurisdiction(principal, row.region_code) or not principal.can_write:
            raise PermissionDeniedError("only a regulator of the filer's region moves a filing")
        target = next_status(action, FilingStatus(row.status))
        now = datetime.now(UTC)
        row.status, row.status_at = target, now
        session.add(
            FilingEventRow(
                filing_id=row.id, at=now, actor=actor.name[:128], status=target, comment=text
            )
        )
        identity.append_audit(
            session,
            actor=actor,
            action=f"filing.{action}",
            target=f"filing:{row.id}",
            detail={"uscc": row.uscc, "version": str(row.version), "status": target},
        )
        session.flush()
        session.refresh(row)
        return detail(row)
