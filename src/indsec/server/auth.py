"""Who is calling: a session cookie (with its CSRF token on unsafe methods) or an API token.

Browser sessions ride on a cookie the browser sends by itself, so every unsafe request made
with one must also carry the session's CSRF token in the ``X-CSRF-Token`` header (htmx and the
pages send it); a request with a bearer token carries its credential explicitly and needs none.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from indsec.app import AppContext
from indsec.errors import AuthenticationError, PermissionDeniedError
from indsec.identity import service as identity
from indsec.model.identity import Actor, OpenedSession, Principal
from indsec.server.ratelimit import LoginLimiter

SESSION_COOKIE = "indsec_session"
LOGIN_CSRF_COOKIE = "indsec_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def context(request: Request) -> AppContext:
    """The application context of this server process."""
    app_context: AppContext = request.app.state.context
    return app_context


def origin(request: Request) -> str:
    """Where the request came from, for the audit log and the rate limiter."""
    return request.client.host if request.client is not None else "unknown"


def actor(request: Request, principal: Principal) -> Actor:
    return Actor(name=principal.username, origin=origin(request), user_id=principal.user_id)


def check_csrf(request: Request, expected: str) -> None:
    """Refuse an unsafe request whose CSRF header is missing or wrong."""
    given = request.headers.get(CSRF_HEADER, "")
    if request.method in UNSAFE_METHODS and not identity.same_secret(given, expected):
        raise PermissionDeniedError("missing or invalid CSRF token")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <token>'")
    return secret.strip()


async def authenticated(request: Request) -> Principal:
    """The caller, from a bearer token or a session cookie; anyone else is refused (401).

    A token this process verified moments ago is recognised here, on the event loop; whatever
    needs the database runs in the thread pool. Every API request passes here, and a hop to a
    thread and back costs more CPU than the whole check."""
    secret = _bearer(request)
    if secret is None:
        return await run_in_threadpool(_session_caller, request)
    app_context = context(request)
    principal = identity.kept_token_principal(app=app_context, secret=secret)
    if principal is None:
        principal = await run_in_threadpool(_token_caller, app_context, secret)
    request.state.principal = principal
    return principal


def _token_caller(app_context: AppContext, secret: str) -> Principal:
    return identity.token_principal(app=app_context, secret=secret)


def _session_caller(request: Request) -> Principal:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise AuthenticationError("sign in first (session cookie or bearer token)")
    principal, csrf = identity.session_principal(app=context(request), secret=cookie)
    check_csrf(request, csrf)
    request.state.session_secret = cookie
    request.state.csrf_token = csrf
    request.state.principal = principal
    return principal


def session_secret(request: Request) -> str:
    """The session cookie this request was authenticated with (a token has none)."""
    secret: str | None = getattr(request.state, "session_secret", None)
    if secret is None:
        raise PermissionDeniedError("only a browser session can be signed out")
    return secret


def set_cookie(
    request: Request, response: Response, name: str, value: str, *, expires: datetime | None
) -> None:
    """A cookie scripts cannot read, sent only to this site, and only over TLS when TLS is on."""
    response.set_cookie(
        name,
        value,
        expires=expires,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def guard_sign_in(request: Request, sent: str, refusal: str) -> str:
    """Count a sign-in attempt against its address's limit, then check the double-submit CSRF
    token ``sent`` against the sign-in cookie (refused with ``refusal``); the cookie's value."""
    limiter: LoginLimiter = request.app.state.login_limiter
    limiter.hit(origin(request))
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not identity.same_secret(sent, cookie):
        raise PermissionDeniedError(refusal)
    return cookie


def keep_session(request: Request, response: Response, opened: OpenedSession) -> None:
    """Give the browser the session's cookie; the sign-in's CSRF cookie has served."""
    set_cookie(request, response, SESSION_COOKIE, opened.secret, expires=opened.expires_at)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")


def end_session(request: Request, response: Response, principal: Principal) -> None:
    """Close the session this request came with (audited) and drop its cookie."""
    identity.sign_out(
        app=context(request), actor=actor(request, principal), secret=session_secret(request)
    )
    response.delete_cookie(SESSION_COOKIE, path="/")
