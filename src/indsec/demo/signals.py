"""Sensor signals: plausible readings of the analogue PLC tags, sampled on a fixed grid.

Each tag oscillates slowly around its nominal value (a furnace breathes with its load cycle) with
Gaussian noise on top; a few samples carry OPC quality "bad" as real historians do.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from indsec.demo.timeline import SENSOR_START, stamp
from indsec.demo.vocabulary import PlcTag
from indsec.demo.world import DemoWorld

Reading = tuple[str, str, float, int]
"""``(timestamp, tag name, value, OPC quality)``."""

QUALITY_GOOD = 192
QUALITY_BAD = 0
_CYCLE_S = 5400.0
_BAD_SHARE = 0.001


def sensor_readings(
    world: DemoWorld,
    tags: Sequence[PlcTag],
    count: int,
    *,
    purpose: str,
    start: datetime = SENSOR_START,
    interval: timedelta = timedelta(seconds=10),
) -> Iterator[Reading]:
    """``count`` readings, all tags sampled at each tick before the clock advances."""
    rng = world.rng_for(purpose)
    phases = [rng.uniform(0, math.tau) for _ in tags]
    step = interval.total_seconds()
    moment = ""
    for index in range(count):
        tick, slot = divmod(index, len(tags))
        if slot == 0:
            moment = stamp(start + timedelta(seconds=tick * step))
        tag = tags[slot]
        nominal, spread = tag.nominal or 0.0, tag.spread or 0.0
        wave = math.sin(math.tau * tick * step / _CYCLE_S + phases[slot])
        value = nominal + spread * (wave + rng.gauss(0.0, 0.35))
        quality = QUALITY_BAD if rng.random() < _BAD_SHARE else QUALITY_GOOD
        yield moment, tag.name, round(value, 3), quality
