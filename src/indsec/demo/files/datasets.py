"""Data exports: Parquet for analytics, JSON and JSONL from the MES and the data collectors."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from indsec.demo.files.share import place
from indsec.demo.signals import sensor_readings
from indsec.demo.tables.plant import network_asset_rows, opcua_node_id
from indsec.demo.tables.production import daily_output_rows
from indsec.demo.world import DemoWorld

_TREND_READINGS = 24_000
_COLLECTOR_READINGS = 3_000
_TOPOLOGY_KEYS = ("hostname", "ipv4", "mac", "vlan", "model", "firmware", "zone", "role", "uplink")


def write_daily_output(share: Path, world: DemoWorld) -> None:
    """生产/日产量统计_2023.parquet: a year of output per line, typed columns."""
    rows = [r for r in daily_output_rows(world) if str(r[0]).startswith("2023-")]
    columns = list(zip(*rows, strict=True))
    table = pa.table(
        {
            "stat_date": pa.array([date.fromisoformat(str(d)) for d in columns[0]], pa.date32()),
            "line_code": pa.array(columns[1], pa.string()),
            "product_code": pa.array(columns[2], pa.string()),
            "output_qty": pa.array(columns[3], pa.int32()),
            "scrap_qty": pa.array(columns[4], pa.int32()),
            "oee": pa.array(columns[5], pa.float64()),
            "shifts": pa.array(columns[6], pa.int8()),
        }
    )
    pq.write_table(table, place(share, "生产/日产量统计_2023.parquet"), compression="zstd")


def write_furnace_trend(share: Path, world: DemoWorld) -> None:
    """研发/数据分析/L1渗碳炉趋势_202402.parquet: furnace signals kept for process tuning."""
    tags = [t for t in world.vocabulary.analogue_tags() if t.name.startswith("Line1.")]
    readings = list(sensor_readings(world, tags, _TREND_READINGS, purpose="files/trend"))
    moments, names, values, qualities = zip(*readings, strict=True)
    table = pa.table(
        {
            "ts": pa.array([datetime.fromisoformat(m) for m in moments], pa.timestamp("ms")),
            "tag": pa.array(names, pa.string()).dictionary_encode(),
            "value": pa.array(values, pa.float64()),
            "quality": pa.array(qualities, pa.int16()),
        }
    )
    path = place(share, "研发/数据分析/L1渗碳炉趋势_202402.parquet")
    pq.write_table(table, path, compression="zstd")


def write_customer_directory(share: Path, world: DemoWorld) -> None:
    """销售/客户名录.json: the CRM's customer export, an array of records."""
    customers = [
        {
            "客户编码": c.code,
            "客户名称": c.name,
            "统一社会信用代码": c.uscc,
            "联系人": c.contact,
            "手机": c.mobile,
            "座机": c.landline,
            "邮箱": c.email,
            "地址": c.address,
            "邮编": c.city.postcode,
        }
        for c in world.customers
    ]
    _write_json(place(share, "销售/客户名录.json"), customers)


def write_recipe(share: Path, world: DemoWorld) -> None:
    """研发/配方/<id>.json: each recipe as the recipe manager exports it to the PLC."""
    for recipe in world.vocabulary.recipes:
        document = {
            "recipe_id": recipe.id,
            "name": recipe.name,
            "product": recipe.product,
            "version": recipe.version,
            "steps": [step.model_dump() for step in recipe.steps],
        }
        _write_json(place(share, f"研发/配方/{recipe.id}.json"), document)


def write_network_inventory(share: Path, world: DemoWorld) -> None:
    """IT/网络/OT网络资产清单.json: the control-network inventory, grouped by zone."""
    zones: dict[str, list[dict[str, object]]] = {}
    for row in network_asset_rows(world):
        asset = dict(zip(_TOPOLOGY_KEYS, row, strict=True))
        zones.setdefault(str(asset["zone"]), []).append(asset)
    _write_json(place(share, "IT/网络/OT网络资产清单.json"), {"zones": zones})


def write_collector_log(share: Path, world: DemoWorld) -> None:
    """生产/数采导出/opcua_collector_20240219.jsonl: one JSON object per OPC UA sample."""
    tags = world.vocabulary.analogue_tags()
    lines = []
    for moment, tag, value, quality in sensor_readings(
        world, tags, _COLLECTOR_READINGS, purpose="files/collector"
    ):
        sample = {"ts": moment, "node": opcua_node_id(tag), "value": value, "status": quality}
        lines.append(json.dumps(sample, ensure_ascii=False))
    path = place(share, "生产/数采导出/opcua_collector_20240219.jsonl")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_json(path: Path, document: object) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
