"""Request and response bodies: inputs validated at the boundary, outputs apart from inputs.

Input models forbid unknown fields and bound every string; output models carry only what a
caller may see (never a hash, never a stored secret).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Path as PathParam
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from indsec.model import Grade
from indsec.model.identity import Role, TokenScope
from indsec.supervision.service import FilingStatus


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


Moment = Annotated[datetime, AfterValidator(_aware)]
"""A moment answered with its UTC offset: SQLite hands back naive datetimes of what was
stored in UTC, and an OpenAPI ``date-time`` must carry its offset."""

MAX_ID = 2**31 - 1
"""Largest record id or version number a request may name: every database's INTEGER holds it."""
MAX_PAGE_SIZE = 1000
"""The most records one page of an API list may ask for."""
RecordId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
Username = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")]


def choice(*words: str) -> str:
    """The pattern of a filter's query or form value: one of ``words``, or empty for all (the
    filter's first option)."""
    return f"^(|{'|'.join(words)})$"


GRADE_CHOICE = choice(*Grade)
STATUS_CHOICE = choice(*FilingStatus)
"""A grade, a filing's workflow state (or empty: any)."""

Text64 = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{5}$")]


class ErrorOut(BaseModel):
    """Every refusal and error: one message saying what is wrong."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (400, "invalid request"),
        (401, "not signed in, or the credential is unknown, expired or revoked"),
        (403, "not allowed to this caller (scope, role, CSRF token)"),
        (404, "no such record the caller may see"),
        (409, "the instance is not configured for this"),
        (429, "too many attempts"),
        (503, "the database is unavailable"),
    )
}
"""The error answers every API route may give (``server.errors``), declared in its OpenAPI."""


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Input):
    username: Text64
    password: Password


class CsrfOut(BaseModel):
    csrf_token: str


class MeOut(BaseModel):
    """The signed-in caller (read from its principal), its scopes in a stable order."""

    username: str
    role: Role
    tenant_id: int | None
    region_code: str | None
    scopes: Annotated[list[TokenScope], AfterValidator(sorted)]
    via: str


class SessionOut(MeOut):
    csrf_token: str = Field(description="send it as X-CSRF-Token with every unsafe request")
    expires_at: Moment


class TokenIn(Input):
    name: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    scopes: list[TokenScope] = Field(min_length=1)
    days: int = Field(ge=1, description="lifetime; at most INDSEC_TOKEN_MAX_DAYS")


class TokenOut(BaseModel):
    id: int
    name: str
    scopes: list[TokenScope]
    created_at: Moment
    expires_at: Moment
    revoked_at: Moment | None


class IssuedTokenOut(BaseModel):
    token: TokenOut
    secret: str = Field(description="shown once; only its digest is stored")


class UserIn(Input):
    username: Text64
    password: Password
    role: Role
    tenant_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    region_code: RegionCode | None = None


class UserOut(BaseModel):
    id: int
    username: str
    role: Role
    tenant_id: int | None
    region_code: str | None
    disabled: bool
    locked_until: Moment | None


class AuditOut(BaseModel):
    id: int
    at: Moment
    actor: str
    origin: str
    action: str
    target: str
    detail: dict[str, str]


class TenantIn(Input):
    uscc: Annotated[str, StringConstraints(min_length=18, max_length=18)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TenantOut(BaseModel):
    id: int
    uscc: str
    name: str
    region_code: str


class AssetOut(BaseModel):
    source: str
    name: str
    kind: str
    category: str
    grade: str
    rows: int | None


class CatalogueOut(BaseModel):
    """One page of a catalogue version's assets (by key) and how many match on all pages."""

    version: int
    created_at: Moment
    total: int
    page: int
    pages: int
    size: int
    assets: list[AssetOut]


class AlertSummaryOut(BaseModel):
    """One alert of a list: enough to pick it out, its asset's grade, and its triage state."""

    id: int
    run_id: int
    state: Literal["open", "acknowledged", "closed"]
    rule_title: str
    severity: str
    scenario: str | None
    asset: str | None
    asset_grade: str | None
    event_time: Moment | None


class AlertListOut(BaseModel):
    total: int
    page: int
    pages: int
    alerts: list[AlertSummaryOut]


class RationaleStepOut(BaseModel):
    rule: str
    title: str
    effect: str
    evidence: list[str]


class AlertAssetOut(BaseModel):
    """The catalogue asset the alert touched, how the event matched it, and why it has its
    grade (the rationale is empty when the asset is no longer in the current catalogue)."""

    key: str
    name: str
    grade: str
    category: str
    matched_on: str
    reason: str
    rationale: list[RationaleStepOut]


class StateStepOut(BaseModel):
    at: Moment
    actor: str
    state: str
    note: str


class AlertOut(AlertSummaryOut):
    rule_id: str
    level: str
    tags: list[str]
    risk_types: list[str]
    origin: str
    details: dict[str, Any] = Field(description="the event's fields, masked where sensitive")
    asset_detail: AlertAssetOut | None
    history: list[StateStepOut]


class TransitionIn(Input):
    state: Literal["acknowledged", "closed"]
    note: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="why: required for every step"
    )


class JobOut(BaseModel):
    """A background job (a rescan): running, complete (with its result) or failed (why)."""

    id: int
    kind: str
    status: str
    started_at: Moment
    finished_at: Moment | None
    requested_by: str
    message: str
    steps: int
    error: str
    result: dict[str, Any]
