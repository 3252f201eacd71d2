"""Empty tables: with no values and no telling columns, the table's name and comment carry it.

Chinese systems name tables in English compounds split by case or underscores (``mes_work_order``,
``SaleOrder``) and in the English their developers use for Chinese terms (``craft`` for 工艺).
"""

from __future__ import annotations

import pytest

from indsec.classify.taxonomy_pack import TaxonomyPack
from tests.classify.table_cases import Column, classify_table

_IDS: list[Column] = [("id", "", {}), ("create_time", "创建时间", {})]
ASSETS = "management.assets"
IT = "it.system_management"
OP = "production.operating_conditions"
SUPPLY = "management.supply_chain"

NAMES = [
    ("a split compound", "mes_work_order", "", OP),
    ("a camel-case compound", "WorkOrder", "", OP),
    ("a split after-sales compound", "crm_after_sales", "", "om.after_sales"),
    ("a work order in Chinese", "t_0060", "工单表", OP),
    ("craft is 工艺", "mes_craft_route", "", "production.process_parameters"),
    ("process steps", "t_0061", "工步定义", "production.process_parameters"),
    ("a request for quotation", "t_0062", "供应商询价单", SUPPLY),
    ("an RFQ", "pur_rfq", "", SUPPLY),
    ("equipment maintenance", "eam_maintenance_plan", "", ASSETS),
    ("equipment faults", "t_0063", "设备故障记录", ASSETS),
    ("patrol inspection of equipment", "t_0064", "巡检计划", ASSETS),
    ("payments", "fin_payment", "", "management.hr_finance"),
    ("receivables", "t_0065", "应收款", "management.hr_finance"),
    ("a team", "md_team", "", "management.hr_finance"),
    ("Spring Batch's job repository", "BATCH_JOB_EXECUTION", "", IT),
    ("Spring Batch's step executions", "BATCH_STEP_EXECUTION", "", IT),
    # account activity, goods, sales and shops named in English; production words' English
    ("an access record", "wms_access_record", "", IT),
    ("an operation record", "wms_operation_record", "", IT),
    ("an access log", "AccessLog", "", IT),
    ("goods", "wms_goods", "", "management.customer_product"),
    ("a sale record", "wms_record_sale", "", "management.customer_product"),
    ("shops", "wms_shop", "", "management.customer_product"),
    ("a shop in Chinese", "t_0069", "门店信息", "management.customer_product"),
    ("consumption", "mes_consumeinfo", "", OP),
    ("a work plan", "mes_workplan", "", OP),
    ("a material return", "mes_returnmaterial", "", OP),
    ("turnover boxes", "mes_transferbox", "", "om.logistics"),
]


@pytest.mark.parametrize(
    ("name", "comment", "expected"), [n[1:] for n in NAMES], ids=[n[0] for n in NAMES]
)
def test_an_empty_table_is_what_its_name_says(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert classify_table(taxonomy, name, comment, _IDS, hint="")[0] == expected


LOOK_ALIKES = [
    # a production order is production
    ("a production order", "t_0066", "生产订单", OP),
    # a repair work order is after-sales, a processing order of a subcontractor supply chain
    ("an after-sales repair order", "t_0067", "售后维修工单", "om.after_sales"),
    ("a subcontractor's processing order", "t_0068", "委外加工单", SUPPLY),
    # a parking lot and a batch of anything else are not production lots
    ("a parking lot", "parking_lot", "", "unclassified"),
    ("a batch import", "batch_import", "", "unclassified"),
    # joined tokens are only neighbours: "work" and "order" apart are no work order
    # (not work_time_order: "work time", hours worked, is a production word of its own)
    ("work and order apart", "work_type_order", "", "unclassified"),
]


@pytest.mark.parametrize(
    ("name", "comment", "expected"), [n[1:] for n in LOOK_ALIKES], ids=[n[0] for n in LOOK_ALIKES]
)
def test_look_alike_names_keep_their_meaning(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert classify_table(taxonomy, name, comment, _IDS, hint="")[0] == expected


def test_a_weak_word_does_not_add_to_a_stronger_one_of_its_category(
    taxonomy: TaxonomyPack,
) -> None:
    """产品 and 物料 both say product data; together they must not outvote 制程 and BOM."""
    bom = classify_table(taxonomy, "pro_route_product_bom", "产品制程物料BOM表", _IDS, hint="")
    assert bom[0] in {"production.process_parameters", "rd.design"}
    material = classify_table(taxonomy, "t_0071", "物料表", _IDS, hint="")
    assert material[0] == "management.customer_product"
