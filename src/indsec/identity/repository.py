"""Rows of the identity tables in and out, inside a transaction the service opens.

Every function takes the SQLAlchemy session of the caller's transaction, so a change and its
audit entry are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Row as PlainRow
from sqlalchemy.orm import Session

from indsec.errors import NotFoundError
from indsec.model.identity import (
    Actor,
    AuditEntry,
    Role,
    Tenant,
    TokenInfo,
    TokenScope,
    UserInfo,
)
from indsec.store.moments import aware, optional_aware
from indsec.store.rows import from_row
from indsec.store.tables import ApiTokenRow, AuditRow, SessionRow, TenantRow, UserRow, table


def tenant(row: TenantRow | PlainRow[*tuple[Any, ...]]) -> Tenant:
    """The tenant of a row (the mapped one, or a plain row of its four columns)."""
    return from_row(Tenant, row)


def user_info(row: UserRow) -> UserInfo:
    return from_row(
        UserInfo, row, role=Role(row.role), locked_until=optional_aware(row.locked_until)
    )


def token_info(row: ApiTokenRow) -> TokenInfo:
    return from_row(
        TokenInfo,
        row,
        scopes=frozenset(TokenScope(s) for s in row.scopes),
        created_at=aware(row.created_at),
        expires_at=aware(row.expires_at),
        revoked_at=optional_aware(row.revoked_at),
    )


def audit_entry(row: AuditRow) -> AuditEntry:
    return from_row(
        AuditEntry,
        row,
        at=aware(row.at),
        detail={str(k): str(v) for k, v in row.detail.items()},
    )


def user_by_name(session: Session, username: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.username == username)).first()


def existing_user(session: Session, username: str) -> UserRow:
    """The user named ``username``; "not found" when there is none."""
    row = user_by_name(session, username)
    if row is None:
        raise NotFoundError(f"no user {username!r}")
    return row


def tenant_by_uscc(session: Session, uscc: str) -> TenantRow | None:
    return session.scalars(select(TenantRow).where(TenantRow.uscc == uscc)).first()


def tenants_in_prefix(session: Session, prefix: str) -> list[TenantRow]:
    """Tenants whose region code starts with ``prefix`` (a jurisdiction's subtree)."""
    query = select(TenantRow).where(TenantRow.region_code.startswith(prefix, autoescape=True))
    return list(session.scalars(query.order_by(TenantRow.id)))


def token_and_user(session: Session, token_digest: str) -> tuple[ApiTokenRow, UserRow] | None:
    """A token and its user in one round trip: every API request asks for both."""
    query = (
        select(ApiTokenRow, UserRow)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .where(ApiTokenRow.digest == token_digest)
    )
    found = session.execute(query).first()
    return None if found is None else (found[0], found[1])


def session_by_digest(session: Session, session_digest: str) -> SessionRow | None:
    return session.scalars(select(SessionRow).where(SessionRow.digest == session_digest)).first()


def tokens_of(session: Session, user_id: int) -> list[ApiTokenRow]:
    query = select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id)
    return list(session.scalars(query))


def append_audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record one write; rows are only ever added (the database refuses changes to them).

    A Core INSERT in the caller's transaction, sent at once: nothing reads the row back, so
    the ORM's unit of work would only add its CPU to every write."""
    session.execute(
        insert(table(AuditRow)).values(
            at=datetime.now(UTC),
            actor=actor.name[:128],
            user_id=actor.user_id,
            origin=actor.origin[:128],
            action=action,
            target=target,
            detail=detail or {},
        )
    )


Row = TypeVar("Row", TenantRow, UserRow, ApiTokenRow)


def add_audited(
    session: Session,
    row: Row,
    *,
    actor: Actor,
    action: str,
    target: Callable[[Row], str],
    detail: dict[str, Any] | None = None,
) -> Row:
    """Insert ``row`` and record the write in the same transaction; ``target`` names the new
    row once the database has given it its id."""
    session.add(row)
    session.flush()
    append_audit(session, actor=actor, action=action, target=target(row), detail=detail)
    return row


def audit_rows(session: Session, *, limit: int, action: str | None = None) -> list[AuditRow]:
    """The newest ``limit`` entries, newest first, optionally of one action."""
    query = select(AuditRow)
    if action is not None:
        query = query.where(AuditRow.action == action)
    return list(session.scalars(query.order_by(AuditRow.id.desc()).limit(limit)))


def audit_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)
