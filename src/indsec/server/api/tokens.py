"""The caller's own API tokens: list, issue (secret shown once), revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from indsec.identity import service as identity
from indsec.model.identity import Principal, TokenInfo
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, IssuedTokenOut, RecordId, TokenIn, TokenOut
from indsec.server.scopes import signed_in, signed_in_writer

router = APIRouter(prefix="/api/tokens", tags=["tokens"], responses=ERRORS)


def token_out(info: TokenInfo) -> TokenOut:
    return TokenOut.model_validate(info, from_attributes=True)


@router.get("")
def my_tokens(
    principal: Annotated[Principal, Depends(signed_in)], request: Request
) -> list[TokenOut]:
    tokens = identity.list_tokens(app=context(request), username=principal.username)
    return [token_out(t) for t in tokens]


@router.post("", status_code=201)
def issue(
    body: TokenIn, principal: Annotated[Principal, Depends(signed_in_writer)], request: Request
) -> IssuedTokenOut:
    """A token acting as the caller, within ``scopes``; its secret is in this answer only."""
    issued = identity.issue_token(
        app=context(request),
        actor=actor(request, principal),
        username=principal.username,
        name=body.name,
        scopes=frozenset(body.scopes),
        days=body.days,
    )
    return IssuedTokenOut(token=token_out(issued.info), secret=issued.secret)


@router.delete("/{token_id}")
def revoke(
    token_id: RecordId, principal: Annotated[Principal, Depends(signed_in_writer)], request: Request
) -> TokenOut:
    """Revoke one of the caller's tokens; another user's token is not found."""
    info = identity.revoke_token(
        app=context(request),
        actor=actor(request, principal),
        username=principal.username,
        token_id=token_id,
    )
    return token_out(info)
