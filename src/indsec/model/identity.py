"""Who uses the platform: roles, the signed-in principal, tenants, tokens and audit entries.

These are the values the identity service hands to the faces (the server, the CLI); the
decisions about what a principal may see live in ``indsec.identity.scope``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """The platform's roles (issue 15): three tiers of regulator, the enterprise's own people,
    service providers and the platform's administrator."""

    NATIONAL_REGULATOR = "national_regulator"
    PROVINCIAL_REGULATOR = "provincial_regulator"
    CITY_REGULATOR = "city_regulator"
    ENTERPRISE_OFFICER = "enterprise_officer"
    ENTERPRISE_VIEWER = "enterprise_viewer"
    SERVICE_PROVIDER = "service_provider"
    PLATFORM_ADMIN = "platform_admin"

    @property
    def is_regulator(self) -> bool:
        return self in REGULATOR_ROLES

    @property
    def is_enterprise(self) -> bool:
        return self in ENTERPRISE_ROLES


REGULATOR_ROLES = frozenset(
    {Role.NATIONAL_REGULATOR, Role.PROVINCIAL_REGULATOR, Role.CITY_REGULATOR}
)
ENTERPRISE_ROLES = frozenset({Role.ENTERPRISE_OFFICER, Role.ENTERPRISE_VIEWER})
WRITING_ROLES = frozenset(Role) - {Role.ENTERPRISE_VIEWER}
"""Roles that may change anything at all; a viewer only reads."""


class TokenScope(StrEnum):
    """What an API token may do on behalf of its user: never more than the user may."""

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller of one request or command.

    ``scopes`` narrow what a token may do; a browser session carries every scope. ``via`` says
    how the caller was authenticated (``session``, ``token`` or ``cli``).
    """

    user_id: int
    username: str
    role: Role
    tenant_id: int | None
    region_code: str | None
    scopes: frozenset[TokenScope] = field(default_factory=lambda: frozenset(TokenScope))
    via: str = "session"

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES and TokenScope.WRITE in self.scopes


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change and from where, as the audit log records it."""

    name: str
    origin: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as listed to administrators; never the password hash."""

    id: int
    username: str
    role: Role
    tenant_id: int | None
    region_code: str | None
    disabled: bool
    locked_until: datetime | None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Tenant:
    """An enterprise on the platform, identified by its unified social credit code."""

    id: int
    uscc: str
    name: str
    region_code: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listed to its owner: the secret itself is shown once, at issue."""

    id: int
    name: str
    scopes: frozenset[TokenScope]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A freshly issued token and its secret, which is never stored nor shown again."""

    info: TokenInfo
    secret: str


@dataclass(frozen=True, slots=True)
class OpenedSession:
    """A browser session just opened: the cookie secret and the CSRF token for its forms."""

    secret: str
    csrf_token: str
    principal: Principal
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded write: who, what, on what, when and from where."""

    id: int
    at: datetime
    actor: str
    origin: str
    action: str
    target: str
    detail: dict[str, str]
