"""Supervision worlds on SQLite and PostgreSQL: the identity world's tenants, users and
regulators (A in Suzhou, Jiangsu; B in Hangzhou, Zhejiang), and the dashboards' registry and
filings of two provinces."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.model.identity import Principal, Role, TokenScope
from indsec.model.registry import ImportResult
from indsec.supervision import service as supervision
from tests.identity.world import CLI, World, build_world, settings_for
from tests.supervision.records import add_supervision_world


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path))
    try:
        yield built
    finally:
        built.app.close()


@pytest.fixture
def supervision_app(store_url: str, tmp_path: Path) -> Iterator[AppContext]:
    app = AppContext(settings_for(store_url, tmp_path))
    add_supervision_world(app)
    try:
        yield app
    finally:
        app.close()


def regulator(role: Role, region: str | None, *, write: bool = True) -> Principal:
    """A regulator as the server hands it to the service (no user row needed)."""
    scopes = frozenset(TokenScope) if write else frozenset({TokenScope.READ})
    return Principal(9, "reg", role, None, region, scopes=scopes, via="token")


def do_import(
    world: World, data: bytes, *, name: str = "r.csv", principal: Principal | None = None
) -> ImportResult:
    return supervision.import_registry(
        app=world.app, actor=CLI, principal=principal, name=name, data=data
    )


def yuan(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))
