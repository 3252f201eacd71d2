"""API tokens: issued for a user with scopes and an expiry, shown once, revocable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from indsec.app import AppContext
from indsec.errors import IdentityError, NotFoundError
from indsec.identity import repository as rows
from indsec.identity.credentials import TOKEN_PREFIX, digest, new_secret
from indsec.identity.token_memory import forget_tokens
from indsec.model.identity import Actor, IssuedToken, TokenInfo, TokenScope
from indsec.store.tables import ApiTokenRow, UserRow


def issue_token(
    *,
    app: AppContext,
    actor: Actor,
    username: str,
    name: str,
    scopes: frozenset[TokenScope],
    days: int,
) -> IssuedToken:
    """A new token for ``username``; only its digest is stored, the secret is returned once."""
    if not 1 <= days <= app.settings.token_max_days:
        raise IdentityError(f"a token lives 1 to {app.settings.token_max_days} days, not {days}")
    if not scopes:
        raise IdentityError("a token needs at least one scope (read, write)")
    if not name.strip() or len(name) > 128:
        raise IdentityError("a token needs a name of at most 128 characters")
    secret, now = new_secret(TOKEN_PREFIX), datetime.now(UTC)
    with app.store().session() as session:
        user = rows.existing_user(session, username)
        row = ApiTokenRow(
            user_id=user.id,
            name=name.strip(),
            digest=digest(secret),
            scopes=sorted(s.value for s in scopes),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        rows.add_audited(
            session,
            row,
            actor=actor,
            action="token.issue",
            target=lambda added: f"token:{added.id}",
            detail={"user": username, "scopes": ",".join(row.scopes), "days": days},
        )
        return IssuedToken(info=rows.token_info(row), secret=secret)


def list_tokens(*, app: AppContext, username: str) -> list[TokenInfo]:
    with app.store().session() as session:
        user = rows.existing_user(session, username)
        return [rows.token_info(r) for r in rows.tokens_of(session, user.id)]


def revoke_token(
    *, app: AppContext, actor: Actor, username: str | None, token_id: int
) -> TokenInfo:
    """Revoke one of ``username``'s tokens (another user's token is "not found"); the
    platform administrator passes ``None`` to revoke anyone's. It stops working at once in this
    server process, in others within ``INDSEC_TOKEN_CACHE_S`` (``token_memory``)."""
    with app.store().session() as session:
        row = session.get(ApiTokenRow, token_id)
        owner = None if row is None else session.get(UserRow, row.user_id)
        if row is None or owner is None or username not in (None, owner.username):
            raise NotFoundError(f"no token {token_id} of user {username!r}")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
            rows.append_audit(session, actor=actor, action="token.revoke", target=f"token:{row.id}")
        revoked = rows.token_info(row)
    forget_tokens(app)
    return revoked


def all_tokens(*, app: AppContext) -> list[tuple[str, TokenInfo]]:
    """Every user's tokens with their owner's name, newest first (the administrator's list)."""
    query = select(UserRow.username, ApiTokenRow).join(UserRow, UserRow.id == ApiTokenRow.user_id)
    with app.store().session() as session:
        found = session.execute(query.order_by(ApiTokenRow.id.desc())).all()
        return [(owner, rows.token_info(token)) for owner, token in found]
