"""Rendering a page: the template in the caller's language, the language remembered."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from indsec.detect import service as detect
from indsec.model.identity import Principal
from indsec.server.auth import context, set_cookie
from indsec.server.scopes import TenantAccess
from indsec.server.web.i18n import LANG_COOKIE, environment, pick_lang
from indsec.server.web.nav import navigation


def page(request: Request, template: str, *, status_code: int = 200, **values: Any) -> HTMLResponse:
    """``template`` rendered in the caller's language, under the header navigation of the
    signed-in user; a ``?lang=`` choice is kept in a cookie."""
    lang = pick_lang(request)
    body = (
        environment(lang)
        .get_template(template)
        .render(request=request, nav=navigation(request), **values)
    )
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") == lang:
        set_cookie(request, response, LANG_COOKIE, lang, expires=None)
    return response


def go_to(url: str) -> Response:
    """Send an htmx request's browser to ``url`` as a whole page (after a write, or signing
    out): htmx follows ``HX-Redirect`` instead of swapping an answer in."""
    return Response(status_code=204, headers={"HX-Redirect": url})


def signed_page(
    request: Request, principal: Principal, template: str, *, status_code: int = 200, **values: Any
) -> HTMLResponse:
    """A page for a signed-in user: their name in the header and the session's CSRF token,
    which htmx sends with every unsafe request (none for a bearer token's request)."""
    return page(
        request,
        template,
        status_code=status_code,
        user=principal.username,
        csrf=getattr(request.state, "csrf_token", None),
        **values,
    )


def no_catalogue_yet(request: Request, access: TenantAccess, area: str) -> HTMLResponse:
    """The ``area`` page (catalogue, filing) of an enterprise that has scanned nothing yet:
    what to do first, in the page's language, where a new user would meet a bare 404."""
    return tenant_page(request, access, "no_catalogue.html", area=area)


def tenant_page(
    request: Request, access: TenantAccess, template: str, *, status_code: int = 200, **values: Any
) -> HTMLResponse:
    """A page of the instance's enterprise: a signed page that also names the tenant, with
    ``when`` to show a moment in the plant's timezone and ``may_write`` whether the user may
    change what it shows."""
    zone = detect.plant_timezone(app=context(request))

    def when(moment: datetime | None) -> str:
        if moment is None:
            return ""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    return signed_page(
        request,
        access.principal,
        template,
        status_code=status_code,
        tenant=access.tenant,
        when=when,
        may_write=access.principal.can_write,
        **values,
    )
