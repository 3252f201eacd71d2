"""Reading the audit log: the newest entries, and a search by who, what, on what and when.

Dates are days of the instance's own timezone (the site policy's), as the administrator reads
them on the page; a day range covers whole days, the last one included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import Select, func, select

from indsec.app import AppContext
from indsec.identity import repository as rows
from indsec.model.identity import AuditEntry
from indsec.store.tables import AuditRow


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """What an audit search keeps: ``actor`` and ``target`` contain the text (any case),
    ``action`` starts with it (``user.`` keeps every user action); days from ``start`` to
    ``end``, both included."""

    actor: str = ""
    action: str = ""
    target: str = ""
    start: date | None = None
    end: date | None = None


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _searched(query: Select[Any], kept: AuditQuery, zone: tzinfo) -> Select[Any]:
    if kept.actor:
        query = query.where(
            func.lower(AuditRow.actor).contains(kept.actor.lower(), autoescape=True)
        )
    if kept.target:
        query = query.where(
            func.lower(AuditRow.target).contains(kept.target.lower(), autoescape=True)
        )
    if kept.action:
        query = query.where(AuditRow.action.startswith(kept.action, autoescape=True))
    if kept.start is not None:
        query = query.where(AuditRow.at >= _midnight(kept.start, zone))
    if kept.end is not None:
        query = query.where(AuditRow.at < _midnight(kept.end + timedelta(days=1), zone))
    return query


def search_audit(
    *, app: AppContext, query: AuditQuery, offset: int = 0, limit: int = 50
) -> tuple[list[AuditEntry], int]:
    """``limit`` matching entries from ``offset``, newest first, and how many match in all."""
    zone = app.site_policy.zone
    found = _searched(select(AuditRow), query, zone).order_by(AuditRow.id.desc())
    counted = _searched(select(func.count(AuditRow.id)), query, zone)
    with app.store().session() as session:
        total = int(session.scalar(counted) or 0)
        entries = session.scalars(found.offset(offset).limit(limit))
        return [rows.audit_entry(r) for r in entries], total


def audit_entries(
    *, app: AppContext, limit: int = 100, action: str | None = None
) -> list[AuditEntry]:
    """The newest audit entries, newest first (optionally of one action)."""
    with app.store().session() as session:
        return [rows.audit_entry(r) for r in rows.audit_rows(session, limit=limit, action=action)]


def audit_count(*, app: AppContext) -> int:
    """How many writes the audit log holds."""
    with app.store().session() as session:
        return rows.audit_count(session)
