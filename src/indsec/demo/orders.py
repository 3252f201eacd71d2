"""Sales contracts and the work orders that fulfil them.

Several tables and files refer to the same contracts (shipments, work orders, the contract
ledger spreadsheet), so they are generated here once per call from their own seeded stream and
every consumer sees the same list.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from indsec.demo.companies import Company
from indsec.demo.timeline import AS_OF, HISTORY_END, HISTORY_START, random_date, random_moment
from indsec.demo.vocabulary import Product
from indsec.demo.world import DemoWorld

CONTRACT_COUNT = 1400
WORK_ORDER_COUNT = 3200
VAT_RATE = 0.13


@dataclass(frozen=True, slots=True)
class Contract:
    """A sales contract for one product line item."""

    number: str
    customer: Company
    product: Product
    signed_on: date
    quantity: int
    unit_price: float
    delivery_on: date
    status: str

    @property
    def amount(self) -> float:
        """Contract value in CNY, tax included."""
        return round(self.quantity * self.unit_price, 2)


@dataclass(frozen=True, slots=True)
class WorkOrder:
    """A production order on one line, possibly driven by a contract."""

    number: str
    contract: Contract | None
    product: Product
    line_code: str
    recipe_id: str | None
    plan_qty: int
    done_qty: int
    start: datetime
    end: datetime
    status: str


def sales_contracts(world: DemoWorld) -> list[Contract]:
    """Every sales contract, signed over the operational history."""
    rng = world.rng_for("sd_contract")
    return [_contract(world, rng, n) for n in range(CONTRACT_COUNT)]


def work_orders(world: DemoWorld) -> list[WorkOrder]:
    """Every work order; most come from a contract, the rest are stock orders."""
    contracts = sales_contracts(world)
    rng = world.rng_for("pp_work_order")
    return [_work_order(world, rng, n, contracts) for n in range(WORK_ORDER_COUNT)]


def _contract(world: DemoWorld, rng: random.Random, index: int) -> Contract:
    product = rng.choice(world.vocabulary.products)
    signed = random_date(rng, HISTORY_START, HISTORY_END)
    delivery = signed + timedelta(days=rng.randint(20, 90))
    status = "已完成" if delivery < AS_OF.date() else "执行中"
    if rng.random() < 0.03:
        status = "已终止"
    return Contract(
        number=f"HDXS{index + 1:06d}",
        customer=rng.choice(world.customers),
        product=product,
        signed_on=signed,
        quantity=rng.randrange(200, 20000, 50),
        unit_price=round(product.unit_price * rng.uniform(0.92, 1.08), 2),
        delivery_on=delivery,
        status=status,
    )


def _work_order(
    world: DemoWorld, rng: random.Random, index: int, contracts: list[Contract]
) -> WorkOrder:
    contract = rng.choice(contracts) if rng.random() < 0.85 else None
    product = contract.product if contract else rng.choice(world.vocabulary.products)
    line_code = rng.choice(product.lines)
    recipes = [r.id for r in world.vocabulary.recipes if r.product == product.code]
    start = random_moment(rng, HISTORY_START, HISTORY_END)
    end = start + timedelta(hours=rng.randint(8, 72))
    planned = rng.randrange(100, 3000, 10)
    status, done = _progress(rng, start, end, planned)
    return WorkOrder(
        number=f"GD{index + 1:07d}",
        contract=contract,
        product=product,
        line_code=line_code,
        recipe_id=rng.choice(recipes) if recipes else None,
        plan_qty=planned,
        done_qty=done,
        start=start,
        end=end,
        status=status,
    )


def _progress(rng: random.Random, start: datetime, end: datetime, planned: int) -> tuple[str, int]:
    if end <= AS_OF:
        return "已完工", planned - rng.randint(0, planned // 50)
    if start <= AS_OF:
        return "生产中", rng.randint(0, planned)
    return "已下达", 0
