"""The platform administrator's pages: a user's lifecycle (added with a password shown once,
re-roled within the rules, password reset, disabled), a token's (issued with its secret shown
once, revoked), the audit log searched and exported exactly as filtered; others refused."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from indsec.identity import service as identity
from tests.identity.world import World
from tests.server.browsing import csrf_header, signed_in

ADMIN_HOME = "/admin/users"


def _admin(world: World, **settings: object) -> tuple[TestClient, dict[str, str]]:
    client = signed_in(world.app.settings.model_copy(update=settings), "admin", home=ADMIN_HOME)
    return client, csrf_header(client, ADMIN_HOME)


def _shown(text: str, element: str) -> str:
    return text.split(f'<code id="{element}">')[1].split("</code>")[0]


def test_a_user_is_added_reroled_reset_and_disabled_through_the_pages(server_world: World) -> None:
    settings = server_world.app.settings
    client, csrf = _admin(server_world)
    added = client.post(
        "/admin/users", data={"username": "clerk", "role": "service_provider"}, headers=csrf
    )
    assert added.status_code == 200
    password = _shown(added.text, "one-time-password")
    assert len(password) >= 20 and password not in client.get(ADMIN_HOME).text, "shown once"
    signed_in(settings, "clerk", password=password, home="/home")

    refused = client.post(
        "/admin/users/clerk/role", data={"role": "enterprise_officer"}, headers=csrf
    )
    assert refused.status_code == 422 and "needs an existing tenant" in refused.text
    tenant = str(server_world.tenants["A"].id)
    moved = client.post(
        "/admin/users/clerk/role",
        data={"role": "enterprise_officer", "tenant_id": tenant},
        headers=csrf,
    )
    assert moved.status_code == 200 and "clerk 的角色已变更" in moved.text
    assert signed_in(settings, "clerk", password=password).get("/alerts").status_code == 200

    reset = client.post("/admin/users/clerk/password", headers=csrf)
    fresh = _shown(reset.text, "one-time-password")
    assert fresh != password
    signed_in(settings, "clerk", password=fresh)

    assert client.post("/admin/users/clerk/disable", headers=csrf).status_code == 200
    browser = TestClient(client.app)
    token = browser.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"username": "clerk", "password": fresh, "csrf_token": token}
    assert browser.post("/login", data=form).status_code == 401, "disabled"
    self_disable = client.post("/admin/users/admin/disable", headers=csrf)
    assert self_disable.status_code == 422 and "your own account" in self_disable.text

    entries = identity.audit_entries(app=server_world.app)
    actions = [e.action for e in entries if e.target == "user:clerk" and e.actor == "admin"]
    assert actions == ["user.disable", "user.passwd", "user.role", "user.add"]


def test_a_token_is_issued_once_and_revoked(server_world: World) -> None:
    client, csrf = _admin(server_world)
    form = {"username": "officer_a", "name": "siem", "days": "30", "scopes": ["read"]}
    issued = client.post("/admin/tokens", data=form, headers=csrf)
    assert issued.status_code == 200
    secret = _shown(issued.text, "token-secret")
    assert secret not in client.get("/admin/tokens").text, "shown once"
    bearer = {"Authorization": f"Bearer {secret}"}
    api = TestClient(client.app)
    assert api.get("/api/alerts", headers=bearer).status_code == 200
    too_long = {**form, "days": "100000"}
    assert client.post("/admin/tokens", data=too_long, headers=csrf).status_code == 422
    token_id = identity.list_tokens(app=server_world.app, username="officer_a")[-1].id
    revoked = client.post(f"/admin/tokens/{token_id}/revoke", headers=csrf)
    assert revoked.status_code == 200 and f"令牌 {token_id} 已吊销" in revoked.text
    assert api.get("/api/alerts", headers=bearer).status_code == 401
    assert [e.action for e in identity.audit_entries(app=server_world.app, limit=2)] == [
        "token.revoke",
        "token.issue",
    ]


def _audit_targets(client: TestClient, query: str) -> list[str]:
    page = client.get(f"/admin/audit/rows?{query}").text
    rows = page.split('<tbody id="audit-rows">')[1].split("</tbody>")[0]
    return [
        cells.split("<td>")[5].split("</td>")[0] for cells in rows.split('<tr class="entry">')[1:]
    ]


def test_the_audit_log_is_searched_and_exported_as_filtered(server_world: World) -> None:
    client, csrf = _admin(server_world, list_page_size=3)
    for name in ("auditor1", "auditor2"):
        data = {"username": name, "role": "service_provider"}
        client.post("/admin/users", data=data, headers=csrf)
    today = date.today()
    query = f"actor=ADMIN&action=user.&target=auditor&start={today - timedelta(days=1)}"
    assert _audit_targets(client, query) == ["user:auditor2", "user:auditor1"]
    assert _audit_targets(client, "action=user.add&actor=cli") == [
        f"user:{n}" for n in ("admin", "provider", "national")
    ], "newest first, one page of three"
    assert "第 1 页，共 4 页" in client.get("/admin/audit?action=user.add&actor=cli").text
    assert _audit_targets(client, f"target=auditor&end={today - timedelta(days=2)}") == []
    assert client.get("/admin/audit/rows?start=2026-13-45").status_code == 400

    exported = client.get(f"/admin/audit.xlsx?{query}&lang=en")
    sheet = load_workbook(BytesIO(exported.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Time", "Actor", "Address", "Action", "Target", "Detail")
    assert [(r[1], r[3], r[4]) for r in rows[1:]] == [
        ("admin", "user.add", "user:auditor2"),
        ("admin", "user.add", "user:auditor1"),
    ]
    everything = load_workbook(BytesIO(client.get("/admin/audit.xlsx").content)).active
    assert everything is not None and everything.max_row - 1 == identity.audit_count(
        app=server_world.app
    ), "the export holds every page, not the first"


def test_other_roles_are_refused_the_admin_pages(server_world: World) -> None:
    officer = signed_in(server_world.app.settings)
    for page in ("/admin/users", "/admin/tokens", "/admin/audit", "/admin/audit.xlsx"):
        assert officer.get(page).status_code == 403
    csrf = csrf_header(officer, "/alerts")
    data = {"username": "sneaky", "role": "platform_admin"}
    assert officer.post("/admin/users", data=data, headers=csrf).status_code == 403
    assert TestClient(officer.app).get("/admin/users", follow_redirects=False).status_code == 303
