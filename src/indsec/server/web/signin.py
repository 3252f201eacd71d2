"""Signing in and out of the pages, in both modes.

Pages depend on the same scopes as the API; an anonymous visitor is sent to the sign-in page
(``server.errors``). The sign-in form carries a double-submit CSRF token in a hidden field;
once signed in, every page puts the session's CSRF token in ``hx-headers``, so each htmx
request sends it as ``X-CSRF-Token``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from indsec.errors import AuthenticationError
from indsec.identity import service as identity
from indsec.model.identity import Principal, Role
from indsec.server.auth import (
    LOGIN_CSRF_COOKIE,
    context,
    end_session,
    guard_sign_in,
    keep_session,
    origin,
    set_cookie,
)
from indsec.server.scopes import public, signed_in
from indsec.server.web.render import go_to, page

router = APIRouter(include_in_schema=False)
ADMIN_HOME = "/admin/users"
"""Where the platform administrator lands: the mode's home shows tenants' data it may not see."""


@router.get("/login", dependencies=[Depends(public)])
def login_page(request: Request) -> HTMLResponse:
    token = identity.new_secret()
    response = page(request, "login.html", csrf=token, error=False)
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, expires=None)
    return response


@router.post("/login", dependencies=[Depends(public)])
def login_form(
    request: Request,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=128)],
) -> Response:
    """Sign in from the form; a refusal shows the form again, with the same wording for all."""
    refusal = "missing or invalid CSRF token: reload the sign-in page"
    cookie = guard_sign_in(request, csrf_token, refusal)
    try:
        opened = identity.sign_in(
            app=context(request), username=username, password=password, origin=origin(request)
        )
    except AuthenticationError:
        return page(request, "login.html", status_code=401, csrf=cookie, error=True)
    admin = opened.principal.role is Role.PLATFORM_ADMIN
    response = RedirectResponse(ADMIN_HOME if admin else request.app.state.home, status_code=303)
    keep_session(request, response, opened)
    return response


@router.post("/logout", status_code=204)
def logout(principal: Annotated[Principal, Depends(signed_in)], request: Request) -> Response:
    """Sign out (an htmx request); htmx then follows ``HX-Redirect`` to the sign-in page."""
    response = go_to("/login")
    end_session(request, response, principal)
    return response
