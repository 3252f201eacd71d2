"""The synthetic province registry: deterministic per seed, every good row imports cleanly,
each broken row fails for its own reason, and the mix looks like a province's."""

from __future__ import annotations

from collections import Counter

from indsec.classify.recognize.validators import is_cn_uscc
from indsec.supervision import service as supervision
from indsec.supervision.industries import normalise_industry
from tests.identity.world import World
from tests.supervision.conftest import do_import
from tests.supervision.files import registry_csv


def test_the_same_seed_gives_the_same_registry() -> None:
    first = supervision.synthetic_registry(province="32", count=300, seed=7, bad=4)
    assert first == supervision.synthetic_registry(province="32", count=300, seed=7, bad=4)
    assert first != supervision.synthetic_registry(province="32", count=300, seed=8, bad=4)


def test_the_mix_is_a_provinces() -> None:
    rows = supervision.synthetic_registry(province="32", count=2000, seed=7)
    assert len({r[0] for r in rows}) == 2000 and all(is_cn_uscc(r[0]) for r in rows)
    above = sum(1 for r in rows if r[5] == "是") / len(rows)
    assert 0.18 < above < 0.32
    sections = Counter(normalise_industry(r[2])[0] for r in rows)
    assert sections["C"] / len(rows) > 0.75 and sections["B"] and sections["D"]
    cities = {r[3] for r in rows}
    assert len(cities) == 13 and all(c.startswith("32") and c.endswith("00") for c in cities)


def test_good_rows_import_cleanly_and_bad_rows_fail_each_for_its_reason(world: World) -> None:
    rows = supervision.synthetic_registry(province="32", count=400, seed=7, bad=8)
    result = do_import(world, registry_csv(rows))
    assert (result.added, result.refused) == (400, 8)
    assert Counter(e.column for e in result.errors) == {
        "uscc": 2,
        "region": 2,
        "revenue": 2,
        "industry": 2,
    }
