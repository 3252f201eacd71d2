"""Every route of both modes is scoped (the matrix of ``tests.server.tenancy``), and the
matrix itself catches a route added without a scope or with the wrong one."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Depends

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.server import create_app
from indsec.server.app import MODES, Mode
from indsec.server.scopes import signed_in
from tests.identity.world import World
from tests.server.tenancy import Matrix


@pytest.mark.parametrize("mode", MODES)
def test_every_route_refuses_anonymous_and_other_tenants(clock_world: World, mode: Mode) -> None:
    app = create_app(clock_world.app.settings, mode=mode)
    assert Matrix(app, clock_world).run() == []


def test_a_route_without_a_scope_fails_the_matrix(server_world: World) -> None:
    app = create_app(server_world.app.settings)

    @app.get("/api/leak/{tenant_id}")
    def leak(tenant_id: int) -> dict[str, str]:
        return {"name": identity.tenant_by_id(app=server_world.app, tenant_id=tenant_id).name}

    failures = Matrix(app, server_world).run()
    assert failures == ["GET /api/leak/{tenant_id}: declares no scope (or several): []"]


def test_a_route_with_too_weak_a_scope_fails_the_matrix(server_world: World) -> None:
    """Signed in is not enough for a tenant's records: the outsider sees them, and it shows."""
    app = create_app(server_world.app.settings)

    @app.get("/api/first-tenant")
    def first(principal: Annotated[Principal, Depends(signed_in)]) -> dict[str, str]:
        return {"name": identity.tenant_by_id(app=server_world.app, tenant_id=1).name}

    failures = Matrix(app, server_world).run()
    assert failures and all(f.startswith("GET /api/first-tenant: ") for f in failures)
    assert any("sees tenant A's" in f for f in failures)
