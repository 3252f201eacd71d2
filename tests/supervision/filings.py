"""Filing rows as intake would store them, inserted directly (intake is built elsewhere)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.store.tables import FilingRow
from indsec.supervision.service import review_clock
from tests.identity.world import USCC_A, USCC_B

ACCEPTED = "accepted"
SHANGHAI_5_JAN = datetime(2026, 1, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def scale(records: int, size: int, category: str = "production.process_recipe") -> dict[str, Any]:
    return {category: {"records": records, "bytes": size}}


Enterprise = tuple[str, str, str]
A: Enterprise = (USCC_A, "企业A", "320500")
B: Enterprise = (USCC_B, "企业B", "330100")
"""The identity world's tenants (USCC, name, region), as their filings name them."""


def add_filing(
    app: AppContext,
    version: int,
    status: str,
    submitted_at: datetime,
    *,
    enterprise: Enterprise = A,
    scale_of: dict[str, Any] | None = None,
    review_due: date | None = None,
) -> int:
    """Insert one filing version (its moment stored in UTC, as intake stores it), current as
    intake makes the newest one (versions are added oldest first); its review due day from
    the review clock unless given."""
    uscc, name, region = enterprise
    submitted_at = submitted_at.astimezone(UTC)
    with app.store().session() as session:
        session.execute(update(FilingRow).where(FilingRow.uscc == uscc).values(is_current=False))
        row = FilingRow(
            uscc=uscc,
            enterprise_name=name,
            region_code=region,
            industry_code="C26",
            version=version,
            digest=f"{uscc}-{version}".ljust(64, "0"),
            status=status,
            catalogue_version=version,
            important_count=1,
            core_count=0,
            scale=scale_of if scale_of is not None else scale(100, 1000),
            document={"columns": [], "records": []},  # as intake stores a filing, empty
            submitted_at=submitted_at,
            review_due=review_due or date(2000, 1, 1),
            status_at=submitted_at,
            is_current=True,
        )
        session.add(row)
        session.flush()
        if review_due is None:
            clock = review_clock(app=app, filing_id=row.id, submitted_at=submitted_at)
            row.review_due = clock.due_day(app.zone)
        return row.id


def add_change(
    app: AppContext, status: str, changed_at: datetime, scale_of: dict[str, Any]
) -> None:
    """Tenant A's filing accepted on 5 January 2026 (of ``scale(100, 1000)``), then a version
    of scale ``scale_of`` submitted at ``changed_at`` and now in ``status``."""
    add_filing(app, 1, ACCEPTED, SHANGHAI_5_JAN)
    add_filing(app, 2, status, changed_at, scale_of=scale_of)


def principal(app: AppContext, username: str) -> Principal:
    """The signed-in principal of ``username`` (as a session would carry it)."""
    user = next(u for u in identity.list_users(app=app) if u.username == username)
    return Principal(user.id, user.username, user.role, user.tenant_id, user.region_code)
