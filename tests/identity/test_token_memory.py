"""A verified API token is remembered per process for INDSEC_TOKEN_CACHE_S: a revocation, a
disabled user or a new role takes effect at once in the process that made the change, in
another process (another store on the same database) only within the bound; the token's expiry
holds on every use; with a bound of 0 every request looks the token up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.errors import AuthenticationError
from indsec.identity import service as identity
from indsec.model.identity import Role, TokenScope
from tests.identity.world import CLI, World, build_world, settings_for

BOUND_S = 60.0
"""Longer than any test: only a forget, never the clock, ends a remembered token here."""


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path, token_cache_s=BOUND_S))
    try:
        yield built
    finally:
        built.app.close()


def _issue(world: World, username: str = "officer_a") -> tuple[str, int, AppContext]:
    """A token of ``username``, and a second process's context on the same database."""
    issued = identity.issue_token(
        app=world.app,
        actor=CLI,
        username=username,
        name="t",
        scopes=frozenset({TokenScope.READ, TokenScope.WRITE}),
        days=1,
    )
    other = AppContext(world.app.settings)
    return issued.secret, issued.info.id, other


def test_a_revocation_elsewhere_shows_within_the_bound_here_at_once(world: World) -> None:
    secret, token_id, other = _issue(world)
    try:
        assert identity.token_principal(app=world.app, secret=secret).username == "officer_a"
        identity.revoke_token(app=other, actor=CLI, username="officer_a", token_id=token_id)
        with pytest.raises(AuthenticationError, match="revoked"):
            identity.token_principal(app=other, secret=secret)  # the revoking process
        remembered = identity.token_principal(app=world.app, secret=secret)
        assert remembered.username == "officer_a", "another process: within the bound"
        identity.revoke_token(app=world.app, actor=CLI, username="officer_a", token_id=token_id)
        with pytest.raises(AuthenticationError, match="revoked"):
            identity.token_principal(app=world.app, secret=secret)
    finally:
        other.close()


def test_disabling_or_re_roling_the_user_forgets_its_tokens(world: World) -> None:
    secret, _, other = _issue(world)
    other.close()
    assert identity.token_principal(app=world.app, secret=secret).role is Role.ENTERPRISE_OFFICER
    identity.change_role(
        app=world.app,
        actor=CLI,
        username="officer_a",
        role=Role.PROVINCIAL_REGULATOR,
        region_code="320000",
    )
    assert identity.token_principal(app=world.app, secret=secret).role is Role.PROVINCIAL_REGULATOR
    identity.disable_user(app=world.app, actor=CLI, username="officer_a")
    with pytest.raises(AuthenticationError, match="disabled"):
        identity.token_principal(app=world.app, secret=secret)


def test_a_remembered_token_still_expires(world: World) -> None:
    secret, _, other = _issue(world)
    other.close()
    principal = identity.token_principal(app=world.app, secret=secret)
    assert principal.username == "officer_a"
    later = identity.list_tokens(app=world.app, username="officer_a")[0].expires_at
    with pytest.raises(AuthenticationError, match="expired"):
        identity.token_principal(app=world.app, secret=secret, now=later + timedelta(seconds=1))


def test_with_a_zero_bound_every_request_looks_the_token_up(store_url: str, tmp_path: Path) -> None:
    world = build_world(settings_for(store_url, tmp_path, token_cache_s=0))
    secret, token_id, other = _issue(world)
    try:
        identity.token_principal(app=world.app, secret=secret)
        identity.revoke_token(app=other, actor=CLI, username="officer_a", token_id=token_id)
        with pytest.raises(AuthenticationError, match="revoked"):
            identity.token_principal(app=world.app, secret=secret)
    finally:
        other.close()
        world.app.close()


def test_the_kept_lookup_answers_only_what_the_process_verified(world: World) -> None:
    """The server's event-loop check: nothing before a verification, never the database; the
    remembered principal after it, its expiry still enforced; nothing once forgotten."""
    secret, token_id, other = _issue(world)
    other.close()
    assert identity.kept_token_principal(app=world.app, secret=secret) is None
    assert identity.kept_token_principal(app=world.app, secret="never-issued") is None
    verified = identity.token_principal(app=world.app, secret=secret)
    assert identity.kept_token_principal(app=world.app, secret=secret) == verified
    later = identity.list_tokens(app=world.app, username="officer_a")[0].expires_at
    with pytest.raises(AuthenticationError, match="expired"):
        identity.kept_token_principal(
            app=world.app, secret=secret, now=later + timedelta(seconds=1)
        )
    identity.revoke_token(app=world.app, actor=CLI, username="officer_a", token_id=token_id)
    assert identity.kept_token_principal(app=world.app, secret=secret) is None
