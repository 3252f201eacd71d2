"""Column families: what an (often empty) table is about, from its columns' names and comments.

A column's name alone is no evidence of what the column *holds* (that needs values), but the
columns together say what the *table* is about, as its own name does. Each family counts by the
share of the table's columns that belong to it, fully from the pack's ``column_full_share``; a
column that only points to something else (``depot_id``) counts like a foreign key. Every table
here is empty (no labels) and named ``t_00NN`` with no comment, so the columns speak alone.
"""

from __future__ import annotations

import pytest

from indsec.classify.taxonomy_pack import TaxonomyPack
from tests.classify.table_cases import Column, classify_table

OP = "production.operating_conditions"
PP = "production.process_parameters"
SUPPLY = "management.supply_chain"
CUSTOMER = "management.customer_product"
HR = "management.hr_finance"


def _columns(*named: tuple[str, str]) -> list[Column]:
    """The named columns plus the usual framework columns, which say nothing of the table."""
    filler = [
        ("id", "主键"),
        ("remark", "备注"),
        ("create_by", "创建者"),
        ("create_time", "创建时间"),
    ]
    return [(name, comment, {}) for name, comment in [*named, *filler]]


FAMILIES = [
    (
        "process steps",
        _columns(("step_code", "工序编码"), ("step_name", "工序名称"), ("beat", "节拍")),
        PP,
    ),
    (
        "work orders",
        _columns(("wo_code", "工单编号"), ("qty", "报工数量"), ("start", "开工时间")),
        OP,
    ),
    (
        "inspection results",
        _columns(("inspector", "检验员"), ("ok_qty", "合格数量"), ("result", "检验结果")),
        OP,
    ),
    ("goods", _columns(("code", "产品编码"), ("spec", "规格型号"), ("bar", "条码")), CUSTOMER),
    (
        "purchase",
        _columns(("po_no", "采购订单号"), ("due", "交期"), ("arrival", "到货日期")),
        SUPPLY,
    ),
    ("employees", _columns(("emp", "员工编号"), ("title", "职务"), ("degree", "学历")), HR),
    ("the books", _columns(("inv", "发票号"), ("tax", "税额"), ("voucher_no", "凭证号")), HR),
    ("pinyin supplier", _columns(("gysbh", ""), ("gysmc", ""), ("cgdh", "")), SUPPLY),
    ("pinyin customer", _columns(("khbh", ""), ("khmc", "")), CUSTOMER),
    ("pinyin work order", _columns(("gdh", ""), ("gdbh", "")), OP),
    ("pinyin process step", _columns(("gxbh", ""), ("gxmc", "")), PP),
]


@pytest.mark.parametrize(
    ("columns", "expected"), [f[1:] for f in FAMILIES], ids=[f[0] for f in FAMILIES]
)
def test_a_column_family_says_what_an_empty_table_is(
    taxonomy: TaxonomyPack, columns: list[Column], expected: str
) -> None:
    assert classify_table(taxonomy, "t_0050", "", columns, hint="")[0] == expected


LOOK_ALIKES = [
    # a repair or after-sales work order is no production work order
    ("repair work orders", _columns(("wo", "维修工单号"), ("wo_type", "维修工单类型")), OP),
    ("outsourced processing", _columns(("no", "委外加工单号"), ("t", "加工单类型")), OP),
    # naming a product is no goods master: a BOM or an order line refers to its items
    ("product references", _columns(("product_code", "产品编码"), ("item", "物料编码")), CUSTOMER),
    # a defect catalogue is a quality standard, not inspection records
    ("defect codes", _columns(("code", "缺陷编码"), ("name", "缺陷描述"), ("lv", "缺陷等级")), OP),
    # gx* is pinyin of 工序 only as gxbh/gxmc: gxsj is 更新时间 (update time)
    ("pinyin update time", _columns(("gxsj", ""), ("gxr", "")), OP),
]


@pytest.mark.parametrize(
    ("columns", "not_expected"), [c[1:] for c in LOOK_ALIKES], ids=[c[0] for c in LOOK_ALIKES]
)
def test_look_alike_columns_are_no_family(
    taxonomy: TaxonomyPack, columns: list[Column], not_expected: str
) -> None:
    assert classify_table(taxonomy, "t_0051", "", columns, hint="")[0] != not_expected


def test_a_defect_catalogue_stays_a_quality_standard(taxonomy: TaxonomyPack) -> None:
    columns = _columns(("defect_code", "缺陷编码"), ("defect_name", "缺陷描述"))
    assert classify_table(taxonomy, "qc_defect", "常见缺陷", columns, hint="")[0] == PP


def test_one_column_of_a_family_is_not_enough_alone(taxonomy: TaxonomyPack) -> None:
    """One goods column among eight says little; two say what the table is about."""
    one = _columns(("spec", "规格"), ("a", ""), ("b", ""), ("c", ""))
    two = _columns(("spec", "规格"), ("model", "型号"), ("b", ""), ("c", ""))
    assert classify_table(taxonomy, "t_0052", "", one, hint="")[0] == "unclassified"
    assert classify_table(taxonomy, "t_0052", "", two, hint="")[0] == CUSTOMER


def test_a_column_pointing_elsewhere_counts_like_a_foreign_key(taxonomy: TaxonomyPack) -> None:
    """``supplier_id`` refers to a supplier; ``supplier_name`` is the table's own statement."""
    pointing = _columns(("supplier_id", "供应商ID"), ("vendorId", "供应商"), ("b", ""))
    stating = _columns(("supplier_name", "供应商名称"), ("supplier_code", ""), ("b", ""))
    assert classify_table(taxonomy, "t_0053", "", pointing, hint="")[0] == "unclassified"
    assert classify_table(taxonomy, "t_0053", "", stating, hint="")[0] == SUPPLY


def test_a_framework_link_table_stays_system_data(taxonomy: TaxonomyPack) -> None:
    """RuoYi's user–post link: two columns, both ids; the framework convention decides."""
    columns: list[Column] = [("user_id", "用户ID", {}), ("post_id", "岗位ID", {})]
    category = classify_table(taxonomy, "sys_user_post", "用户与岗位关联表", columns, hint="")[0]
    assert category == "it.system_management"
