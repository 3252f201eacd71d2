"""A table's meaning from the plain English words of MES and WMS table names.

Round 3 of the real-schema work (catalog2): a storage location (库位) is named ``location``
(EasyMES's ``mes_locationmaterialbanding``), and a customer order just ``order`` (``mes_order``,
``mes_orderdetail``). Each case failed on the pack before ("unclassified"); the guards keep the
new words weaker than the ones they must not outvote.
"""

from __future__ import annotations

from indsec.classify.taxonomy_pack import TaxonomyPack
from tests.classify.table_cases import Column, classify_table
from tests.classify.test_anonymous_tables import WATERCLOUD_BOOKKEEPING

LOGISTICS = "om.logistics"


def _columns(named: list[tuple[str, str]]) -> list[Column]:
    return [(n, c, {}) for n, c in named] + [(f, "", {}) for f in WATERCLOUD_BOOKKEEPING]


def test_a_location_table_is_warehouse_data(taxonomy: TaxonomyPack) -> None:
    """A bin-to-material table named for its locations, with only id and material columns."""
    named = [("F_LocationId", "库位id"), ("F_MaterialId", "物料id")]
    named += [("F_MaterialCode", "物料编号"), ("F_MaterialName", "物料名称")]
    columns = _columns(named)
    category = classify_table(taxonomy, "mes_locationmaterialbanding", "", columns, hint="MES")
    assert category[0] == LOGISTICS


def test_a_located_device_stays_equipment(taxonomy: TaxonomyPack) -> None:
    """Where a device is (an IoT platform's device locations) is equipment data: the device word
    and the location word tie, and the pack's tie order puts assets first (a guard)."""
    columns = _columns([("device_id", "设备ID"), ("longitude", "经度"), ("latitude", "纬度")])
    category = classify_table(taxonomy, "iot_device_location", "", columns, hint="")
    assert category[0] == "management.assets"


CUSTOMER = "management.customer_product"
ORDER = [("F_OrderCode", "订单编号"), ("F_Customer", "客户"), ("F_PlanStartTime", "计划开始时间")]


def test_an_order_on_its_own_is_a_customers(taxonomy: TaxonomyPack) -> None:
    """``mes_order`` and its lines say only "order" (was unclassified): a plain order is the
    customer's side of the business."""
    assert classify_table(taxonomy, "mes_order", "", _columns(ORDER))[0] == CUSTOMER
    lines = _columns(
        [("F_OrderId", "订单Id"), ("F_MaterialId", "料号Id"), ("F_NeedNum", "需求数量")]
    )
    assert classify_table(taxonomy, "mes_orderdetail", "", lines)[0] == CUSTOMER


def test_an_order_of_a_named_kind_stays_that_kind(taxonomy: TaxonomyPack) -> None:
    """Purchase, work and transfer orders: the word naming the kind outweighs "order" (a guard
    on the weak rule's subordinate weight)."""
    columns = _columns([("code", "单号")])
    assert classify_table(taxonomy, "pur_purchase_order", "", columns)[0] == (
        "management.supply_chain"
    )
    assert classify_table(taxonomy, "pro_work_order", "", columns)[0] == (
        "production.operating_conditions"
    )
    assert classify_table(taxonomy, "wms_delivery_order", "", columns)[0] == "om.logistics"
