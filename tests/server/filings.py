"""Filings for the server tests: tenant A's real export, changed on demand, and callers."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from indsec.identity import service as identity
from indsec.model.identity import IssuedToken, TokenScope
from indsec.report import service as report
from indsec.server import create_app
from indsec.server.auth import CSRF_HEADER
from indsec.supervision import service as supervision
from tests.identity.world import CLI, PASSWORD, World, issue

_serial = itertools.count(1)


def document_of_a(world: World, *, lang: str = "zh", change: str = "") -> dict[str, Any]:
    """Tenant A's filing as ``indsec filing export --format json`` writes it; ``change`` goes
    into a declared field, so each distinct ``change`` is new content (a new version)."""
    document = report.filing_document(app=world.app, lang=lang)
    document["enterprise"]["name"] = world.tenants["A"].name
    if change:
        document["records"][0]["purpose_method"] = change
    return document


def fresh_document(world: World) -> dict[str, Any]:
    return document_of_a(world, change=f"生产管理 {next(_serial)}")


def bearer(world: World, username: str, *, write: bool = True) -> dict[str, str]:
    scopes = (TokenScope.READ, TokenScope.WRITE) if write else (TokenScope.READ,)
    return authorization(issue(world.app, username, *scopes))


def authorization(issued: IssuedToken) -> dict[str, str]:
    """The header a request authenticated by ``issued`` carries."""
    return {"Authorization": f"Bearer {issued.secret}"}


def sign_in(app: FastAPI, username: str) -> tuple[TestClient, dict[str, str]]:
    """A client signed in as ``username`` through the API (no redirects followed), and the
    CSRF header its unsafe requests carry."""
    client = TestClient(app, follow_redirects=False)
    csrf = client.get("/api/csrf").json()["csrf_token"]
    answer = client.post(
        "/api/session",
        json={"username": username, "password": PASSWORD},
        headers={CSRF_HEADER: csrf},
    )
    assert answer.status_code == 200, answer.text
    return client, {CSRF_HEADER: answer.json()["csrf_token"]}


def supervision_client(world: World) -> tuple[FastAPI, TestClient]:
    app = create_app(world.app.settings, mode="supervision")
    return app, TestClient(app)


def filed(world: World, *, state: str = "submitted") -> int:
    """A new version of A's filing, moved to ``state`` (submitted or under_review)."""
    officer = identity.token_principal(app=world.app, secret=_secret(world, "officer_a"))
    received = supervision.receive_filing(
        app=world.app, actor=CLI, principal=officer, document=fresh_document(world)
    )
    if state == "under_review":
        regulator = identity.token_principal(app=world.app, secret=_secret(world, "prov_js"))
        supervision.move(
            app=world.app,
            actor=CLI,
            principal=regulator,
            filing_id=received.filing.id,
            action=supervision.FilingAction.REVIEW,
        )
    return received.filing.id


def _secret(world: World, username: str) -> str:
    return bearer(world, username)["Authorization"].removeprefix("Bearer ")
