"""What the supervision instance answers a sender, and how it keeps a document sent again.

An enterprise sends the same document again (a retried upload) or a newer one under the same
id (a follow-up report, a corrected assessment). Each receiver keeps one row per (USCC, the
enterprise's id): the same content again is recognised by its digest and changes nothing, so a
retry never duplicates; new content replaces the row's, counts a version and is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from indsec.model.identity import Tenant
from indsec.store.tables import ReceivedAssessmentRow, ReceivedIncidentRow

R = TypeVar("R", ReceivedIncidentRow, ReceivedAssessmentRow)


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the instance answers a sender: its record, the version, whether it was new."""

    id: int
    version: int
    created: bool


def sent_before(session: Session, table: type[R], tenant: Tenant, **own_id: object) -> R | None:
    """The row ``tenant`` sent earlier under its own id (``source_id=…``, ``report_id=…``)."""
    return session.scalars(select(table).filter_by(uscc=tenant.uscc, **own_id)).first()


def sender(tenant: Tenant) -> dict[str, str]:
    """The columns every received row starts with: which enterprise sent it, and its region."""
    return {"uscc": tenant.uscc, "enterprise_name": tenant.name, "region_code": tenant.region_code}


def keep(
    session: Session,
    found: R | None,
    digest: str,
    *,
    new: Callable[[], R],
    fill: Callable[[R], None],
    audit: Callable[[Session, R], None],
) -> Receipt:
    """Keep the document of ``digest`` in ``found`` (None: in the row ``new`` makes, version 0)
    unless ``found`` already holds it: ``fill`` it, count a version, ``audit`` it."""
    if found is not None and found.digest == digest:
        return Receipt(found.id, found.version, created=False)
    row = new() if found is None else found
    session.add(row)
    fill(row)
    row.digest, row.version = digest, row.version + 1
    session.flush()
    audit(session, row)
    return Receipt(row.id, row.version, created=True)
