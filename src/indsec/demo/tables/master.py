"""Master data: sites, lines, products, materials, the BOM and warehouse stock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from indsec.demo.tables.rows import Row, RowBuilder
from indsec.demo.timeline import AS_OF, HISTORY_END, random_moment, stamp
from indsec.demo.world import DemoWorld

_BINS_PER_WAREHOUSE = 80


def site_rows(world: DemoWorld) -> Iterator[Row]:
    """``md_site``."""
    for site in world.vocabulary.sites:
        yield site.code, site.name, site.kind, site.address, site.longitude, site.latitude


def line_rows(world: DemoWorld) -> Iterator[Row]:
    """``md_line``."""
    for line in world.vocabulary.lines:
        yield line.code, line.name, line.workshop, line.site


def product_rows(world: DemoWorld) -> Iterator[Row]:
    """``md_product``."""
    for product in world.vocabulary.products:
        yield product.code, product.name, product.drawing, product.material, product.unit_price


def material_rows(world: DemoWorld) -> Iterator[Row]:
    """``md_material``."""
    for material in world.vocabulary.materials:
        yield material.code, material.name, material.spec, material.unit, material.category


def bom_rows(world: DemoWorld) -> Iterator[Row]:
    """``pp_bom``: three to six materials per product."""
    rng = world.rng_for("pp_bom")
    materials = world.vocabulary.materials
    bom_id = 0
    for product in world.vocabulary.products:
        for material in rng.sample(materials, rng.randint(3, 6)):
            bom_id += 1
            quantity = round(rng.uniform(0.2, 4.0), 3) if material.unit in ("kg", "L") else 1
            loss = round(rng.uniform(0.0, 0.05), 3)
            yield bom_id, product.code, material.code, quantity, material.unit, loss


def inventory_rows(world: DemoWorld) -> Iterator[Row]:
    """``wms_inventory``: every bin of every warehouse holds one material or product."""
    rng = world.rng_for("wms_inventory")
    items = [(m.code, m.unit) for m in world.vocabulary.materials]
    items += [(p.code, "件") for p in world.vocabulary.products]
    for number, warehouse in enumerate(world.vocabulary.warehouses, start=1):
        for slot in range(_BINS_PER_WAREHOUSE):
            code, unit = rng.choice(items)
            bin_location = f"W{number}-{slot // 20 + 1:02d}-{slot % 20 + 1:02d}"
            moment = random_moment(rng, AS_OF.date() - timedelta(days=45), HISTORY_END)
            yield warehouse, bin_location, code, rng.randint(0, 5000), unit, stamp(moment)


BUILDERS: dict[str, RowBuilder] = {
    "md_site": site_rows,
    "md_line": line_rows,
    "md_product": product_rows,
    "md_material": material_rows,
    "pp_bom": bom_rows,
    "wms_inventory": inventory_rows,
}
