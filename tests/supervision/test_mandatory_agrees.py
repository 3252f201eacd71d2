"""The dashboards count the plan's top-10 % set in SQL; the registry lists it in Python. Both
must be the same set, ties at the boundary included, or a regulator's coverage figure would
disagree with the list it links to."""

from __future__ import annotations

from sqlalchemy import select

from indsec.supervision.dashboard_scope import Jurisdiction, mandatory_set
from indsec.supervision.mandatory import mandatory
from tests.identity.world import World
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


def test_the_dashboards_set_is_the_registrys_set_ties_included(world: World) -> None:
    add_records(world.app, _province_with_ties(), [])
    listed = {e.uscc for _, e in mandatory(world.app, "32", industry=None, per_division=False)}
    with world.app.store().session() as session:
        counted = set(session.scalars(select(mandatory_set(Jurisdiction("320000")).c.uscc)))
    tied = {"913200000000000002", "913200000000000003"}
    assert listed == counted
    assert tied <= listed and len(listed) == 4, "3 by the 10 %, and the 4th tied with the 3rd"
