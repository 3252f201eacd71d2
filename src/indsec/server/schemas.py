"""Request and response bodies: inputs validated at the boundary, outputs apart from inputs.

Input models forbid unknown fields and bound every string; output models carry only what a
caller may see (never a hash, never a stored secret).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from indsec.model.identity import Role, TokenScope

Text64 = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{5}$")]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Input):
    username: Text64
    password: Password


class CsrfOut(BaseModel):
    csrf_token: str


class MeOut(BaseModel):
    username: str
    role: Role
    tenant_id: int | None
    region_code: str | None
    scopes: list[TokenScope]
    via: str


class SessionOut(MeOut):
    csrf_token: str = Field(description="send it as X-CSRF-Token with every unsafe request")
    expires_at: datetime


class TokenIn(Input):
    name: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    scopes: list[TokenScope] = Field(min_length=1)
    days: int = Field(ge=1, description="lifetime; at most INDSEC_TOKEN_MAX_DAYS")


class TokenOut(BaseModel):
    id: int
    name: str
    scopes: list[TokenScope]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class IssuedTokenOut(BaseModel):
    token: TokenOut
    secret: str = Field(description="shown once; only its digest is stored")


class UserIn(Input):
    username: Text64
    password: Password
    role: Role
    tenant_id: int | None = None
    region_code: RegionCode | None = None


class UserOut(BaseModel):
    id: int
    username: str
    role: Role
    tenant_id: int | None
    region_code: str | None
    disabled: bool
    locked_until: datetime | None


class AuditOut(BaseModel):
    id: int
    at: datetime
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
    version: int
    created_at: datetime
    assets: list[AssetOut]
