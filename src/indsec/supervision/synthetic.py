"""A synthetic province registry, for the demo and the scale benchmark: deterministic per seed.

The figures are shaped like a real province's: most enterprises in manufacturing divisions
(13–43), some in mining and utilities, a few outside industry; revenues log-normal with a
median near 6.8 million yuan, so about a quarter reach the 20 million yuan (2000 万元) line of
"above designated size" (规模以上工业, NBS) that the above-scale flag follows. Regions are the
province's cities in the regions pack. ``bad`` rows are broken on purpose, one fault each, in
turn: a wrong USCC check character, an unknown region, a negative revenue, an unknown industry.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from decimal import Decimal

from indsec.classify.recognize.validators import gb32100_check_character, is_cn_uscc
from indsec.identity import service as identity
from indsec.supervision.industries import builtin_industries

HEADER = ("统一社会信用代码", "企业名称", "行业代码", "行政区划代码", "营业收入（元）", "是否规上")
ABOVE_SCALE_YUAN = 20_000_000
MEDIAN_YUAN = 6_800_000
SIGMA = 1.6
SECTION_WEIGHTS = {"C": 85, "B": 5, "D": 5, "F": 3, "I": 2}
HEAVY_DIVISIONS = {"26": 4, "33": 3, "34": 4, "35": 3, "38": 4, "39": 4, "17": 3, "29": 2, "30": 2}
"""Divisions weighted above the others of their section: chemicals, machinery, electrical and
electronic equipment, textiles — the shape of an eastern manufacturing province."""
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
BRANDS = "华瑞恒通宏达鑫源金辰永泰盛昌天元海川博远新锐中联嘉禾东方长江精工明德"
TRADES = ("科技", "实业", "制造", "机械", "材料", "电子", "能源", "化工", "精密", "装备")
BAD_KINDS = ("uscc", "region", "revenue", "industry")

Row = tuple[str, str, str, str, str, str]


def _uscc(rng: random.Random, region: str) -> str:
    """A valid USCC (registrar 9, enterprise 1): the GB 11714 check searched, GB 32100 computed."""
    body = "91" + region + "MA" + "".join(rng.choice(USCC_CHARS[:10]) for _ in range(6))
    for check in "0123456789X":
        code = body + check + gb32100_check_character(body + check)
        if is_cn_uscc(code):
            return code
    raise AssertionError(f"no GB 11714 check character for {body}")  # 11 cover every case


def _divisions(rng: random.Random) -> Iterator[str]:
    sections = {s.letter: s for s in builtin_industries().sections}
    letters = list(SECTION_WEIGHTS)
    while True:
        section = sections[rng.choices(letters, weights=list(SECTION_WEIGHTS.values()))[0]]
        codes = [d.code for d in section.divisions]
        weights = [HEAVY_DIVISIONS.get(code, 1) for code in codes]
        yield section.letter + rng.choices(codes, weights=weights)[0]


def _name(rng: random.Random, city: str) -> str:
    brand = "".join(rng.sample(BRANDS, 2))
    return f"{city.removesuffix('市')}{brand}{rng.choice(TRADES)}有限公司"


def _good_rows(rng: random.Random, province: str, count: int) -> Iterator[Row]:
    regions = identity.regions_within(code=f"{province}0000")
    cities = [r for r in regions if r.code.endswith("00") and not r.code.endswith("0000")]
    places = cities or regions[:1]
    divisions, seen = _divisions(rng), set[str]()
    while len(seen) < count:
        place = rng.choice(places)
        uscc = _uscc(rng, place.code)
        if uscc in seen:
            continue
        seen.add(uscc)
        yuan = Decimal(round(rng.lognormvariate(math.log(MEDIAN_YUAN), SIGMA), 2)).quantize(
            Decimal("0.01")
        )
        industry = next(divisions) + f"{rng.randint(1, 9)}{rng.randint(0, 9)}"
        above = "是" if yuan >= ABOVE_SCALE_YUAN and industry[0] in "BCD" else "否"
        yield uscc, _name(rng, place.names.zh), industry, place.code, str(yuan), above


def _broken(row: Row, kind: str) -> Row:
    uscc, name, industry, region, revenue, above = row
    if kind == "uscc":
        last = USCC_CHARS[(USCC_CHARS.index(uscc[-1]) + 1) % len(USCC_CHARS)]
        return uscc[:-1] + last, name, industry, region, revenue, above
    if kind == "region":
        return uscc, name, industry, region[:2] + "9999", revenue, above
    if kind == "revenue":
        return uscc, name, industry, region, "-" + revenue, above
    return uscc, name, "C99" + industry[3:], region, revenue, above


def synthetic_registry(*, province: str, count: int, seed: int, bad: int = 0) -> list[Row]:
    """``count`` valid enterprises of ``province`` (two digits) plus ``bad`` broken rows spread
    through them; the same arguments always give the same rows."""
    rng = random.Random(seed)
    rows = list(_good_rows(rng, province, count + bad))
    positions = sorted(rng.sample(range(len(rows)), bad))
    for turn, position in enumerate(positions):
        rows[position] = _broken(rows[position], BAD_KINDS[turn % len(BAD_KINDS)])
    return rows
