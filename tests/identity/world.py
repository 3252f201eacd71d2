"""A small platform world for identity and server tests: two enterprises in two provinces and
one user of every role, bound where the role needs.

Test passwords are generated per run; nothing here is a default anyone could sign in with.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

from indsec.app import AppContext
from indsec.classify.recognize.validators import is_cn_uscc
from indsec.identity import service as identity
from indsec.model.identity import Actor, Role, Tenant
from indsec.settings import Settings

CLI = Actor(name="cli:test", origin="localhost")
PASSWORD = "pw-" + secrets.token_urlsafe(16)


def make_uscc(body: str) -> str:
    """A valid USCC from 16 characters: the embedded organisation code's check character is
    searched (GB 11714), then GB 32100's is computed."""
    for check in "0123456789X":
        candidate = body + check
        code = candidate + stdnum_uscc.calc_check_digit(candidate)
        if is_cn_uscc(code):
            return code
    raise ValueError(f"no valid USCC starts with {body}")


USCC_A = make_uscc("91320500MA1ABCDE")
USCC_B = make_uscc("91330100MA2FGHJK")

# username → (role, tenant letter or None, region)
USERS: dict[str, tuple[Role, str | None, str | None]] = {
    "officer_a": (Role.ENTERPRISE_OFFICER, "A", None),
    "viewer_a": (Role.ENTERPRISE_VIEWER, "A", None),
    "officer_b": (Role.ENTERPRISE_OFFICER, "B", None),
    "prov_js": (Role.PROVINCIAL_REGULATOR, None, "320000"),
    "prov_zj": (Role.PROVINCIAL_REGULATOR, None, "330000"),
    "city_sz": (Role.CITY_REGULATOR, None, "320500"),
    "city_nj": (Role.CITY_REGULATOR, None, "320100"),
    "national": (Role.NATIONAL_REGULATOR, None, None),
    "provider": (Role.SERVICE_PROVIDER, None, None),
    "admin": (Role.PLATFORM_ADMIN, None, None),
}


@dataclass
class World:
    """The context, the two tenants (A in Suzhou, Jiangsu; B in Hangzhou, Zhejiang)."""

    app: AppContext
    tenants: dict[str, Tenant] = field(default_factory=dict)


def settings_for(database_url: str, tmp_path: Path, **overrides: object) -> Settings:
    """Settings on ``database_url`` whose enterprise profile is tenant A's."""
    values: dict[str, object] = {
        "database_url": database_url,
        "home": tmp_path / ".indsec",
        "config": tmp_path / "indsec.toml",
        "login_attempts_per_minute": 10_000,
        # cheap hashes: the tests run hundreds of them on a shared machine (the production
        # cost is the setting's default, checked in test_signin)
        "argon2_time_cost": 1,
        "argon2_memory_kib": 64,
        # the self-examination pages need controls: the assessment tests' small packs
        "rules_path": [Path(__file__).parents[1] / "files" / "assess" / "controls"],
        **overrides,
    }
    return Settings.model_validate(values)


def build_world(settings: Settings) -> World:
    app = AppContext(settings)
    app.set_profile_value("uscc", USCC_A)
    world = World(app)
    for letter, uscc, region in (("A", USCC_A, "320500"), ("B", USCC_B, "330100")):
        world.tenants[letter] = identity.add_tenant(
            app=app, actor=CLI, uscc=uscc, name=f"企业{letter}", region_code=region
        )
    for username, (role, letter, region) in USERS.items():
        tenant_id = world.tenants[letter].id if letter else None
        identity.add_user(
            app=app,
            actor=CLI,
            username=username,
            password=PASSWORD,
            role=role,
            tenant_id=tenant_id,
            region_code=region,
        )
    return world
