"""Signing in and out, and who the caller is.

Signing in is the one unsafe request made before a session exists, so it is guarded by a
double-submit token: ``GET /api/csrf`` sets it in a cookie and returns it, and the sign-in
must send it back in ``X-CSRF-Token``. A cross-site form can send the cookie but cannot read
it to fill the header.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.server.auth import (
    CSRF_HEADER,
    LOGIN_CSRF_COOKIE,
    context,
    end_session,
    guard_sign_in,
    keep_session,
    origin,
    set_cookie,
)
from indsec.server.schemas import ERRORS, CsrfOut, LoginIn, MeOut, SessionOut
from indsec.server.scopes import public, signed_in

router = APIRouter(prefix="/api", tags=["session"], responses=ERRORS)


def me_out(principal: Principal) -> MeOut:
    return MeOut.model_validate(principal, from_attributes=True)


@router.get("/csrf", dependencies=[Depends(public)])
def login_csrf(request: Request, response: Response) -> CsrfOut:
    """A fresh sign-in CSRF token, also set as a cookie (double submit)."""
    token = identity.new_secret()
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, expires=None)
    return CsrfOut(csrf_token=token)


@router.post("/session", dependencies=[Depends(public)])
def login(body: LoginIn, request: Request, response: Response) -> SessionOut:
    """Sign in with a password; answers the session's CSRF token and sets its cookie."""
    sent = request.headers.get(CSRF_HEADER, "")
    guard_sign_in(request, sent, "missing or invalid CSRF token (GET /api/csrf first)")
    opened = identity.sign_in(
        app=context(request),
        username=body.username,
        password=body.password,
        origin=origin(request),
    )
    keep_session(request, response, opened)
    me = me_out(opened.principal)
    return SessionOut(**me.model_dump(), csrf_token=opened.csrf_token, expires_at=opened.expires_at)


@router.delete("/session", status_code=204)
def logout(
    principal: Annotated[Principal, Depends(signed_in)], request: Request, response: Response
) -> None:
    """Close this session (a token-authenticated call has no session to close)."""
    end_session(request, response, principal)


@router.get("/me")
def whoami(principal: Annotated[Principal, Depends(signed_in)]) -> MeOut:
    return me_out(principal)
