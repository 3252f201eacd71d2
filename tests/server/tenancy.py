"""The tenancy matrix: every route of an app refuses whoever it does not serve.

For each route, the scope it depends on (``indsec.server.scopes.SCOPE_KINDS``) names who it
serves; the matrix then proves, by real requests, that the anonymous caller is refused (401),
that callers of another tenant or region are refused (403/404) — or, for a caller's own
things, see nothing of the owner's — that unsafe methods need the CSRF token and a writing
token scope, and that the owner is served and each write leaves an audit entry. A route that
declares no scope, or takes a path parameter the matrix does not know, is a failure: a route
added later without a scope fails the build.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from indsec.assess import service as assess
from indsec.console.jobs import COMPLETE, JobRepository
from indsec.drill import service as drill
from indsec.identity import service as identity
from indsec.model.identity import Role, TokenScope
from indsec.report.service import XLSX_MEDIA_TYPE
from indsec.server.scopes import SCOPE_KINDS
from tests.identity.world import CLI, PASSWORD, World, issue, make_uscc
from tests.server.conftest import add_alerts, sample_alert
from tests.server.filings import bearer, filed, fresh_document, sign_in
from tests.server.reported import (
    REPORT_PDF,
    escalation_of_a,
    incident_of_a,
    received_assessment,
    received_incident,
    summary_of_a,
)
from tests.supervision.files import registry_csv

PUBLIC = {("GET", "/api/csrf"), ("POST", "/api/session"), ("GET", "/login"), ("POST", "/login")}
"""The only routes anyone may call: what signing in needs."""
PUBLIC_MOUNTS = {"/static"}
"""Mounted file trees anyone may read: the stylesheet and the npm packages' scripts."""
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
REFUSED = {403, 404}


@dataclass(frozen=True)
class Audience:
    """Who a scope serves: ``owner`` is served; ``outsiders`` are refused; ``filtered`` are
    served their own view, which must show nothing of tenant A."""

    owner: str
    outsiders: tuple[str, ...]
    filtered: tuple[str, ...] = ()


AUDIENCES = {
    "self": Audience("officer_a", ("officer_b", "prov_zj")),
    "admin": Audience("admin", ("officer_a", "prov_js", "national", "provider")),
    "tenant": Audience("officer_a", ("officer_b", "prov_zj", "city_nj", "provider", "admin")),
    "region": Audience("prov_js", ("prov_zj", "city_nj", "officer_a", "provider", "admin")),
    "instance": Audience("officer_a", ("officer_b", "prov_zj", "city_nj", "provider", "admin")),
    "jurisdiction": Audience("city_sz", ("officer_a", "provider", "admin"), ("prov_zj", "city_nj")),
}
"""Per scope kind: a caller it serves, and callers of other tenants or regions (tenant A is
in Suzhou, Jiangsu; ``city_nj`` is Nanjing's regulator, same province, other city)."""

_serial = itertools.count(1)


@dataclass(frozen=True)
class Sent:
    """A body sent as a form or a file upload rather than JSON."""

    data: dict[str, str] | None = None
    files: dict[str, tuple[str, bytes] | tuple[str, bytes, str]] | None = None


def _upload() -> Sent:
    return Sent(files={"file": ("filing.json", json.dumps(fresh_document(WORLD[0])).encode())})


def _assessment_upload() -> Sent:
    summary = json.dumps(summary_of_a(WORLD[0]), ensure_ascii=False)
    pdf = REPORT_PDF.read_bytes()
    return Sent(data={"summary": summary}, files={"report": ("a.pdf", pdf, "application/pdf")})


def _registry_upload() -> Sent:
    """A registry file with one enterprise in tenant A's city (Suzhou)."""
    uscc = make_uscc(f"91320500MA{next(_serial):06d}")
    data = registry_csv([(uscc, "新企业", "C3511", "320500", "1000", "否")])
    return Sent(files={"file": ("registry.csv", data, "text/csv")})


WORLD: list[World] = []
"""The world the matrix runs in, for body factories that need its records."""


