"""The gatehouse visitor log: identity numbers, phones and plates of people who are not staff."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from indsec.demo import identifiers
from indsec.demo.tables.rows import Row, RowBuilder
from indsec.demo.timeline import HISTORY_END, HISTORY_START, random_date, random_moment, stamp
from indsec.demo.world import DemoWorld

VISIT_COUNT = 900
_BIRTH_RANGE = (date(1965, 1, 1), date(2003, 12, 31))


def visitor_rows(world: DemoWorld) -> Iterator[Row]:
    """``aq_visitor``: mostly supplier and customer staff, some arriving by car."""
    rng = world.rng_for("aq_visitor")
    faker = world.faker_for("aq_visitor")
    companies = [c.name for c in (*world.suppliers, *world.customers)]
    hosts = [e.name for e in world.employees]
    for n in range(VISIT_COUNT):
        arrived = random_moment(rng, HISTORY_START, HISTORY_END)
        left = arrived + timedelta(minutes=rng.randint(20, 480))
        yield (
            f"FK{n + 1:06d}",
            faker.name(),
            _visitor_id(world, rng),
            faker.phone_number(),
            rng.choice(companies),
            _plate(world, rng),
            rng.choice(hosts),
            rng.choice(world.vocabulary.visit_purposes),
            stamp(arrived),
            stamp(left),
        )


def _visitor_id(world: DemoWorld, rng: random.Random) -> str:
    area = rng.choice(world.vocabulary.birth_areas)
    birth = random_date(rng, *_BIRTH_RANGE)
    return identifiers.resident_id(rng, area.code, birth, male=rng.random() < 0.8)


def _plate(world: DemoWorld, rng: random.Random) -> str | None:
    if rng.random() < 0.4:
        return None
    return identifiers.license_plate(rng, rng.choice(world.vocabulary.cities).plate)


BUILDERS: dict[str, RowBuilder] = {"aq_visitor": visitor_rows}
