"""The plan's top-10 % set is ranked by one SQL rule and stored at registry import; the
dashboards count the stored set. A re-import that changes revenues must move the stored set at
once (in the import's transaction), or a regulator's coverage would disagree with the rule."""

from __future__ import annotations

from sqlalchemy import select

from indsec.supervision.dashboard_scope import Jurisdiction, mandatory_set
from indsec.supervision.mandatory import ranked
from tests.identity.world import World, make_uscc
from tests.supervision.conftest import do_import
from tests.supervision.files import registry_csv
from tests.supervision.records import Enterprise, add_records


def _province_with_ties() -> list[Enterprise]:
    """23 above-scale manufacturers in Suzhou (a set of ceil(2.3) = 3) whose 3rd and 4th
    revenues tie, plus one below scale and one wholesaler that never count."""
    revenues = [900, 800, 700, 700, *range(600, 420, -10)][:23]
    found = [
        Enterprise(f"9132{i:014d}", f"企业{i}", "320500", "C3511", r * 1_000_000, True)
        for i, r in enumerate(revenues)
    ]
    found.append(Enterprise("91320000000000099X", "小厂", "320500", "C3511", 10**12, False))
    found.append(Enterprise("91320000000000098X", "批发", "320500", "F5111", 10**12, True))
    return found


def _stored(world: World, code: str) -> set[str]:
    with world.app.store().session() as session:
        return set(session.scalars(select(mandatory_set(Jurisdiction(code)).c.uscc)))


def test_the_stored_set_is_the_rules_set_ties_included(world: World) -> None:
    add_records(world.app, _province_with_ties(), [])
    with world.app.store().session() as session:
        live = set(session.scalars(select(ranked(provinces=["32"]).c.uscc)))
    tied = {"913200000000000002", "913200000000000003"}
    assert _stored(world, "320000") == live
    assert tied <= live and len(live) == 4, "3 by the 10 %, and the 4th tied with the 3rd"


def test_a_reimport_moves_the_stored_set_at_once(world: World) -> None:
    usccs = [make_uscc(f"91320500MA{n:06d}") for n in range(10)]
    rows = [(u, f"厂{n}", "C3511", "320500", f"{n + 1}000000", "是") for n, u in enumerate(usccs)]
    do_import(world, registry_csv(rows))
    assert _stored(world, "320000") == {usccs[9]}, "the richest of 10 is the set"
    rows[0] = (usccs[0], "厂0", "C3511", "320500", "99000000", "是")
    do_import(world, registry_csv(rows))
    assert _stored(world, "320000") == {usccs[0]}, "the re-import made another the richest"
    rows[0] = (usccs[0], "厂0", "C3511", "330100", "99000000", "是")  # moved to Zhejiang
    do_import(world, registry_csv(rows))
    assert _stored(world, "320000") == {usccs[9]} and _stored(world, "330000") == {usccs[0]}
