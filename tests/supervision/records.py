"""A deterministic supervision world for the dashboards: registered enterprises and filings of
two provinces, written straight into the tables (the registry import and the intake are other
features), and each record also as a plain value the tests count with Python as the oracle.

Jiangsu: 200 enterprises, even ``i`` in Suzhou (320500), odd in Nanjing (320100); revenue falls
with ``i``; every fifth (``i % 5 == 4``) is below scale; ``i % 10 == 3`` is wholesale (F, not
industry), the rest alternate C (manufacturing) and D (power). So 140 are above-scale
industrial and the mandatory top 10 % is 14 enterprises: i = 0 1 2 5 6 7 8 10 11 12 15 16 17 18.
Every third enterprise (``i % 3 == 0``, 67 of them) has filed; five of the mandatory (0 6 12 15
18) among them. Those with ``i % 6 == 0`` filed twice: version 1 returned, version 2 current.
Zhejiang: 50 above-scale manufacturers in Hangzhou (330100), the even ones filed and accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from indsec.app import AppContext
from indsec.store.tables import FilingRow, RegistryEnterpriseRow
from indsec.supervision import mandatory

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
STATUSES = ("submitted", "under_review", "accepted", "returned")
AGES = (0, 7, 8, 30, 31, 90, 91, 200)
"""Days since submission, cycled: both sides of every bucket boundary."""


@dataclass(frozen=True)
class Enterprise:
    uscc: str
    name: str
    region_code: str
    industry_code: str
    revenue: int
    above_scale: bool


@dataclass(frozen=True)
class Filing:
    uscc: str
    name: str
    region_code: str
    industry_code: str
    version: int
    status: str
    submitted_at: datetime
    important: int
    core: int


def _jiangsu(i: int) -> Enterprise:
    industry = "F5111" if i % 10 == 3 else ("C3511" if i % 2 == 0 else "D4411")
    return Enterprise(
        uscc=f"9132{i:014d}",
        name=f"江苏企业{i:03d}",
        region_code="320500" if i % 2 == 0 else "320100",
        industry_code=industry,
        revenue=(1000 - i) * 1_000_000,
        above_scale=i % 5 != 4,
    )


def _zhejiang(i: int) -> Enterprise:
    return Enterprise(f"9133{i:014d}", f"浙江企业{i:03d}", "330100", "C2611", 500 - i, True)


def enterprises() -> list[Enterprise]:
    return [_jiangsu(i) for i in range(200)] + [_zhejiang(i) for i in range(50)]


def _filings_of(i: int, enterprise: Enterprise, status: str) -> list[Filing]:
    age = AGES[(i // 3) % len(AGES)]
    submitted = NOW - timedelta(days=age, hours=1)
    current = Filing(
        enterprise.uscc,
        enterprise.name,
        enterprise.region_code,
        enterprise.industry_code,
        2 if i % 6 == 0 else 1,
        status,
        submitted,
        i % 7,
        i % 2,
    )
    if i % 6 != 0:
        return [current]
    older = Filing(
        *(current.uscc, current.name, current.region_code, current.industry_code),
        1,
        "returned",
        submitted - timedelta(days=30),
        9,
        9,
    )
    return [older, current]


def filings() -> list[Filing]:
    found: list[Filing] = []
    for i, enterprise in enumerate(enterprises()[:200]):
        if i % 3 == 0:
            found += _filings_of(i, enterprise, STATUSES[(i // 3) % len(STATUSES)])
    for i, enterprise in enumerate(enterprises()[200:]):
        if i % 2 == 0:
            found.append(
                Filing(
                    *(enterprise.uscc, enterprise.name, enterprise.region_code, "C2611"),
                    1,
                    "accepted",
                    NOW - timedelta(days=i),
                    1,
                    0,
                )
            )
    return found


def registry_row(enterprise: Enterprise) -> RegistryEnterpriseRow:
    return RegistryEnterpriseRow(
        uscc=enterprise.uscc,
        name=enterprise.name,
        industry_code=enterprise.industry_code,
        region_code=enterprise.region_code,
        province_code=enterprise.region_code[:2],
        annual_revenue=Decimal(enterprise.revenue),
        above_scale=enterprise.above_scale,
        source="test",
        imported_at=NOW,
        updated_at=NOW,
    )


def filing_row(filing: Filing, *, current: bool) -> FilingRow:
    return FilingRow(
        uscc=filing.uscc,
        enterprise_name=filing.name,
        region_code=filing.region_code,
        industry_code=filing.industry_code,
        version=filing.version,
        digest=f"{filing.uscc}-{filing.version}".ljust(64, "0"),
        status=filing.status,
        catalogue_version=1,
        important_count=filing.important,
        core_count=filing.core,
        scale={},
        document={"columns": [], "records": []},
        submitted_at=filing.submitted_at,
        review_due=date(2027, 1, 8),
        status_at=filing.submitted_at,
        is_current=current,
    )


def add_records(app: AppContext, found: list[Enterprise], filed: list[Filing]) -> None:
    newest: dict[str, int] = {}
    for filing in filed:
        newest[filing.uscc] = max(filing.version, newest.get(filing.uscc, 0))
    rows = [filing_row(f, current=f.version == newest[f.uscc]) for f in filed]
    with app.store().session() as session:
        session.add_all([registry_row(e) for e in found] + rows)
        session.flush()  # the rows, then the stored top-10 % set, as the registry import does
        mandatory.refresh(session, {e.region_code[:2] for e in found})


def add_supervision_world(app: AppContext) -> None:
    """The whole world above."""
    add_records(app, enterprises(), filings())
