"""The sensor time-series table, by far the largest of the demo."""

from __future__ import annotations

from collections.abc import Iterator

from indsec.demo.signals import sensor_readings
from indsec.demo.tables.rows import Row, RowBuilder
from indsec.demo.world import DemoWorld


def sensor_rows(world: DemoWorld) -> Iterator[Row]:
    """``mes_sensor_ts``: ``world.sensor_rows`` readings of every analogue tag."""
    tags = world.vocabulary.analogue_tags()
    yield from sensor_readings(world, tags, world.sensor_rows, purpose="mes_sensor_ts")


BUILDERS: dict[str, RowBuilder] = {"mes_sensor_ts": sensor_rows}