def _bodies() -> dict[tuple[str, str], Callable[[], dict[str, Any] | Sent] | None]:
    """A valid body per unsafe route (None: it takes none), fresh each call."""
    return {
        ("POST", "/api/filings"): lambda: fresh_document(WORLD[0]),
        ("POST", "/api/filings/upload"): _upload,
        ("POST", "/api/filings/{filing_id}/review"): dict,
        ("POST", "/api/filings/{filing_id}/accept"): dict,
        ("POST", "/api/filings/{filing_id}/return"): lambda: {"comment": "请补充"},
        ("POST", "/filings/{filing_id}/review"): Sent,
        ("POST", "/filings/{filing_id}/accept"): Sent,
        ("POST", "/filings/{filing_id}/return"): lambda: Sent(data={"comment": "请补充"}),
        ("POST", "/filing/submit"): None,
        ("POST", "/logout"): None,
        ("POST", "/api/tokens"): lambda: {"name": "t", "scopes": ["read"], "days": 1},
        ("POST", "/api/admin/users"): lambda: {
            "username": f"new{next(_serial)}",
            "password": PASSWORD,
            "role": "service_provider",
        },
        ("POST", "/api/tenants/{tenant_id}/users"): lambda: {
            "username": f"new{next(_serial)}",
            "password": PASSWORD,
            "role": "enterprise_viewer",
        },
        ("POST", "/catalogue/assets/{asset_key:path}"): lambda: {
            "grade": "core",
            "reason": "the matrix says so",
        },
        ("POST", "/api/rescan"): None,
        ("POST", "/api/regions/{region_code}/tenants"): lambda: {
            "uscc": make_uscc(f"91320500MA{next(_serial):06d}"),
            "name": "新企业",
        },
        ("POST", "/api/alerts/{alert_id}/transitions"): lambda: {
            "state": "acknowledged",
            "note": "seen",
        },
        ("POST", "/alerts/{alert_id}/state"): lambda: {"state": "acknowledged", "note": "seen"},
        ("POST", "/admin/users"): lambda: {
            "username": f"new{next(_serial)}",
            "role": "service_provider",
        },
        ("POST", "/admin/users/{username}/disable"): None,
        ("POST", "/admin/users/{username}/password"): None,
        ("POST", "/admin/users/{username}/role"): lambda: {"role": "service_provider"},
        ("POST", "/admin/tokens"): lambda: {
            "username": "officer_a",
            "name": "t",
            "days": "1",
            "scopes": "read",
        },
        ("POST", "/admin/tokens/{token_id}/revoke"): None,
        ("POST", "/api/notifications/read"): lambda: {"ids": None},
        ("POST", "/notifications/read"): None,
        ("POST", "/api/registry/imports"): _registry_upload,
        ("POST", "/api/incidents"): lambda: escalation_of_a(WORLD[0]),
        ("POST", "/api/assessments"): _assessment_upload,
        ("POST", "/incidents"): lambda: {"title": "手工登记", "threat": "minor"},
        ("POST", "/alerts/{alert_id}/incident"): None,
        ("POST", "/incidents/{incident_id}/facts"): lambda: {
            "threat": "serious",
            "outage_hours": "2",
        },
        ("POST", "/incidents/{incident_id}/classify"): None,
        ("POST", "/incidents/{incident_id}/note"): lambda: {"note": "已隔离主机"},
        ("POST", "/incidents/{incident_id}/report"): lambda: {"form": "initial"},
        ("POST", "/incidents/{incident_id}/escalate"): None,
        ("POST", "/registry/import"): _registry_upload,
        ("POST", "/assessment/run"): None,
        ("POST", "/assessment/controls/{control_key}/answer"): lambda: {
            "outcome": "partial",
            "note": "the matrix says so",
        },
        ("POST", "/assessment/controls/{control_key}/evidence"): lambda: Sent(
            files={"file": ("plan.txt", "应急预案".encode())}
        ),
        ("POST", "/assessment/tasks/{task_id}"): lambda: {"owner": "王工"},
    }


FORMS = {
    ("POST", "/alerts/{alert_id}/state"),
    ("POST", "/admin/users"),
    ("POST", "/admin/users/{username}/role"),
    ("POST", "/admin/tokens"),
    ("POST", "/catalogue/assets/{asset_key:path}"),
    ("POST", "/incidents"),
    ("POST", "/incidents/{incident_id}/facts"),
    ("POST", "/incidents/{incident_id}/note"),
    ("POST", "/incidents/{incident_id}/report"),
    ("POST", "/assessment/controls/{control_key}/answer"),
    ("POST", "/assessment/tasks/{task_id}"),
}
"""Routes of the pages' forms: their bodies are sent form-encoded, as htmx sends them."""


def text_of(answer: Any) -> str:
    """What an answer shows: its text, or the cells of an XLSX workbook (whose bytes are
    compressed, so a name in it would never be found in the raw text)."""
    if answer.headers.get("content-type", "").startswith(XLSX_MEDIA_TYPE):
        book = load_workbook(BytesIO(answer.content), read_only=True)
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return "\n".join(str(c) for c in cells if c is not None)
    return str(answer.text)


