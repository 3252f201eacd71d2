"""Tables that say nothing of themselves in a comment: their closed-compound names and columns.

Systems written like WaterCloud (EasyMES) give most tables no comment, name them as one closed
compound (``mes_instorageinfo``), and put ten bookkeeping columns (``F_Id``, ``F_CreatorTime``,
``F_DeleteMark`` …) in every table; what a table is shows only in a few column comments
(库区编号, 库位前缀). Each case failed before round 2 of the real-schema work ("unclassified").
"""

from __future__ import annotations

import pytest

from indsec.classify.recognize.secret_shapes import is_typed_password
from indsec.classify.taxonomy_pack import TaxonomyPack
from tests.classify.table_cases import Column, classify_table

IT = "it.system_management"
LOGISTICS = "om.logistics"
OP = "production.operating_conditions"
WATERCLOUD_BOOKKEEPING = [
    "F_Id", "F_DeleteMark", "F_EnabledMark", "F_Description", "F_CreatorTime",
    "F_CreatorUserId", "F_LastModifyTime", "F_LastModifyUserId", "F_DeleteTime", "F_DeleteUserId",
]  # fmt: skip
STORAGE_AREA = [("F_AreaCode", "库区编号"), ("F_AreaType", "库区类型"), ("F_Prefix", "库位前缀")]


def _columns(named: list[tuple[str, str]], filler: list[str]) -> list[Column]:
    return [(name, comment, {}) for name, comment in named] + [(f, "", {}) for f in filler]


def test_an_anonymous_tables_columns_speak_in_the_table_words(taxonomy: TaxonomyPack) -> None:
    """库区 and 库位 are table words of logistics: in the columns of a table with no words of
    its own, they say it is a storage-area table, whatever bookkeeping surrounds them."""
    columns = _columns(STORAGE_AREA, WATERCLOUD_BOOKKEEPING)
    assert classify_table(taxonomy, "mes_area", "", columns, hint="MES")[0] == LOGISTICS


def test_bookkeeping_columns_are_left_out_of_the_share(taxonomy: TaxonomyPack) -> None:
    """The same three columns among ten columns of unknown meaning are too few to decide: it is
    the framework's bookkeeping that is left out, not every other column."""
    unknown = [f"F_Field{n}" for n in range(10)]
    columns = _columns(STORAGE_AREA, unknown)
    assert classify_table(taxonomy, "mes_area", "", columns, hint="MES")[0] == "unclassified"


def test_a_named_table_is_not_outvoted_by_its_columns_words(taxonomy: TaxonomyPack) -> None:
    """Where the name speaks (a device log), device words in its columns add nothing: read as
    a family they would outvote the log (a guard: this one held before too)."""
    named = [("device_id", "设备ID"), ("device_name", "设备名称"), ("serial_number", "设备编号")]
    columns = _columns([*named, ("log_type", "类型")], [])
    category = classify_table(taxonomy, "iot_device_log", "设备日志", columns, hint="")[0]
    assert category == "production.system_logs"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mes_instorageinfo", LOGISTICS),  # in + storage + info
        ("mes_storagechangeinfo", LOGISTICS),
        ("oms_uploadfile", IT),  # upload + file
        ("oms_messagehis", IT),  # the system's own messages
        ("mes_equipmentstatusdate", OP),  # the running state of equipment over time
        ("machine_status", OP),
    ],
)
def test_closed_compound_table_names_are_read_as_their_words(
    taxonomy: TaxonomyPack, name: str, expected: str
) -> None:
    columns = _columns([], WATERCLOUD_BOOKKEEPING)
    assert classify_table(taxonomy, name, "", columns, hint="MES")[0] == expected


def test_a_compound_is_split_into_whole_words(taxonomy: TaxonomyPack) -> None:
    """``productionplan`` is production + plan: the ``product`` inside it is no product."""
    columns = _columns([], WATERCLOUD_BOOKKEEPING)
    category = classify_table(taxonomy, "mes_productionplan", "", columns, hint="")[0]
    assert category != "management.customer_product"


PIN_OR_METADATA = [("13579", True), ("8888", True), ("3", False), ("90", False), ("-1", False)]


@pytest.mark.parametrize(("value", "typed"), PIN_OR_METADATA)
def test_four_digits_and_more_may_be_a_pin(value: str, typed: bool) -> None:
    """An administrator password 13579 is a password; counts and day limits are metadata."""
    assert is_typed_password(value) is typed
