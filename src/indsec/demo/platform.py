"""The demo's two web instances: the demo enterprise's console and a provincial supervision one.

``indsec demo --serve`` shows the loop the plan sets up between an enterprise and its
regulators, with nothing to configure: the supervision instance holds a synthetic registry of
the enterprise's province (deterministic, thousands of enterprises, the demo enterprise among
them) and has already received the demo's filing; the console is set to submit there. Every
login gets a fresh random password, printed once; nothing here has a default password.

Running it again on the same directory resets the demo users' passwords instead of failing on
accounts that already exist, and re-imports the same registry (which updates, never duplicates).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from indsec.app import AppContext
from indsec.errors import IdentityError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Role, TokenScope
from indsec.report import service as report
from indsec.supervision import service as supervision

ACTOR = Actor(name="indsec demo --serve", origin="demo")
REGISTRY_SIZE = 5000
REGISTRY_SEED = 7
TOKEN_DAYS = 30


@dataclass(frozen=True)
class Login:
    """One account of a demo instance and its freshly generated password."""

    username: str
    role: Role
    password: str


@dataclass(frozen=True)
class DemoPlatform:
    """What the two instances were given: their logins, the console's submission token and
    what the supervision instance holds."""

    console_logins: list[Login]
    supervision_logins: list[Login]
    submission_token: str
    registry_size: int
    filing_version: int


def _region(uscc: str) -> str:
    """A USCC's characters 3-8 are its registering authority's GB/T 2260 region code."""
    return uscc[2:8]


def _tenant_id(app: AppContext, uscc: str, name: str) -> int:
    for tenant in identity.list_tenants(app=app):
        if tenant.uscc == uscc:
            return tenant.id
    return identity.add_tenant(
        app=app, actor=ACTOR, uscc=uscc, name=name, region_code=_region(uscc)
    ).id


def _login(
    app: AppContext,
    username: str,
    role: Role,
    *,
    tenant_id: int | None = None,
    region: str | None = None,
) -> Login:
    """The account ``username`` with a new password (created the first time)."""
    password = identity.generate_password()
    try:
        identity.add_user(
            app=app,
            actor=ACTOR,
            username=username,
            password=password,
            role=role,
            tenant_id=tenant_id,
            region_code=region,
        )
    except IdentityError:  # the account exists from an earlier run: a new password only
        identity.set_password(app=app, actor=ACTOR, username=username, password=password)
    return Login(username, role, password)


def _registry_file(uscc: str, name: str, industry: str, count: int) -> bytes:
    """The province's synthetic registry, the demo enterprise in it, as a CSV file."""
    rows = supervision.synthetic_registry(province=uscc[2:4], count=count, seed=REGISTRY_SEED)
    rows.append((uscc, name, industry, _region(uscc), "860000000", "是"))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(supervision.SYNTHETIC_HEADER)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def seed_platform(
    *, console: AppContext, supervising: AppContext, registry_size: int = REGISTRY_SIZE
) -> DemoPlatform:
    """Accounts on both instances, the supervision registry, and the demo's filing received."""
    profile = console.profile
    uscc, name = profile.uscc, profile.name
    console_tenant = _tenant_id(console, uscc, name)
    console_logins = [
        _login(console, "officer", Role.ENTERPRISE_OFFICER, tenant_id=console_tenant),
        _login(console, "admin", Role.PLATFORM_ADMIN),
    ]
    filer = _login(
        supervising, "filer", Role.ENTERPRISE_OFFICER, tenant_id=_tenant_id(supervising, uscc, name)
    )
    province, city = f"{uscc[2:4]}0000", f"{uscc[2:6]}00"
    supervision_logins = [
        _login(supervising, "province", Role.PROVINCIAL_REGULATOR, region=province),
        _login(supervising, "city", Role.CITY_REGULATOR, region=city),
        _login(supervising, "national", Role.NATIONAL_REGULATOR),
        _login(supervising, "admin", Role.PLATFORM_ADMIN),
    ]
    token = identity.issue_token(
        app=supervising,
        actor=ACTOR,
        username=filer.username,
        name="demo console",
        scopes=frozenset({TokenScope.READ, TokenScope.WRITE}),
        days=TOKEN_DAYS,
    )
    registry = _registry_file(uscc, name, profile.industry_code, registry_size)
    imported = supervision.import_registry(
        app=supervising, actor=ACTOR, principal=None, name="registry.csv", data=registry
    )
    received = supervision.receive_filing(
        app=supervising,
        actor=ACTOR,
        principal=identity.token_principal(app=supervising, secret=token.secret),
        document=report.filing_document(app=console, lang=console.settings.lang),
    )
    return DemoPlatform(
        console_logins=console_logins,
        supervision_logins=supervision_logins,
        submission_token=token.secret,
        registry_size=imported.added + imported.updated + imported.unchanged,
        filing_version=received.filing.version,
    )
