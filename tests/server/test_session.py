"""Signing in over HTTP: the sign-in CSRF guard, cookie flags, rate limiting, sign-out, tokens,
the OpenAPI description, and validation at the boundary."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from indsec.identity import service as identity
from indsec.server import create_app
from indsec.server.auth import CSRF_HEADER, SESSION_COOKIE
from tests.identity.world import PASSWORD, World, build_world, settings_for
from tests.server.tenancy import Matrix


def _client(world: World, **overrides: object) -> TestClient:
    settings = world.app.settings.model_copy(update=overrides)
    return TestClient(create_app(settings))


def _login(client: TestClient, username: str, password: str = PASSWORD, *, csrf: bool = True):  # type: ignore[no-untyped-def]
    token = client.get("/api/csrf").json()["csrf_token"]
    headers = {CSRF_HEADER: token} if csrf else {}
    return client.post(
        "/api/session", json={"username": username, "password": password}, headers=headers
    )


def test_sign_in_needs_the_double_submit_csrf_token(server_world: World) -> None:
    client = _client(server_world)
    refused = _login(client, "officer_a", csrf=False)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert SESSION_COOKIE not in client.cookies
    forged = client.post(
        "/api/session",
        json={"username": "officer_a", "password": PASSWORD},
        headers={CSRF_HEADER: "guess"},
    )
    assert forged.status_code == 403


def test_the_session_cookie_is_httponly_lax_and_secure_only_over_tls(server_world: World) -> None:
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        client = TestClient(create_app(server_world.app.settings), base_url=base)
        answer = _login(client, "officer_a")
        assert answer.status_code == 200
        cookie = next(
            v
            for k, v in answer.headers.multi_items()
            if k == "set-cookie" and v.startswith(SESSION_COOKIE)
        )
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert "httponly" in flags and "samesite=lax" in flags
        assert ("secure" in flags) is secure


def test_wrong_passwords_are_refused_alike_and_audited_with_the_address(
    server_world: World,
) -> None:
    client = _client(server_world)
    for username in ("officer_a", "nobody"):
        answer = _login(client, username, "wrong-password-1")
        assert answer.status_code == 401
        assert answer.json() == {"detail": "invalid username or password"}
    failed = identity.audit_entries(app=server_world.app, action="login.failed")
    assert {(e.target, e.origin) for e in failed} == {
        ("user:officer_a", "testclient"),
        ("user:nobody", "testclient"),
    }


def test_sign_in_attempts_are_rate_limited_per_address(server_world: World) -> None:
    client = _client(server_world, login_attempts_per_minute=3)
    codes = [_login(client, "officer_a", "wrong-password-1").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert _login(client, "officer_a").status_code == 429, "the right password waits too"


def test_signing_out_ends_the_session(server_world: World) -> None:
    client = _client(server_world)
    csrf = _login(client, "officer_a").json()["csrf_token"]
    me = client.get("/api/me").json()
    assert (me["username"], me["tenant_id"], me["via"]) == (
        "officer_a",
        server_world.tenants["A"].id,
        "session",
    )
    assert me["scopes"] == ["read", "write"], "a session carries every scope, in order"
    assert client.delete("/api/session", headers={CSRF_HEADER: csrf}).status_code == 204
    client.cookies.clear()
    assert client.get("/api/me").status_code == 401
    assert [e.action for e in identity.audit_entries(app=server_world.app, limit=2)] == [
        "logout",
        "login",
    ]


def test_a_token_issued_over_http_works_once_shown_and_stops_when_revoked(
    server_world: World,
) -> None:
    client = _client(server_world)
    csrf = {CSRF_HEADER: _login(client, "officer_a").json()["csrf_token"]}
    issued = client.post(
        "/api/tokens", json={"name": "ci", "scopes": ["read", "write"], "days": 30}, headers=csrf
    )
    assert issued.status_code == 201
    bearer = {"Authorization": f"Bearer {issued.json()['secret']}"}
    anonymous = TestClient(client.app)
    assert anonymous.get("/api/catalogue", headers=bearer).status_code == 200
    assert "secret" not in client.get("/api/tokens").text
    token_id = issued.json()["token"]["id"]
    assert client.delete(f"/api/tokens/{token_id}", headers=csrf).status_code == 200
    assert anonymous.get("/api/catalogue", headers=bearer).status_code == 401


def test_the_openapi_description_is_for_signed_in_callers_and_covers_every_api_route(
    server_world: World,
) -> None:
    client = _client(server_world)
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/openapi.json").status_code == 404 and client.get("/docs").status_code == 404
    _login(client, "viewer_a")
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/session", "/api/tokens/{token_id}", "/api/catalogue", "/api/admin/audit"} <= set(
        paths
    )
    login = paths["/api/session"]["post"]
    assert login["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/LoginIn"
    )


def test_inputs_are_validated_at_the_boundary(server_world: World) -> None:
    client = _client(server_world)
    csrf = {CSRF_HEADER: _login(client, "admin").json()["csrf_token"]}
    extra = client.post(
        "/api/admin/users",
        json={"username": "x1", "password": PASSWORD, "role": "service_provider", "is_admin": True},
        headers=csrf,
    )
    assert extra.status_code == 422
    weak = client.post(
        "/api/admin/users",
        json={"username": "x1", "password": "short", "role": "service_provider"},
        headers=csrf,
    )
    assert weak.status_code == 400 and "at least 12" in weak.json()["detail"]
    bad_region = client.get("/api/regions/12345x/tenants")
    assert bad_region.status_code == 404, "supervision routes are not served in enterprise mode"


def test_users_added_through_the_api_are_what_the_body_says(server_world: World) -> None:
    """The administrator's body is the account; an officer's user joins the path's enterprise,
    and a tenant named in the body is refused, not taken."""
    admin = _client(server_world)
    csrf = {CSRF_HEADER: _login(admin, "admin").json()["csrf_token"]}
    body = {"username": "api_city", "password": PASSWORD, "role": "city_regulator"}
    added = admin.post("/api/admin/users", json={**body, "region_code": "320500"}, headers=csrf)
    assert added.status_code == 201, added.text
    assert (added.json()["role"], added.json()["region_code"]) == ("city_regulator", "320500")
    officer = _client(server_world)
    csrf = {CSRF_HEADER: _login(officer, "officer_a").json()["csrf_token"]}
    own, other = server_world.tenants["A"].id, server_world.tenants["B"].id
    body = {"username": "api_viewer", "password": PASSWORD, "role": "enterprise_viewer"}
    joined = officer.post(f"/api/tenants/{own}/users", json=body, headers=csrf)
    assert joined.status_code == 201 and joined.json()["tenant_id"] == own, joined.text
    smuggled = {**body, "username": "api_viewer2", "tenant_id": other}
    assert officer.post(f"/api/tenants/{own}/users", json=smuggled, headers=csrf).status_code == 422


def test_the_enterprise_catalogue_needs_the_instance_tenant(store_url: str, tmp_path: Path) -> None:
    """Without the profile's USCC registered, the console says so instead of serving anyone."""
    world = build_world(settings_for(store_url, tmp_path))
    try:
        world.app.set_profile_value("uscc", "")
        client = TestClient(create_app(world.app.settings))
        _login(client, "officer_a")
        answer = client.get("/api/catalogue")
        assert answer.status_code == 409 and "no tenant" in answer.json()["detail"]
    finally:
        world.app.close()


def test_the_matrix_signs_in_through_the_api(server_world: World) -> None:
    client, csrf = Matrix(create_app(server_world.app.settings), server_world).sign_in("city_sz")
    assert client.get("/api/me").json()["region_code"] == "320500" and csrf[CSRF_HEADER]