def _finished_job(world: World) -> int:
    """A job of the instance, already ended, for the routes that show one."""
    jobs = JobRepository(world.app.store())
    job = jobs.claim("matrix", requested_by=CLI.name, audit=lambda _session, _id: None)
    jobs.finish(job.id, status=COMPLETE)
    return job.id


CONTROL_KEY = "miit_measures.emergency_plan"
"""A control of a builtin pack that applies to every enterprise."""


def _failed_task(world: World) -> int:
    """A remediation task of the instance: its control answered as not met."""
    done = assess.answer_control(
        app=world.app, actor=CLI, control_key=CONTROL_KEY, outcome="fail", note="no plan"
    )
    assert done.task is not None
    return int(done.task.id)


def _evidence_digest(world: World) -> str:
    """A file kept as evidence of a control, by its digest."""
    done = assess.attach_evidence_bytes(
        app=world.app,
        actor=CLI,
        control_key=CONTROL_KEY,
        file_name="plan.txt",
        content="应急预案 v1".encode(),
    )
    return done.evidence.evidence.digest


def _tabletop(world: World) -> int:
    held = drill.tabletop_input(
        scenario="remote_om", participants=["王工"], findings=["x"], held_at=None
    )
    return drill.record_tabletop(app=world.app, actor=CLI, drill=held).id


def route_is_page(path: str) -> bool:
    """Pages (outside ``/api/``) send the anonymous visitor to sign in instead of a 401."""
    return not path.startswith("/api/")


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def scope_kinds(route: RouteContext) -> set[str]:
    """The scope kinds a route depends on (directly or through its dependencies)."""
    return {SCOPE_KINDS[call] for call in _calls(route.dependant) if call in SCOPE_KINDS}


