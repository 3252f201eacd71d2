"""The signed-in user's reminders: the bell (unread count) every page loads, the list, and
marking them read (both modes: regulators and enterprises are reminded alike)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from indsec.model.identity import Principal
from indsec.server.auth import actor, context
from indsec.server.scopes import signed_in, signed_in_writer
from indsec.server.web.render import page, signed_page
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
PAGE = "/notifications"


@router.get(f"{PAGE}/bell")
def bell(principal: Annotated[Principal, Depends(signed_in)], request: Request) -> HTMLResponse:
    """The header's bell: how many reminders the caller has not read, linking to the list."""
    unread = supervision.unread_count(app=context(request), principal=principal)
    return page(request, "_bell.html", unread=unread)


@router.get(PAGE)
def notifications_page(
    principal: Annotated[Principal, Depends(signed_in)], request: Request
) -> HTMLResponse:
    """The caller's newest reminders, unread first."""
    items = supervision.my_notifications(app=context(request), principal=principal)
    return signed_page(
        request,
        principal,
        "notifications.html",
        items=items,
    )


@router.post(f"{PAGE}/read")
def mark_all_read(
    principal: Annotated[Principal, Depends(signed_in_writer)], request: Request
) -> HTMLResponse:
    """Mark every reminder of the caller read; answers the list for htmx to swap in."""
    app = context(request)
    supervision.mark_read(app=app, actor=actor(request, principal), principal=principal)
    items = supervision.my_notifications(app=app, principal=principal)
    response = page(request, "_notifications.html", items=items)
    response.headers["HX-Trigger"] = "notifications-read"
    return response
