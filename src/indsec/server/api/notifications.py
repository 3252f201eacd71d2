"""The caller's reminders: list with the unread count, mark read (all or some)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from indsec.model.identity import Principal
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, MAX_ID, Input
from indsec.server.scopes import signed_in, signed_in_writer
from indsec.supervision import service as supervision

router = APIRouter(prefix="/api/notifications", tags=["notifications"], responses=ERRORS)


class NotificationsOut(BaseModel):
    unread: int
    items: list[supervision.Notification]


class MarkReadIn(Input):
    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        default=None, max_length=1000, description="the reminders to mark read; none: all"
    )


class MarkedOut(BaseModel):
    marked: int


@router.get("")
def my_notifications(
    principal: Annotated[Principal, Depends(signed_in)], request: Request
) -> NotificationsOut:
    """The caller's newest reminders, unread first."""
    app = context(request)
    items = supervision.my_notifications(app=app, principal=principal)
    return NotificationsOut(
        unread=supervision.unread_count(app=app, principal=principal),
        items=items,
    )


@router.post("/read")
def mark_read(
    body: MarkReadIn, principal: Annotated[Principal, Depends(signed_in_writer)], request: Request
) -> MarkedOut:
    """Mark the caller's reminders read; another user's ids are ignored."""
    marked = supervision.mark_read(
        app=context(request), actor=actor(request, principal), principal=principal, ids=body.ids
    )
    return MarkedOut(marked=marked)
