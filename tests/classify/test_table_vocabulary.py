"""Table and column names as enterprise schemas spell them: plurals, abbreviations, the users
bound to a system's objects, and the columns of inspection records."""

from __future__ import annotations

import pytest

from indsec.classify.taxonomy_pack import TaxonomyPack
from tests.classify.table_cases import Column, classify_table

IT = "it.system_management"
_IDS: list[Column] = [("id", "", {}), ("create_time", "创建时间", {})]

NAMES = [
    # a plural the pack does not list is read as its singular
    ("t_inventories", "om.logistics"),
    ("t_boxes_stocks", "om.logistics"),
    # abbreviations the pack lists, read as the words they stand for
    ("po_line", "management.supply_chain"),
    ("wh_area", "om.logistics"),
    ("cust_contact", "management.customer_product"),
    ("emp_info", "management.hr_finance"),
    # words of warehouse, purchase, production, HR and instrument tables named in English
    ("wms_inbound", "om.logistics"),
    ("t_rack", "om.logistics"),
    ("t_requisition", "management.supply_chain"),
    ("t_production_report", "production.operating_conditions"),
    ("t_attendance", "management.hr_finance"),
    ("t_calibration", "management.assets"),
    ("t_workcenter", "management.assets"),
    ("t_ncr", "production.operating_conditions"),
    ("t_quotation", "management.customer_product"),
    # the users bound to a system's jobs are its accounts (personal information is for labels)
    ("t_controljob_user_binding", IT),
    # plain nouns of small plants' tables: a process, its problems, the system's operators
    # (操作员: accounts and their roles), a table of persons
    ("process", "production.process_parameters"),
    ("problem", "production.operating_conditions"),
    ("operator", IT),
    ("wms_person", "personal_information"),
    # hours worked and material used on equipment outweigh the equipment (closed compounds)
    ("mes_eqpworktime", "production.operating_conditions"),
    ("mes_eqpmaterialuse", "production.operating_conditions"),
    # scraps English leaves of a closed compound are read as the pack's words: eqppqc is
    # eqp + pqc (equipment process quality control), not eq, pp, qc
    ("mes_eqppqcrecord", "production.operating_conditions"),
    ("mes_eqppqccheckitem", "production.process_parameters"),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_names_as_schemas_spell_them(taxonomy: TaxonomyPack, name: str, expected: str) -> None:
    assert classify_table(taxonomy, name, "", _IDS)[0] == expected


def test_a_user_word_does_not_outweigh_what_users_are_bound_to(taxonomy: TaxonomyPack) -> None:
    assert classify_table(taxonomy, "pro_user_workstation", "", _IDS)[0] == "management.assets"


def test_units_of_measure_stay_product_data(taxonomy: TaxonomyPack) -> None:
    """计量 (measuring) is in 计量器具 (instruments) and in 计量单位 (units of measure)."""
    assert classify_table(taxonomy, "t_0001", "计量单位", _IDS)[0] == (
        "management.customer_product"
    )


def test_an_ambiguous_abbreviation_is_not_read(taxonomy: TaxonomyPack) -> None:
    """``wo`` is a production work order as often as a repair one: not in the pack."""
    assert "wo" not in taxonomy.abbreviations
    assert classify_table(taxonomy, "wo_line", "", _IDS)[0] == "unclassified"


def test_inspection_record_columns_make_an_unnamed_table_inspection_data(
    taxonomy: TaxonomyPack,
) -> None:
    columns: list[Column] = [
        ("F_Id", "主键", {}),
        ("F_IsCheck", "检验标识", {}),
        ("F_Num", "检验数量", {}),
        ("F_FinishTime", "检验完成时间", {}),
        ("F_MaterialCode", "料号", {}),
    ]
    assert classify_table(taxonomy, "mes_needcheck", "", columns, hint="")[0] == (
        "production.operating_conditions"
    )


def test_inspection_criteria_make_an_unnamed_table_a_quality_standard(
    taxonomy: TaxonomyPack,
) -> None:
    """检验基准 is what an inspection is held to; a sort-order column says nothing (it is
    bookkeeping, like a key), so it does not dilute the table's other columns."""
    columns: list[Column] = [
        ("F_Id", "", {}),
        ("F_EqpId", "设备ID", {}),
        ("F_Sequence", "顺序", {}),
        ("F_CheckItem", "点检项目", {}),
        ("F_CheckStand", "检验基准", {}),
    ]
    assert classify_table(taxonomy, "mes_eqppqccheckitem", "", columns, hint="")[0] == (
        "production.process_parameters"
    )


def test_equipment_check_items_stay_asset_data(taxonomy: TaxonomyPack) -> None:
    assert classify_table(taxonomy, "dv_check_subject", "点检项目表", _IDS)[0] == (
        "management.assets"
    )


def test_a_weak_plain_noun_gives_way_to_what_is_done(taxonomy: TaxonomyPack) -> None:
    """``process`` and ``problem`` are weak: an inspection or repair word decides (an MES's
    production prior may still tip a repair problem to production: a source's hint counts)."""
    assert classify_table(taxonomy, "process_inspection", "", _IDS)[0] == (
        "production.operating_conditions"
    )
    assert classify_table(taxonomy, "problem_repair", "", _IDS, hint="")[0] == "om.after_sales"


def test_an_operator_column_is_no_system_account(taxonomy: TaxonomyPack) -> None:
    """In a record's columns an operator is who did the work: not read as the system's."""
    columns: list[Column] = [*_IDS, ("operator_name", "操作员", {}), ("qty", "数量", {})]
    assert classify_table(taxonomy, "t_0001", "", columns)[0] == "unclassified"


RECORDS: list[tuple[str, list[Column], str]] = [
    # tianlang-smt: finished goods received, packed, put out of store and shipped
    (
        "product",
        [
            ("order_id", "订单号", {}),
            ("product_pack_date", "包装日期", {}),
            ("product_packer", "包装者", {}),
            ("product_pack_volume", "包装数量", {}),
            ("product_deliver", "出库日期", {}),
            ("product_shipper", "发货人", {}),
        ],
        "om.logistics",
    ),
    # semi-finished goods put into store, where they are kept, when drawn
    (
        "semi",
        [
            ("order_id", "", {}),
            ("semi_income", "入库时间", {}),
            ("semi_place", "存放位置", {}),
            ("semi_receive", "领取时间", {}),
        ],
        "om.logistics",
    ),
    # material drawn again for the line (补领)
    (
        "addition",
        [
            ("order_id", "订单号", {}),
            ("addition_date", "补领日期", {}),
            ("addition_volume", "补领数量", {}),
            ("addition_reason", "补领原因", {}),
            ("addition_applicant", "申请者", {}),
        ],
        "production.operating_conditions",
    ),
]


@pytest.mark.parametrize(("name", "columns", "expected"), RECORDS, ids=[r[0] for r in RECORDS])
def test_records_are_what_their_columns_do(
    taxonomy: TaxonomyPack, name: str, columns: list[Column], expected: str
) -> None:
    assert classify_table(taxonomy, name, "", columns)[0] == expected


def test_scraps_that_are_no_pack_words_stay_scraps(taxonomy: TaxonomyPack) -> None:
    """Only a run of scraps made wholly of pack words is read as them (template holds emp,
    property holds oper: whole English words are never re-split)."""
    assert classify_table(taxonomy, "t_template", "", _IDS, hint="")[0] == "unclassified"
    assert classify_table(taxonomy, "t_properties", "", _IDS, hint="")[0] == "unclassified"
