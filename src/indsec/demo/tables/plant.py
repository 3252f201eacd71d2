"""Plant tables: the equipment register, maintenance, PLC tags and the control network."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from indsec.demo import identifiers
from indsec.demo.tables.rows import Row, RowBuilder, record_row
from indsec.demo.timeline import HISTORY_END, HISTORY_START, random_date, random_moment, stamp
from indsec.demo.vocabulary import EquipmentKind, Line
from indsec.demo.world import DemoWorld

MAINTENANCE_COUNT = 900
_COMMISSIONING = (date(2012, 3, 1), date(2023, 10, 31))
_SCAN_PERIODS_MS = (100, 250, 500, 1000)


@dataclass(frozen=True, slots=True)
class EquipmentUnit:
    """One machine in the register."""

    number: str
    kind: str
    model: str
    serial_no: str
    vendor: str
    line_code: str
    location: str
    commissioned_on: date
    value_cny: float


def equipment_units(world: DemoWorld) -> list[EquipmentUnit]:
    """Two to five units of each machine kind on each of its lines."""
    rng = world.rng_for("eam_equipment")
    lines = {line.code: line for line in world.vocabulary.lines}
    units: list[EquipmentUnit] = []
    for kind in world.vocabulary.equipment:
        for line_code in kind.lines:
            for _ in range(rng.randint(2, 5)):
                units.append(_unit(rng, kind, lines[line_code], station=len(units) + 1))
    return units


def _unit(rng: random.Random, kind: EquipmentKind, line: Line, *, station: int) -> EquipmentUnit:
    commissioned = random_date(rng, *_COMMISSIONING)
    return EquipmentUnit(
        number=f"SB-{line.code}-{station:03d}",
        kind=kind.kind,
        model=kind.model,
        serial_no=f"{commissioned.year}{rng.randrange(10**6):06d}",
        vendor=kind.vendor,
        line_code=line.code,
        location=f"{line.workshop} {line.code}-{station:02d} 工位",
        commissioned_on=commissioned,
        value_cny=float(rng.randrange(80_000, 9_000_000, 1000)),
    )


def equipment_rows(world: DemoWorld) -> Iterator[Row]:
    """``eam_equipment``: an :class:`EquipmentUnit` a row."""
    return (record_row(u) for u in equipment_units(world))


def maintenance_rows(world: DemoWorld) -> Iterator[Row]:
    """``eam_maintenance``: repairs done by the equipment department's technicians."""
    rng = world.rng_for("eam_maintenance")
    units = equipment_units(world)
    technicians = [e.name for e in world.employees if e.department == "设备部"]
    for n in range(MAINTENANCE_COUNT):
        fault = rng.choice(world.vocabulary.faults)
        started = random_moment(rng, HISTORY_START, HISTORY_END)
        finished = started + timedelta(minutes=rng.randint(30, 720))
        yield (
            f"WX{n + 1:06d}",
            rng.choice(units).number,
            fault.fault,
            fault.action,
            rng.choice(technicians),
            stamp(started),
            stamp(finished),
            round(rng.uniform(0, 48_000), 2),
        )


def plc_tag_rows(world: DemoWorld) -> Iterator[Row]:
    """``ot_plc_tag``: S7 and Modbus addresses with the OPC UA node that publishes each tag."""
    rng = world.rng_for("ot_plc_tag")
    for tag in world.vocabulary.plc_tags:
        yield (
            tag.name,
            tag.plc,
            tag.address,
            tag.data_type,
            opcua_node_id(tag.name),
            tag.unit,
            tag.description,
            rng.choice(_SCAN_PERIODS_MS),
        )


def network_asset_rows(world: DemoWorld) -> Iterator[Row]:
    """``ot_network_asset``: the control network, zone by zone."""
    rng = world.rng_for("ot_network_asset")
    for a in world.vocabulary.network_assets:
        yield (
            a.hostname,
            a.ipv4,
            identifiers.mac_address(rng, a.oui),
            a.vlan,
            a.model,
            a.firmware,
            a.zone,
            a.role,
            a.uplink,
        )


def opcua_node_id(tag_name: str) -> str:
    """The OPC UA node id under which the gateway publishes a tag (namespace 2, string id)."""
    return f"ns=2;s={tag_name}"


BUILDERS: dict[str, RowBuilder] = {
    "eam_equipment": equipment_rows,
    "eam_maintenance": maintenance_rows,
    "ot_plc_tag": plc_tag_rows,
    "ot_network_asset": network_asset_rows,
}
