"""A table's meaning from what its name says in the words of warehouse systems.

Round 3 of the real-schema work (catalog2): a storage location (库位) is named ``location`` in the
tables of MES and WMS systems (EasyMES's ``mes_location``, ``mes_locationmaterialbanding``); the
case failed on the pack before ("unclassified").
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
