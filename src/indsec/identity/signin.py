"""Signing in: passwords with lock-out, browser sessions with CSRF tokens, API tokens.

A failed attempt is recorded (failure count, lock, audit entry) in its own committed
transaction before the refusal is raised, so an attacker's failures are never rolled back.
Unknown users cost an argon2 verification too, so timing does not reveal which names exist.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.errors import AuthenticationError, LockedOutError
from indsec.identity import repository as rows
from indsec.identity.credentials import (
    Hashing,
    digest,
    dummy_verify,
    hash_password,
    needs_rehash,
    new_secret,
    password_matches,
)
from indsec.identity.token_memory import Verified, remembered
from indsec.model.identity import Actor, OpenedSession, Principal, Role, TokenScope
from indsec.settings import Settings
from indsec.store.moments import aware
from indsec.store.tables import SessionRow, UserRow

REFUSED = "invalid username or password"


def principal_of(
    row: UserRow, *, scopes: frozenset[TokenScope] = frozenset(TokenScope), via: str = "session"
) -> Principal:
    return Principal(
        user_id=row.id,
        username=row.username,
        role=Role(row.role),
        tenant_id=row.tenant_id,
        region_code=row.region_code,
        scopes=scopes,
        via=via,
    )


def _failed(
    session: Session, row: UserRow, settings: Settings, actor: Actor, now: datetime
) -> None:
    row.failed_logins += 1
    if row.failed_logins >= settings.login_max_failures:
        row.failed_logins = 0
        row.locked_until = now + timedelta(seconds=settings.login_lockout_s)
        rows.append_audit(
            session,
            actor=actor,
            action="user.locked",
            target=f"user:{row.username}",
            detail={"until": row.locked_until.isoformat()},
        )
    rows.append_audit(session, actor=actor, action="login.failed", target=f"user:{row.username}")


def _open(
    session: Session, row: UserRow, settings: Settings, actor: Actor, now: datetime
) -> OpenedSession:
    session.execute(
        delete(SessionRow).where(SessionRow.user_id == row.id, SessionRow.expires_at <= now)
    )
    secret, csrf = new_secret(), new_secret()
    expires = now + timedelta(seconds=settings.session_ttl_s)
    session.add(
        SessionRow(
            user_id=row.id,
            digest=digest(secret),
            csrf_token=csrf,
            created_at=now,
            expires_at=expires,
        )
    )
    rows.append_audit(session, actor=actor, action="login", target=f"user:{row.username}")
    return OpenedSession(
        secret=secret, csrf_token=csrf, principal=principal_of(row), expires_at=expires
    )


def _attempt(
    session: Session,
    settings: Settings,
    username: str,
    password: str,
    actor: Actor,
    now: datetime,
) -> OpenedSession | AuthenticationError:
    cost = Hashing.from_settings(settings)
    row = rows.user_by_name(session, username)
    if row is None or row.disabled:
        dummy_verify(password, cost=cost)
        rows.append_audit(session, actor=actor, action="login.failed", target=f"user:{username}")
        return AuthenticationError(REFUSED)
    if row.locked_until is not None and aware(row.locked_until) > now:
        rows.append_audit(session, actor=actor, action="login.locked", target=f"user:{username}")
        return LockedOutError("too many failed sign-ins: this account is locked for a while")
    if not password_matches(row.password_hash, password, cost=cost):
        _failed(session, row, settings, actor, now)
        return AuthenticationError(REFUSED)
    row.failed_logins, row.locked_until = 0, None
    if needs_rehash(row.password_hash, cost=cost):
        row.password_hash = hash_password(password, cost=cost, min_length=1)
    return _open(session, row, settings, actor, now)


def sign_in(
    *, app: AppContext, username: str, password: str, origin: str, now: datetime | None = None
) -> OpenedSession:
    """Check a password and open a session; failures count toward the account's lock-out."""
    actor = Actor(name=username[:64], origin=origin)
    with app.store().session() as session:
        outcome = _attempt(session, app.settings, username, password, actor, now or _now())
    if isinstance(outcome, AuthenticationError):
        raise outcome
    return outcome


def session_principal(
    *, app: AppContext, secret: str, now: datetime | None = None
) -> tuple[Principal, str]:
    """The principal of a session cookie and its CSRF token; expired or disabled is refused."""
    with app.store().session() as session:
        found = rows.session_by_digest(session, digest(secret))
        if found is None or aware(found.expires_at) <= (now or _now()):
            raise AuthenticationError("not signed in, or the session has expired")
        user = session.get(UserRow, found.user_id)
        if user is None or user.disabled:
            raise AuthenticationError("this account is disabled")
        return principal_of(user), found.csrf_token


def sign_out(*, app: AppContext, actor: Actor, secret: str) -> None:
    """Close a session: its cookie stops working at once."""
    with app.store().session() as session:
        found = rows.session_by_digest(session, digest(secret))
        if found is not None:
            session.delete(found)
        rows.append_audit(session, actor=actor, action="logout", target=f"user:{actor.name}")


def token_principal(*, app: AppContext, secret: str, now: datetime | None = None) -> Principal:
    """The principal an API token stands for, with the token's scopes (``token_memory`` says
    for how long a verified token is remembered, and what that bounds)."""
    key, kept = digest(secret), remembered(app)
    found = kept.get(key)
    if found is None:
        mark = kept.begin()
        found = _verified(app, key)
        kept.put(key, found, mark)
    return _unexpired(found, now or _now())


def kept_token_principal(
    *, app: AppContext, secret: str, now: datetime | None = None
) -> Principal | None:
    """The principal of a token this process verified moments ago (as :func:`token_principal`
    answers it), or None when it is not remembered: a lookup that never touches the database,
    so a server can make it without handing the request to a thread."""
    found = remembered(app).get(digest(secret))
    return None if found is None else _unexpired(found, now or _now())


def _unexpired(found: Verified, moment: datetime) -> Principal:
    principal, expires_at = found
    if expires_at <= moment:
        raise AuthenticationError("unknown, expired or revoked API token")
    return principal


def _verified(app: AppContext, key: str) -> Verified:
    with app.store().session() as session:
        found = rows.token_and_user(session, key)
        if found is None or found[0].revoked_at is not None:
            raise AuthenticationError("unknown, expired or revoked API token")
        token, user = found
        if user.disabled:
            raise AuthenticationError("this account is disabled")
        scopes = frozenset(TokenScope(s) for s in token.scopes)
        return principal_of(user, scopes=scopes, via="token"), aware(token.expires_at)


def _now() -> datetime:
    return datetime.now(UTC)
