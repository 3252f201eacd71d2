"""A test client signed in through the sign-in form, as a browser is, and the CSRF header its
pages hand to htmx."""

from __future__ import annotations

from typing import Literal

from fastapi.testclient import TestClient

from indsec.server import create_app
from indsec.server.auth import CSRF_HEADER
from indsec.settings import Settings
from tests.identity.world import PASSWORD

HOMES = {"enterprise": "/home", "supervision": "/dashboard", "admin": "/admin/users"}


def signed_in(
    settings: Settings,
    username: str = "officer_a",
    mode: Literal["enterprise", "supervision"] = "enterprise",
    *,
    home: str | None = None,
    password: str = PASSWORD,
) -> TestClient:
    """A client signed in as ``username``, checked to land on ``home`` (the mode's)."""
    client = TestClient(create_app(settings, mode=mode), follow_redirects=False)
    form = client.get("/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert answer.status_code == 303 and answer.headers["location"] == (home or HOMES[mode])
    return client


def csrf_header(client: TestClient, page: str) -> dict[str, str]:
    """The CSRF header ``page`` gives htmx, for the client's unsafe requests."""
    text = client.get(page).text
    return {CSRF_HEADER: text.split('"X-CSRF-Token": "')[1].split('"')[0]}
