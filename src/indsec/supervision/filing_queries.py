"""Reading filings: what a caller may see of them, lists with filters, versions and diffs.

A regulator sees the filings of its jurisdiction (the national regulator all of them); an
enterprise's own people see their enterprise's. Anything else answers "not found", so an
outsider cannot tell which filings exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, defer

from indsec.app import AppContext
from indsec.errors import NotFoundError, PermissionDeniedError
from indsec.identity import service as identity
from indsec.model.identity import Principal, Role
from indsec.store.tables import FilingRow
from indsec.supervision.filing_rows import detail, summary
from indsec.supervision.filing_types import (
    FilingDetail,
    FilingStatus,
    FilingSummary,
    RecordChange,
)


@dataclass(frozen=True, slots=True)
class FilingFilter:
    """A regulator's list filters: status, a region (within its jurisdiction), and age (days
    since submission, at least ``older_than_days``)."""

    status: FilingStatus | None = None
    region_code: str | None = None
    older_than_days: int | None = None
    limit: int = 200


def _own_uscc(app: AppContext, principal: Principal) -> str | None:
    if principal.role.is_enterprise and principal.tenant_id is not None:
        return identity.tenant_by_id(app=app, tenant_id=principal.tenant_id).uscc
    return None


def may_read(app: AppContext, principal: Principal, row: FilingRow) -> bool:
    if principal.role.is_regulator:
        return identity.in_jurisdiction(principal, row.region_code)
    return _own_uscc(app, principal) == row.uscc


def readable_row(
    app: AppContext, session: Session, principal: Principal, filing_id: int, *, lock: bool = False
) -> FilingRow:
    """The filing row if ``principal`` may see it (locked for update when it will change)."""
    query = select(FilingRow).where(FilingRow.id == filing_id)
    row = session.scalars(query.with_for_update() if lock else query).first()
    if row is None or not may_read(app, principal, row):
        raise NotFoundError(f"no filing {filing_id} you may see")
    return row


def filing(*, app: AppContext, principal: Principal, filing_id: int) -> FilingDetail:
    """One version with its records and history."""
    with app.store().session() as session:
        return detail(readable_row(app, session, principal, filing_id))


def versions(*, app: AppContext, principal: Principal, filing_id: int) -> list[FilingSummary]:
    """Every version the enterprise of ``filing_id`` has filed, oldest first."""
    with app.store().session() as session:
        uscc = readable_row(app, session, principal, filing_id).uscc
        query = select(FilingRow).where(FilingRow.uscc == uscc).order_by(FilingRow.version)
        return [summary(r) for r in session.scalars(query)]


def own_filings(*, app: AppContext, principal: Principal) -> list[FilingDetail]:
    """The caller's enterprise's versions with their history, newest first (none for anyone
    else): what the enterprise reads back, comments included."""
    uscc = _own_uscc(app, principal)
    if uscc is None:
        return []
    query = select(FilingRow).where(FilingRow.uscc == uscc).order_by(FilingRow.version.desc())
    with app.store().session() as session:
        return [detail(r) for r in session.scalars(query)]


def _jurisdiction(query: Select[FilingRow], principal: Principal) -> Select[FilingRow]:
    if not principal.role.is_regulator:
        raise PermissionDeniedError("only regulators list filings")
    if principal.role is Role.NATIONAL_REGULATOR:
        return query
    if principal.region_code is None:
        return query.where(FilingRow.id < 0)
    return _within(query, identity.subtree_prefix(principal.region_code))


def _within(query: Select[FilingRow], prefix: str) -> Select[FilingRow]:
    """Filings whose region code starts with ``prefix``. A province's (two digits) are taken
    by ``province_code`` alone, indexed with status and submission time, so its newest page is
    a range read in the list's order (beside a ``LIKE`` the planner misjudges how few rows
    are left and sorts them all); a city's also by its province, then by prefix."""
    if len(prefix) < 2:
        return query.where(FilingRow.region_code.startswith(prefix, autoescape=True))
    query = query.where(FilingRow.province_code == prefix[:2])
    if len(prefix) == 2:
        return query
    return query.where(FilingRow.region_code.startswith(prefix, autoescape=True))


def list_filings(
    *, app: AppContext, principal: Principal, where: FilingFilter
) -> list[FilingSummary]:
    """The jurisdiction's filings matching ``where``, newest first, at most ``where.limit``
    (their summaries: the stored documents, ~10 KB of JSON each, are not loaded)."""
    summaries = select(FilingRow).options(defer(FilingRow.document), defer(FilingRow.scale))
    query = _jurisdiction(summaries, principal)
    if where.status is not None:
        query = query.where(FilingRow.status == where.status)
    if where.region_code:
        query = _within(query, identity.subtree_prefix(where.region_code))
    if where.older_than_days is not None:
        cutoff = datetime.now(UTC) - timedelta(days=where.older_than_days)
        query = query.where(FilingRow.submitted_at <= cutoff)
    query = query.order_by(FilingRow.submitted_at.desc(), FilingRow.id.desc()).limit(where.limit)
    with app.store().session() as session:
        return [summary(r) for r in session.scalars(query).all()]


def _key(record: dict[str, str]) -> str:
    return f"{record.get('data_source', '')} · {record.get('data_name', '')}"


def record_changes(before: FilingDetail, after: FilingDetail) -> list[RecordChange]:
    """Records added, removed or changed from ``before`` to ``after`` (by source and name)."""
    old = {_key(r): r for r in before.records}
    new = {_key(r): r for r in after.records}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key, {}), new.get(key, {})
        fields = {
            f: (a.get(f, ""), b.get(f, "")) for f in a.keys() | b.keys() if a.get(f) != b.get(f)
        }
        kind = "added" if not a else "removed" if not b else "changed" if fields else ""
        if kind:
            changes.append(RecordChange(key, kind, {} if kind != "changed" else fields))
    return changes


def _previous(app: AppContext, principal: Principal, after: FilingDetail) -> FilingDetail | None:
    query = select(FilingRow.id).where(
        FilingRow.uscc == after.summary.uscc, FilingRow.version == after.summary.version - 1
    )
    with app.store().session() as session:
        found = session.scalar(query)
    return None if found is None else filing(app=app, principal=principal, filing_id=found)


def diff(
    *, app: AppContext, principal: Principal, filing_id: int, against: int | None = None
) -> list[RecordChange]:
    """How ``filing_id``'s records differ from version ``against``'s (default: the version
    before it; the first version's records are all "added")."""
    after = filing(app=app, principal=principal, filing_id=filing_id)
    if against is None:
        before = _previous(app, principal, after)
    else:
        before = filing(app=app, principal=principal, filing_id=against)
    if before is not None and before.summary.uscc != after.summary.uscc:
        raise NotFoundError("the two filings are not versions of one enterprise's filing")
    empty = FilingDetail(after.summary, "", {}, after.columns, [])
    return record_changes(before or empty, after)
