"""Business tables: customers, suppliers, sales contracts and logistics waybills."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from indsec.demo import identifiers
from indsec.demo.orders import VAT_RATE, sales_contracts
from indsec.demo.tables.rows import Row, RowBuilder
from indsec.demo.timeline import HISTORY_END
from indsec.demo.world import DemoWorld

SHIPMENT_COUNT = 1600
_SALES = "销售部"


def customer_rows(world: DemoWorld) -> Iterator[Row]:
    """``crm_customer``: each customer is looked after by one sales employee."""
    rng = world.rng_for("crm_customer")
    sales = [e.staff_no for e in world.employees if e.department == _SALES]
    for c in world.customers:
        credit = rng.randrange(500_000, 30_000_000, 100_000)
        yield (
            c.code,
            c.name,
            c.uscc,
            c.contact,
            c.mobile,
            c.landline,
            c.email,
            c.address,
            c.city.postcode,
            float(credit),
            rng.choice(sales),
        )


def supplier_rows(world: DemoWorld) -> Iterator[Row]:
    """``srm_gys``: pinyin-abbreviated columns, as in many domestic SRM systems."""
    for s in world.suppliers:
        yield (
            s.code,
            s.name,
            s.uscc,
            s.business_line,
            s.contact,
            s.landline,
            s.mobile,
            s.address,
            s.bank_name,
            s.bank_account,
        )


def contract_rows(world: DemoWorld) -> Iterator[Row]:
    """``sd_contract``."""
    for c in sales_contracts(world):
        yield (
            c.number,
            c.customer.code,
            c.product.code,
            c.signed_on.isoformat(),
            c.quantity,
            c.unit_price,
            c.amount,
            VAT_RATE,
            c.delivery_on.isoformat(),
            c.status,
        )


def shipment_rows(world: DemoWorld) -> Iterator[Row]:
    """``tms_shipment``: waybills with the carrier's plate, driver and the customer's address."""
    rng = world.rng_for("tms_shipment")
    faker = world.faker_for("tms_shipment")
    shipped = [c for c in sales_contracts(world) if c.status != "已终止"]
    for n in range(SHIPMENT_COUNT):
        contract = rng.choice(shipped)
        city = contract.customer.city
        day = min(contract.delivery_on - timedelta(days=rng.randint(1, 5)), HISTORY_END)
        yield (
            f"YD{n + 1:08d}",
            contract.number,
            identifiers.license_plate(rng, rng.choice(world.vocabulary.cities).plate),
            faker.name(),
            faker.phone_number(),
            contract.customer.address,
            city.postcode,
            day.isoformat(),
            round(rng.uniform(300, 18000), 1),
        )


BUILDERS: dict[str, RowBuilder] = {
    "crm_customer": customer_rows,
    "srm_gys": supplier_rows,
    "sd_contract": contract_rows,
    "tms_shipment": shipment_rows,
}