class Matrix:
    """The requests of the matrix against one app and world."""

    def __init__(self, app: FastAPI, world: World) -> None:
        self.app, self.world = app, world
        self.failures: list[str] = []
        self.params: dict[str, Callable[[], object]] = {
            "tenant_id": lambda: world.tenants["A"].id,
            "region_code": lambda: "320500",
            "token_id": self.owner_token,
            "alert_id": lambda: add_alerts(world, [sample_alert()])[1][0],
            "username": self.new_user,
            "asset_key": lambda: "sqlite:///plant.db::员工档案",
            "job_id": lambda: _finished_job(world),
            "incident_id": lambda: incident_of_a(world),
            "received_id": lambda: received_incident(world),
            "assessment_id": lambda: received_assessment(world),
            "control_key": lambda: CONTROL_KEY,
            "task_id": lambda: _failed_task(world),
            "digest": lambda: _evidence_digest(world),
            "drill_id": lambda: _tabletop(world),
        }
        self.bodies = _bodies()
        WORLD[:] = [world]
        filed(world)  # a filing of tenant A for the regulators' lists
        self.secrets_of_a = {
            "officer_a",
            "owner-token",
            world.tenants["A"].name,
            world.tenants["A"].uscc,
        }

    def owner_token(self) -> int:
        """A token of officer_a's, fresh for each route, so each can revoke its own."""
        return issue(self.world.app, "officer_a", TokenScope.READ, name="owner-token").info.id

    def new_user(self) -> str:
        """A user fresh for each route (one route disables it, another re-roles it)."""
        username = f"subject{next(_serial)}"
        identity.add_user(
            app=self.world.app,
            actor=CLI,
            username=username,
            password=PASSWORD,
            role=Role.SERVICE_PROVIDER,
        )
        return username

    def sign_in(self, username: str) -> tuple[TestClient, dict[str, str]]:
        """A client signed in as ``username`` through the API, and its CSRF header."""
        return sign_in(self.app, username)

    def client(self) -> TestClient:
        """A client that shows redirects instead of following them."""
        return TestClient(self.app, follow_redirects=False)

    def read_token(self, username: str) -> dict[str, str]:
        return bearer(self.world, username, write=False)

    def run(self) -> list[str]:
        for route in iter_route_contexts(self.app.routes):
            if route.path in PUBLIC_MOUNTS:
                continue
            if not isinstance(route.original_route, APIRoute) or not route.path:
                self.failures.append(f"{route.path}: not an API route; add it to the matrix")
                continue
            for method in sorted(route.methods or ()):
                self.check(method, route)
        return self.failures

    def check(self, method: str, route: RouteContext) -> None:
        where, kinds = f"{method} {route.path}", scope_kinds(route)
        if (method, route.path) in PUBLIC:
            if kinds != {"public"}:
                self.failures.append(f"{where}: a public route must depend on scopes.public")
            return
        if len(kinds) != 1 or "public" in kinds:
            self.failures.append(f"{where}: declares no scope (or several): {sorted(kinds)}")
            return
        template = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)  # {key:path} -> {key}
        named = {name for name in self.params if f"{{{name}}}" in template}
        try:
            values = {name: self.params[name]() for name in named}
            if "{filing_id}" in template:  # each workflow step needs a filing in its start state
                starts_reviewed = template.endswith(("/accept", "/return"))
                state = "under_review" if starts_reviewed else "submitted"
                values["filing_id"] = filed(self.world, state=state)
            url = template.format(**values)
        except KeyError as missing:
            self.failures.append(f"{where}: path parameter {missing} unknown to the matrix")
            return
        if method in {"POST", "PUT", "PATCH"} and (method, route.path) not in self.bodies:
            self.failures.append(f"{where}: no sample body in the matrix")
            return
        body = self.bodies.get((method, route.path))
        self.check_route(method, where, url, body, AUDIENCES[kinds.pop()], route.path)

    def params_for(self, path: str) -> dict[str, Any]:
        """The path parameters; a filing route gets a fresh filing of tenant A, in the state
        its step starts from, since each step may be taken only once."""
        if "{filing_id}" not in path:
            return self.params
        under_review = path.endswith(("/accept", "/return"))
        return {
            **self.params,
            "filing_id": filed(self.world, state="under_review" if under_review else "submitted"),
        }

    def expect(self, where: str, who: str, status: int, allowed: set[int]) -> None:
        if status not in allowed:
            self.failures.append(f"{where}: {who} got {status}, expected one of {sorted(allowed)}")

    def check_route(
        self,
        method: str,
        where: str,
        url: str,
        body: Callable[[], dict[str, Any] | Sent] | None,
        audience: Audience,
        path: str,
    ) -> None:
        def send(client: TestClient, headers: dict[str, str] | None = None) -> Any:
            sent = body() if body else None
            if isinstance(sent, Sent):
                return client.request(
                    method, url, data=sent.data, files=sent.files, headers=headers
                )
            if (method, path) in FORMS:
                return client.request(method, url, data=sent, headers=headers)
            return client.request(method, url, json=sent, headers=headers)

        anonymous = send(self.client())
        if not route_is_page(path) or anonymous.headers.get("location") != "/login":
            self.expect(where, "anonymous", anonymous.status_code, {401})
        for outsider in audience.outsiders:
            client, csrf = self.sign_in(outsider)
            answer = send(client, csrf)
            own_things = AUDIENCES["self"] is audience and "{" not in path
            if own_things and answer.status_code < 300:
                leaked = [s for s in self.secrets_of_a if s in text_of(answer)]
                if leaked:
                    self.failures.append(f"{where}: {outsider} sees tenant A's {leaked}")
            else:
                self.expect(where, outsider, answer.status_code, REFUSED)
        for viewer in audience.filtered:
            client, csrf = self.sign_in(viewer)
            answer = send(client, csrf)
            self.expect(where, viewer, answer.status_code, set(range(200, 300)))
            leaked = [s for s in self.secrets_of_a if s in text_of(answer)]
            if leaked:
                self.failures.append(f"{where}: {viewer} sees tenant A's {leaked}")
        client, csrf = self.sign_in(audience.owner)
        answer = send(client, csrf) if method not in UNSAFE else None
        if (
            answer is not None
            and self.world.tenants["A"].name not in text_of(answer)
            and audience.filtered
        ):
            self.failures.append(f"{where}: the owner {audience.owner} does not see tenant A")
        if method in UNSAFE:
            self.expect(where, "owner without CSRF token", send(client).status_code, {403})
            token = self.read_token(audience.owner)
            self.expect(
                where,
                "owner's read-only token",
                send(TestClient(self.app), token).status_code,
                {403},
            )
        before = identity.audit_count(app=self.world.app)
        answer = send(client, csrf)
        self.expect(where, f"owner {audience.owner}", answer.status_code, set(range(200, 300)))
        if method in UNSAFE and identity.audit_count(app=self.world.app) <= before:
            self.failures.append(f"{where}: the owner's write left no audit entry")
