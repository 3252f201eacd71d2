"""The plan's mandatory set: ceil(10 % × n) per province (or division), ties at the boundary
included, only above-scale industrial enterprises; coverage read from the filings table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from indsec.errors import PermissionDeniedError
from indsec.model.identity import Role
from indsec.store.tables import FilingRow
from indsec.supervision import service as supervision
from indsec.supervision.mandatory import set_size
from tests.identity.world import World, make_uscc
from tests.supervision.conftest import do_import, regulator
from tests.supervision.files import registry_csv


@pytest.mark.parametrize(
    ("count", "size"),
    [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (20, 2), (21, 3), (30, 3), (100, 10), (101, 11)],
)
def test_the_set_is_ten_percent_rounded_up(count: int, size: int) -> None:
    assert set_size(count) == size


def _registry(world: World) -> dict[str, str]:
    """Jiangsu: 21 above-scale manufacturers (revenues 21…1 million), a richer retailer, a richer
    manufacturer below scale, and a Zhejiang manufacturer; USCCs by label."""
    rows, usccs = [], {}
    for n in range(1, 22):
        usccs[f"m{n}"] = make_uscc(f"91320500MA{n:06d}")
        division = "C35" if n % 2 else "C39"
        city = "320500" if n != 20 else "320100"
        rows.append((usccs[f"m{n}"], f"厂{n}", division, city, f"{n}000000", "是"))
    extra = {
        "retail": ("F5211", "320500", "99000000", "是"),
        "small": ("C3511", "320500", "98000000", "否"),
        "zj": ("C3511", "330100", "5000000", "是"),
    }
    for n, (label, (industry, region, revenue, above)) in enumerate(extra.items(), start=100):
        usccs[label] = make_uscc(f"91{region}MA{n:06d}")
        rows.append((usccs[label], label, industry, region, revenue, above))
    assert do_import(world, registry_csv(rows)).refused == 0
    return usccs


def _file(world: World, uscc: str, status: str, version: int = 1) -> None:
    now = datetime.now(UTC)
    with world.app.store().session() as session:
        session.add(
            FilingRow(
                uscc=uscc,
                enterprise_name="x",
                region_code="320500",
                industry_code="C35",
                version=version,
                digest=f"{uscc}{version}",
                status=status,
                catalogue_version=1,
                important_count=1,
                core_count=0,
                scale={},
                document={},
                submitted_at=now,
                review_due=date.today(),
                status_at=now,
                is_current=True,
            )
        )


def test_the_set_takes_only_above_scale_industry_of_the_province(world: World) -> None:
    usccs = _registry(world)
    members, total = supervision.mandatory_set(app=world.app, principal=None, province="32")
    assert [m.enterprise.uscc for m in members] == [usccs["m21"], usccs["m20"], usccs["m19"]]
    assert [m.rank for m in members] == [1, 2, 3] and total == 3
    by_division, _ = supervision.mandatory_set(
        app=world.app, principal=None, province="32", industry="35"
    )
    assert [m.enterprise.uscc for m in by_division] == [usccs["m21"], usccs["m19"]]  # 11 → 2
    per_division, _ = supervision.mandatory_set(
        app=world.app, principal=None, province="32", per_division=True
    )  # C35: 11 → 2 (21, 19); C39: 10 → 1 (20)
    assert [m.enterprise.uscc for m in per_division] == [usccs[k] for k in ("m21", "m20", "m19")]


def test_coverage_counts_filings_submitted_reviewed_accepted_or_returned(world: World) -> None:
    usccs = _registry(world)
    _file(world, usccs["m21"], "accepted")
    _file(world, usccs["m20"], "returned")
    _file(world, usccs["m1"], "submitted")  # filed, but not in the set
    _file(world, usccs["m19"], "withdrawn")  # a status that is no filing
    coverage = supervision.coverage(app=world.app, principal=None)
    assert [(c.province_code, c.mandatory, c.filed) for c in coverage] == [
        ("32", 3, 2),
        ("33", 1, 0),
    ]
    assert coverage[0].share == pytest.approx(2 / 3) and coverage[1].share == 0.0
    members, _ = supervision.mandatory_set(app=world.app, principal=None, province="32")
    assert [m.filed for m in members] == [True, True, False]


def test_a_regulator_sees_its_part_of_the_set_and_no_other_province(world: World) -> None:
    usccs = _registry(world)
    nanjing = regulator(Role.CITY_REGULATOR, "320100")
    members, total = supervision.mandatory_set(app=world.app, principal=nanjing, province="32")
    assert [m.enterprise.uscc for m in members] == [usccs["m20"]] and members[0].rank == 2
    assert total == 1
    assert [
        (c.province_code, c.mandatory)
        for c in supervision.coverage(app=world.app, principal=nanjing)
    ] == [("32", 1)]
    with pytest.raises(PermissionDeniedError):
        supervision.mandatory_set(
            app=world.app, principal=regulator(Role.PROVINCIAL_REGULATOR, "330000"), province="32"
        )


def test_ties_at_the_boundary_are_all_in_and_share_a_rank(world: World) -> None:
    revenues = [100, 90, 80, 80, 80, 70, 60, 50, 40, 30, 20, 10, 5, 4, 3, 2, 1, 1, 1, 1, 1]
    usccs = [make_uscc(f"91320500MA{n:06d}") for n in range(len(revenues))]
    rows = [
        (u, f"厂{n}", "C3511", "320500", f"{r}000000", "是")
        for n, (u, r) in enumerate(zip(usccs, revenues, strict=True))
    ]
    do_import(world, registry_csv(rows))  # 21 enterprises: size 3, the 3rd ties with 4th, 5th
    members, total = supervision.mandatory_set(app=world.app, principal=None, province="32")
    assert [(m.rank, m.enterprise.annual_revenue) for m in members] == [
        (1, 100_000_000),
        (2, 90_000_000),
        (3, 80_000_000),
        (3, 80_000_000),
        (3, 80_000_000),
    ]
    assert total == 5


def test_the_set_is_paged_richest_first(world: World) -> None:
    usccs = [make_uscc(f"91320500MA{n:06d}") for n in range(100)]
    rows = [(u, f"厂{n}", "C3511", "320500", f"{n + 1}000000", "是") for n, u in enumerate(usccs)]
    do_import(world, registry_csv(rows))  # 100 → 10
    page, total = supervision.mandatory_set(
        app=world.app, principal=None, province="32", offset=4, limit=4
    )
    assert total == 10 and [m.rank for m in page] == [5, 6, 7, 8]
    assert [m.enterprise.uscc for m in page] == [usccs[95], usccs[94], usccs[93], usccs[92]]
