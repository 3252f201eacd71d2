"""Users and tenants: hashed passwords, bindings each role needs, refusals before storing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from indsec.errors import IdentityError, NotFoundError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Role, TokenScope
from indsec.store.tables import UserRow
from tests.identity.world import CLI, PASSWORD, USCC_A, World, issue, make_uscc


def test_passwords_are_stored_as_argon2id_hashes_only(world: World) -> None:
    with world.app.store().session() as session:
        hashes = list(session.scalars(select(UserRow.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


@pytest.mark.parametrize(
    ("role", "tenant", "region", "message"),
    [
        (Role.ENTERPRISE_OFFICER, None, None, "needs an existing tenant"),
        (Role.ENTERPRISE_VIEWER, 999, None, "needs an existing tenant"),
        (Role.PROVINCIAL_REGULATOR, None, "320500", "provincial-level region"),
        (Role.PROVINCIAL_REGULATOR, None, None, "provincial-level region"),
        (Role.CITY_REGULATOR, None, "320000", "not a province's"),
        (Role.NATIONAL_REGULATOR, None, "320000", "not bound to a region"),
        (Role.PLATFORM_ADMIN, "A", None, "not bound to a tenant"),
        (Role.CITY_REGULATOR, None, "329900", "unknown region code"),
    ],
)
def test_a_role_gets_exactly_the_binding_it_needs(
    world: World, role: Role, tenant: object, region: str | None, message: str
) -> None:
    tenant_id = world.tenants["A"].id if tenant == "A" else tenant
    assert tenant_id is None or isinstance(tenant_id, int)
    with pytest.raises(IdentityError, match=message):
        identity.add_user(
            app=world.app,
            actor=CLI,
            username="someone",
            password=PASSWORD,
            role=role,
            tenant_id=tenant_id,
            region_code=region,
        )
    assert "someone" not in {u.username for u in identity.list_users(app=world.app)}


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("short_pw", "abc", "at least 12"),
        ("blank_pw", " " * 20, "blank"),
        ("bad name!", PASSWORD, "invalid username"),
        ("officer_a", PASSWORD, "already exists"),
    ],
    # not the password: it is random per process, and every xdist worker must collect one name
    ids=["short", "blank", "bad-name", "taken"],
)
def test_bad_users_are_refused(world: World, username: str, password: str, message: str) -> None:
    before = identity.audit_count(app=world.app)
    with pytest.raises(IdentityError, match=message):
        identity.add_user(
            app=world.app,
            actor=CLI,
            username=username,
            password=password,
            role=Role.SERVICE_PROVIDER,
        )
    assert identity.audit_count(app=world.app) == before, "a refused write is not audited"


def test_tenants_need_a_valid_unique_uscc_and_a_known_region(world: World) -> None:
    bad_check = USCC_A[:-1] + ("0" if USCC_A[-1] != "0" else "1")
    with pytest.raises(IdentityError, match="not a valid unified social credit code"):
        identity.add_tenant(
            app=world.app, actor=CLI, uscc=bad_check, name="x", region_code="320500"
        )
    with pytest.raises(IdentityError, match="already registered"):
        identity.add_tenant(app=world.app, actor=CLI, uscc=USCC_A, name="x", region_code="320500")
    with pytest.raises(IdentityError, match="unknown region"):
        identity.add_tenant(
            app=world.app,
            actor=CLI,
            uscc=make_uscc("91110000MA3KLMNP"),
            name="x",
            region_code="119900",
        )


def test_tenants_in_region_follow_the_subtree(world: World) -> None:
    def names(code: str) -> set[str]:
        return {t.name for t in identity.tenants_in_region(app=world.app, region_code=code)}

    assert names("320000") == {"企业A"}
    assert names("320500") == {"企业A"}
    assert names("320100") == set()
    assert names("330000") == {"企业B"}


def test_writes_are_audited_with_actor_and_target(world: World) -> None:
    identity.disable_user(app=world.app, actor=CLI, username="viewer_a")
    newest = identity.audit_entries(app=world.app, limit=1)[0]
    assert (newest.actor, newest.origin, newest.action, newest.target) == (
        "cli:test",
        "localhost",
        "user.disable",
        "user:viewer_a",
    )
    adds = identity.audit_entries(app=world.app, action="user.add", limit=100)
    assert len(adds) == 10


def test_unknown_users_are_not_found(world: World) -> None:
    with pytest.raises(NotFoundError):
        identity.set_password(app=world.app, actor=CLI, username="ghost", password=PASSWORD)
    with pytest.raises(NotFoundError):
        identity.disable_user(app=world.app, actor=CLI, username="ghost")


def test_a_role_change_keeps_the_binding_rules_and_never_touches_one_self(world: World) -> None:
    admin = next(u for u in identity.list_users(app=world.app) if u.username == "admin")
    as_admin = Actor(name="admin", origin="test", user_id=admin.id)
    with pytest.raises(IdentityError, match="needs an existing tenant"):
        identity.change_role(
            app=world.app, actor=as_admin, username="provider", role=Role.ENTERPRISE_VIEWER
        )
    moved = identity.change_role(
        app=world.app,
        actor=as_admin,
        username="provider",
        role=Role.CITY_REGULATOR,
        region_code="320500",
    )
    assert (moved.role, moved.region_code, moved.tenant_id) == (Role.CITY_REGULATOR, "320500", None)
    for change in (
        lambda: identity.change_role(
            app=world.app, actor=as_admin, username="admin", role=Role.SERVICE_PROVIDER
        ),
        lambda: identity.disable_user(app=world.app, actor=as_admin, username="admin"),
    ):
        with pytest.raises(IdentityError, match="your own account"):
            change()
    entry = identity.audit_entries(app=world.app, action="user.role", limit=1)[0]
    assert (entry.target, entry.detail["from"], entry.detail["role"]) == (
        "user:provider",
        "service_provider",
        "city_regulator",
    )


def test_the_administrator_revokes_anyones_token_and_a_user_only_their_own(world: World) -> None:
    issued = issue(world.app, "officer_a", TokenScope.READ, name="ci")
    with pytest.raises(NotFoundError):
        identity.revoke_token(
            app=world.app, actor=CLI, username="officer_b", token_id=issued.info.id
        )
    revoked = identity.revoke_token(
        app=world.app, actor=CLI, username=None, token_id=issued.info.id
    )
    assert revoked.revoked_at is not None
    owners = {(owner, t.name) for owner, t in identity.all_tokens(app=world.app)}
    assert ("officer_a", "ci") in owners
