"""The header navigation: the areas of this instance that the signed-in user may open.

One navigation for every page, built from the server's mode and the user's role, so a page
never carries its own menu and no area is unreachable from another. The current area is the
entry whose path is the page's path or a parent of it (an asset page is in the catalogue).
Labels are message ids the ``_nav.html`` template translates.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from indsec.model.identity import Principal, Role

CONSOLE = (
    ("home", "/home"),
    ("catalogue", "/catalogue"),
    ("alerts", "/alerts"),
    ("incidents", "/incidents"),
    ("filing", "/filing"),
    ("assessment", "/assessment"),
    ("drills", "/drills"),
    ("runs", "/runs"),
)
SUPERVISION = (
    ("dashboard", "/dashboard"),
    ("registry", "/registry"),
    ("filings", "/filings"),
    ("overdue", "/overdue"),
    ("incidents", "/reported-incidents"),
    ("assessments", "/assessments"),
)
ADMIN = (("users", "/admin/users"), ("tokens", "/admin/tokens"), ("audit", "/admin/audit"))


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    href: str
    current: bool


def _areas(mode: str, role: Role) -> tuple[tuple[str, str], ...]:
    """The entries ``role`` may open on an instance in ``mode``: the pages' scopes refuse the
    rest, so showing them would only lead to a refusal."""
    if role is Role.PLATFORM_ADMIN:
        return ADMIN
    if mode == "enterprise" and (role.is_enterprise or role.is_regulator):
        return CONSOLE
    if mode == "supervision" and role.is_regulator:
        return SUPERVISION
    return ()


def _within(path: str, href: str) -> bool:
    return path == href or path.startswith(href + "/")


def navigation(request: Request) -> list[NavItem]:
    """The header entries for this request (none before signing in)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        return []
    path = request.url.path
    return [
        NavItem(key, href, _within(path, href))
        for key, href in _areas(request.app.state.mode, principal.role)
    ]
