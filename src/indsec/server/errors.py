"""The one place indsec's errors become HTTP answers; services never raise HTTP errors.

Every answer is ``{"detail": message}`` (a rejected filing adds ``errors``, one per field),
except that a page (outside ``/api/``) sends an anonymous visitor to the sign-in page; a
third-party error that escapes a service is a defect and becomes a plain 500 without its
traceback.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from indsec.errors import (
    AuthenticationError,
    BusyError,
    ConfigError,
    FilingRejectedError,
    IdentityError,
    IndsecError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RemoteError,
    ReviewError,
    StoreError,
    WorkflowError,
)

STATUS: list[tuple[type[IndsecError], int]] = [
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (ConfigError, 409),
    (BusyError, 409),
    (WorkflowError, 409),
    (FilingRejectedError, 422),
    (RemoteError, 502),
    (RateLimitedError, 429),
    (StoreError, 503),
    (IdentityError, 400),
    (ReviewError, 400),
]
"""First match wins; any other IndsecError is the caller's mistake (400)."""


def status_of(error: IndsecError) -> int:
    return next((code for kind, code in STATUS if isinstance(error, kind)), 400)


def _to_sign_in(request: Request) -> Response:
    """Send a page visitor to sign in; an htmx request is told to go there as a whole page,
    or the sign-in form would be swapped into the middle of the page it came from."""
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    return RedirectResponse("/login", status_code=303)


async def _indsec_error(request: Request, error: Exception) -> Response:
    if not isinstance(error, IndsecError):  # registered for IndsecError only
        raise error
    status = status_of(error)
    if status == 401 and not request.url.path.startswith("/api/"):
        return _to_sign_in(request)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(_body(error), status_code=status, headers=headers)


def _body(error: IndsecError) -> dict[str, Any]:
    """The message; a rejected filing also lists each problem where it is (record, field)."""
    if isinstance(error, FilingRejectedError):
        errors = [{"where": p.where, "message": p.message} for p in error.problems]
        return {"detail": error.summary, "errors": errors}
    return {"detail": str(error)}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(IndsecError, _indsec_error)
