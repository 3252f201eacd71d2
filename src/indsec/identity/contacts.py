"""Who is told about what: the regulators answerable for a region, an enterprise's people, and
the e-mail address each may be reminded at.

A reminder of a filing's clock goes to the regulators who review it, those of the provincial
and city divisions whose subtree holds the enterprise (the national regulator oversees and is
not reminded of every filing in the country), and to the enterprise's own people.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from indsec.app import AppContext
from indsec.errors import IdentityError
from indsec.identity import repository as rows
from indsec.identity.regions import within
from indsec.model.identity import Actor, Role, UserInfo
from indsec.store.tables import TenantRow, UserRow

EMAIL_PATTERN = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
REVIEWING_ROLES = (Role.PROVINCIAL_REGULATOR.value, Role.CITY_REGULATOR.value)


def responsible_regulators(*, app: AppContext, region_code: str) -> list[UserInfo]:
    """The active provincial and city regulators whose jurisdiction holds ``region_code``."""
    query = select(UserRow).where(UserRow.role.in_(REVIEWING_ROLES), UserRow.disabled.is_(False))
    with app.store().session() as session:
        found = session.scalars(query.order_by(UserRow.id))
        return [
            rows.user_info(row)
            for row in found
            if row.region_code and within(region_code, row.region_code)
        ]


def enterprise_users(*, app: AppContext, uscc: str) -> list[UserInfo]:
    """The active users of the enterprise registered under ``uscc`` (none if unregistered)."""
    query = (
        select(UserRow)
        .join(TenantRow, UserRow.tenant_id == TenantRow.id)
        .where(TenantRow.uscc == uscc, UserRow.disabled.is_(False))
    )
    with app.store().session() as session:
        return [rows.user_info(row) for row in session.scalars(query.order_by(UserRow.id))]


def set_email(*, app: AppContext, actor: Actor, username: str, email: str | None) -> None:
    """Set (or, with None, clear) the address a user's reminders are e-mailed to."""
    address = email.strip() if email else None
    if address is not None and not EMAIL_PATTERN.match(address):
        raise IdentityError(f"{email!r} is not an e-mail address")
    with app.store().session() as session:
        row = rows.existing_user(session, username)
        row.email = address
        rows.append_audit(session, actor=actor, action="user.email", target=f"user:{username}")
