"""Production tables: recipes and their set-points, work orders, quality, output and energy."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from indsec.demo.orders import WorkOrder, work_orders
from indsec.demo.tables.rows import Row, RowBuilder
from indsec.demo.timeline import history_days, random_date, stamp
from indsec.demo.vocabulary import Characteristic
from indsec.demo.world import DemoWorld

INSPECTION_COUNT = 4000
_APPROVAL_RANGE = (date(2022, 6, 1), date(2023, 12, 31))
_PLANT = "生产基地"


def recipe_rows(world: DemoWorld) -> Iterator[Row]:
    """``pp_recipe``: each recipe approved by an R&D engineer."""
    rng = world.rng_for("pp_recipe")
    engineers = _names_in(world, "技术研发部")
    for recipe in world.vocabulary.recipes:
        approved = random_date(rng, *_APPROVAL_RANGE).isoformat()
        yield (
            recipe.id,
            recipe.name,
            recipe.product,
            recipe.version,
            rng.choice(engineers),
            approved,
            "生效",
        )


def recipe_parameter_rows(world: DemoWorld) -> Iterator[Row]:
    """``pp_recipe_param``: set-points with their lower and upper limits."""
    param_id = 0
    for recipe in world.vocabulary.recipes:
        for step_no, step in enumerate(recipe.steps, start=1):
            for p in step.parameters:
                param_id += 1
                limits = (round(p.set_point - p.tolerance, 3), round(p.set_point + p.tolerance, 3))
                yield (
                    param_id,
                    recipe.id,
                    step_no,
                    step.operation,
                    p.name,
                    p.set_point,
                    p.unit,
                    *limits,
                )


def work_order_rows(world: DemoWorld) -> Iterator[Row]:
    """``pp_work_order``."""
    for order in work_orders(world):
        yield (
            order.number,
            order.contract.number if order.contract else None,
            order.product.code,
            order.line_code,
            order.recipe_id,
            order.plan_qty,
            order.done_qty,
            stamp(order.start),
            stamp(order.end),
            order.status,
        )


def inspection_rows(world: DemoWorld) -> Iterator[Row]:
    """``qm_inspection``: measurements on finished work orders, about 3 % out of tolerance."""
    rng = world.rng_for("qm_inspection")
    finished = [o for o in work_orders(world) if o.status == "已完工"]
    inspectors = _names_in(world, "质量部")
    for n in range(INSPECTION_COUNT):
        order = rng.choice(finished)
        spec = rng.choice(world.vocabulary.inspection_characteristics)
        yield _inspection(world, rng, n, order, spec, rng.choice(inspectors))


def _inspection(
    world: DemoWorld,
    rng: random.Random,
    index: int,
    order: WorkOrder,
    spec: Characteristic,
    inspector: str,
) -> Row:
    middle, width = (spec.lower + spec.upper) / 2, spec.upper - spec.lower
    measured = round(rng.gauss(middle, width / 4.3), 4)
    passed = spec.lower <= measured <= spec.upper
    moment = order.end + timedelta(minutes=rng.randint(10, 600))
    return (
        f"JY{index + 1:07d}",
        order.number,
        order.product.code,
        inspector,
        stamp(moment),
        spec.name,
        measured,
        spec.lower,
        spec.upper,
        spec.unit,
        "合格" if passed else "不合格",
        None if passed else rng.choice(world.vocabulary.defects),
    )


def daily_output_rows(world: DemoWorld) -> Iterator[Row]:
    """``mes_daily_output``: one row per line and day; weekends run fewer shifts."""
    rng = world.rng_for("mes_daily_output")
    products = world.vocabulary.products
    for day in history_days():
        shifts = 2 if day.weekday() >= 5 else 3
        for line in world.vocabulary.lines:
            product = rng.choice([p for p in products if line.code in p.lines])
            output = int(rng.gauss(420, 40)) * shifts
            scrap = int(output * rng.uniform(0.002, 0.02))
            oee = round(rng.uniform(0.62, 0.89), 3)
            yield day.isoformat(), line.code, product.code, output, scrap, oee, shifts


def energy_rows(world: DemoWorld) -> Iterator[Row]:
    """``ems_energy``: daily consumption per production site and energy medium."""
    rng = world.rng_for("ems_energy")
    plants = [s.code for s in world.vocabulary.sites if s.kind == _PLANT]
    for day in history_days():
        for site in plants:
            for medium in world.vocabulary.energy_media:
                used = round(medium.daily / len(plants) * rng.uniform(0.85, 1.12), 1)
                cost = round(used * medium.price, 2)
                yield day.isoformat(), site, medium.name, used, medium.unit, cost


def _names_in(world: DemoWorld, department: str) -> list[str]:
    return [e.name for e in world.employees if e.department == department]


BUILDERS: dict[str, RowBuilder] = {
    "pp_recipe": recipe_rows,
    "pp_recipe_param": recipe_parameter_rows,
    "pp_work_order": work_order_rows,
    "qm_inspection": inspection_rows,
    "mes_daily_output": daily_output_rows,
    "ems_energy": energy_rows,
}
