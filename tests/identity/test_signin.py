"""Signing in: lock-out after failures, sessions, tokens (scoped, expiring, revocable), and
an audit log the database itself keeps append-only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from indsec.app import AppContext
from indsec.errors import (
    AuthenticationError,
    IdentityError,
    LockedOutError,
    NotFoundError,
    StoreError,
)
from indsec.identity import service as identity
from indsec.model.identity import TokenScope
from indsec.settings import DEFAULTS
from indsec.store.tables import ApiTokenRow, AuditRow, SessionRow, UserRow
from tests.identity.world import CLI, PASSWORD, World, build_world, issue, settings_for

LATER = timedelta(seconds=DEFAULTS.login_lockout_s + 1)


def _sign_in(world: World, password: str, now: datetime | None = None) -> None:
    identity.sign_in(
        app=world.app, username="officer_a", password=password, origin="10.0.0.9", now=now
    )


def test_the_production_hash_cost_is_rfc_9106s() -> None:
    assert (DEFAULTS.argon2_time_cost, DEFAULTS.argon2_memory_kib) == (3, 64 * 1024)


def test_a_session_stands_for_its_user_and_carries_a_csrf_token(world: World) -> None:
    opened = identity.sign_in(app=world.app, username="officer_a", password=PASSWORD, origin="x")
    principal, csrf = identity.session_principal(app=world.app, secret=opened.secret)
    assert principal.username == "officer_a" and principal.tenant_id == world.tenants["A"].id
    assert csrf == opened.csrf_token and csrf != opened.secret
    with pytest.raises(AuthenticationError):
        identity.session_principal(app=world.app, secret=opened.secret + "x")
    expired = opened.expires_at + timedelta(seconds=1)
    with pytest.raises(AuthenticationError):
        identity.session_principal(app=world.app, secret=opened.secret, now=expired)


def test_failures_lock_the_account_even_against_the_right_password(world: World) -> None:
    now = datetime.now(UTC)
    for _ in range(3):  # the world's INDSEC_LOGIN_MAX_FAILURES
        with pytest.raises(AuthenticationError) as refused:
            _sign_in(world, "wrong-password-1", now)
        assert not isinstance(refused.value, LockedOutError)
    with pytest.raises(LockedOutError):
        _sign_in(world, PASSWORD, now)
    _sign_in(world, PASSWORD, now + LATER)
    actions = [e.action for e in identity.audit_entries(app=world.app, limit=6)]
    assert actions == [
        "login",
        "login.locked",
        "login.failed",
        "user.locked",
        "login.failed",
        "login.failed",
    ]
    assert identity.audit_entries(app=world.app, limit=1)[0].origin == "10.0.0.9"


def test_a_success_resets_the_failure_count(world: World) -> None:
    now = datetime.now(UTC)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            _sign_in(world, "wrong-password-1", now)
    _sign_in(world, PASSWORD, now)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            _sign_in(world, "wrong-password-1", now)
    _sign_in(world, PASSWORD, now)


def test_unknown_and_disabled_users_are_refused_alike(world: World) -> None:
    opened = identity.sign_in(app=world.app, username="viewer_a", password=PASSWORD, origin="x")
    issued = issue(world.app, "viewer_a", TokenScope.READ)
    identity.disable_user(app=world.app, actor=CLI, username="viewer_a")
    for username in ("viewer_a", "nobody"):
        with pytest.raises(AuthenticationError, match="invalid username or password"):
            identity.sign_in(app=world.app, username=username, password=PASSWORD, origin="x")
    with pytest.raises(AuthenticationError, match="disabled"):
        identity.session_principal(app=world.app, secret=opened.secret)
    with pytest.raises(AuthenticationError, match="disabled"):
        identity.token_principal(app=world.app, secret=issued.secret)


def test_tokens_are_stored_as_digests_scoped_expiring_and_revocable(world: World) -> None:
    issued = issue(world.app, "officer_a", TokenScope.READ, name="ci", days=7)
    assert issued.secret.startswith("isk_")
    with world.app.store().session() as session:
        stored = session.scalars(select(ApiTokenRow.digest)).all()
    assert issued.secret not in stored and len(stored) == 1
    principal = identity.token_principal(app=world.app, secret=issued.secret)
    assert principal.scopes == {TokenScope.READ} and not principal.can_write
    after_expiry = issued.info.expires_at + timedelta(seconds=1)
    with pytest.raises(AuthenticationError):
        identity.token_principal(app=world.app, secret=issued.secret, now=after_expiry)
    with pytest.raises(NotFoundError):
        identity.revoke_token(
            app=world.app, actor=CLI, username="officer_b", token_id=issued.info.id
        )
    identity.revoke_token(app=world.app, actor=CLI, username="officer_a", token_id=issued.info.id)
    with pytest.raises(AuthenticationError, match="revoked"):
        identity.token_principal(app=world.app, secret=issued.secret)


@pytest.mark.parametrize(
    ("days", "scopes"), [(0, {TokenScope.READ}), (366, {TokenScope.READ}), (1, set())]
)
def test_token_lifetime_and_scopes_are_bounded(
    world: World, days: int, scopes: set[TokenScope]
) -> None:
    with pytest.raises(IdentityError):
        identity.issue_token(
            app=world.app,
            actor=CLI,
            username="officer_a",
            name="x",
            scopes=frozenset(scopes),
            days=days,
        )


def test_a_password_change_clears_the_lock(world: World) -> None:
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            _sign_in(world, "wrong-password-1")
    identity.set_password(app=world.app, actor=CLI, username="officer_a", password=PASSWORD + "2")
    _sign_in(world, PASSWORD + "2")


@pytest.mark.parametrize(
    "statement",
    [update(AuditRow).values(actor="someone else"), delete(AuditRow)],
    ids=["update", "delete"],
)
def test_the_audit_log_refuses_changes(world: World, statement: object) -> None:
    before = identity.audit_count(app=world.app)
    with pytest.raises(StoreError, match="append-only"), world.app.store().session() as session:
        session.execute(statement)  # type: ignore[call-overload]
    assert identity.audit_count(app=world.app) == before
    assert {e.actor for e in identity.audit_entries(app=world.app)} == {"cli:test"}


def test_the_audit_log_refuses_truncation_on_postgresql(
    postgresql_url: str, tmp_path: Path
) -> None:
    world = build_world(settings_for(postgresql_url, tmp_path))
    try:
        with pytest.raises(StoreError, match="append-only"), world.app.store().session() as session:
            session.execute(text("TRUNCATE audit_log"))
        assert identity.audit_count(app=world.app) > 0
    finally:
        world.app.close()


def test_a_raised_hash_cost_rehashes_the_password_at_sign_in(world: World) -> None:
    def stored() -> str:
        with world.app.store().session() as session:
            return session.scalars(
                select(UserRow.password_hash).where(UserRow.username == "officer_a")
            ).one()

    assert "m=64,t=1" in stored()
    stronger = AppContext(
        world.app.settings.model_copy(update={"argon2_memory_kib": 128, "argon2_time_cost": 2})
    )
    try:
        identity.sign_in(app=stronger, username="officer_a", password=PASSWORD, origin="x")
    finally:
        stronger.close()
    assert "m=128,t=2" in stored()
    identity.sign_in(app=world.app, username="officer_a", password=PASSWORD, origin="x")


def test_signing_in_sweeps_the_users_expired_sessions(world: World) -> None:
    first = identity.sign_in(app=world.app, username="officer_a", password=PASSWORD, origin="x")
    later = first.expires_at + timedelta(seconds=1)
    identity.sign_in(app=world.app, username="officer_a", password=PASSWORD, origin="x", now=later)
    with world.app.store().session() as session:
        digests = session.scalars(select(SessionRow.digest)).all()
    assert len(digests) == 1
