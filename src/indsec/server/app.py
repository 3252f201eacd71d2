"""``create_app(settings)``: the FastAPI application of one enterprise or supervision instance.

One :class:`~indsec.app.AppContext` per server process holds the store and packs every
request uses. The enterprise mode serves the instance's own enterprise (the tenant whose USCC
is the profile's); the supervision mode serves regulators their jurisdiction's enterprises.
Both serve signing in, API tokens, the tenants' records and the administrator's pages.
The OpenAPI description itself is served only to signed-in callers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from indsec import __version__
from indsec.app import AppContext
from indsec.model.identity import Principal
from indsec.server.api import (
    admin,
    alerts,
    catalogue,
    filings,
    notifications,
    overdue,
    regions,
    rescan,
    session,
    tenants,
    tokens,
)
from indsec.server.api import dashboard as dashboard_api
from indsec.server.api import oversight as oversight_api
from indsec.server.api import registry as registry_api
from indsec.server.errors import install_error_handlers
from indsec.server.ratelimit import LoginLimiter
from indsec.server.scopes import signed_in
from indsec.server.web import admin as admin_pages
from indsec.server.web import alerts as alert_pages
from indsec.server.web import (
    assessment,
    assessment_control,
    asset,
    drills,
    filing_console,
    home,
    remediation,
    reported,
    runs,
    signin,
    versions,
)
from indsec.server.web import audit as audit_page
from indsec.server.web import catalogue as catalogue_page
from indsec.server.web import dashboard as dashboard_page
from indsec.server.web import filings as filings_page
from indsec.server.web import incidents as incident_pages
from indsec.server.web import notifications as notifications_page
from indsec.server.web import overdue as overdue_page
from indsec.server.web import registry as registry_page
from indsec.server.web.i18n import HERE as WEB
from indsec.settings import Settings

Mode = Literal["enterprise", "supervision"]
MODES: tuple[Mode, ...] = ("enterprise", "supervision")
MODE_ROUTERS = {
    "enterprise": [
        catalogue.router,
        rescan.router,
        home.router,
        catalogue_page.router,
        asset.router,
        versions.router,
        runs.router,
        alerts.router,
        alert_pages.router,
        filing_console.router,
        assessment.router,
        incident_pages.router,
        assessment_control.router,
        remediation.router,
        drills.router,
    ],
    "supervision": [
        regions.router,
        registry_api.router,
        registry_page.router,
        overdue.router,
        overdue_page.router,
        dashboard_api.router,
        dashboard_page.router,
        filings.router,
        filings_page.router,
        oversight_api.router,
        reported.router,
    ],
}
HOME = {"enterprise": home.HOME, "supervision": dashboard_page.HOME}
"""Where a page visitor lands after signing in."""
STATIC = WEB / "static"
"""Our stylesheet, and under ``vendor/`` the npm packages' files ``make assets`` copies in."""


def create_app(settings: Settings, *, mode: Mode = "enterprise") -> FastAPI:
    """The server for ``settings``.

    A served app opens (and migrates) its store once at start-up, before any request, so
    concurrent first requests never race to migrate; an app used without its lifespan (a test
    client) opens it on the first request.
    """
    context = AppContext(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        context.store()
        yield
        context.close()

    app = FastAPI(
        title=f"indsec ({mode})",
        version=__version__,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.mode = mode
    app.state.login_limiter = LoginLimiter(settings.login_attempts_per_minute)
    install_error_handlers(app)
    app.state.home = HOME[mode]
    common = [session.router, tokens.router, tenants.router, admin.router, signin.router]
    pages = [admin_pages.router, audit_page.router, notifications_page.router]
    for router in [*common, notifications.router, *pages]:
        app.include_router(router)
    for router in MODE_ROUTERS[mode]:
        app.include_router(router)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi(principal: Annotated[Principal, Depends(signed_in)]) -> dict[str, Any]:
        return app.openapi()

    return app
