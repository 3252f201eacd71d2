"""Registry import: bad rows reported one by one and good rows kept, re-import by USCC,
jurisdiction, unreadable files, encodings and units, and the audit entry."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from indsec.errors import PermissionDeniedError, RegistryFileError
from indsec.identity import service as identity
from indsec.model.identity import Role
from indsec.model.registry import RegistryFilter, RowError
from indsec.store.tables import RegistryEnterpriseRow
from indsec.supervision import service as supervision
from tests.identity.world import World, make_uscc
from tests.supervision.conftest import do_import, regulator, yuan
from tests.supervision.files import HEADER, registry_csv, registry_xlsx

U1 = make_uscc("91320500MA1AAAAA")
U2 = make_uscc("91320100MA1BBBBB")
U3 = make_uscc("91330100MA1CCCCC")
WRONG_CHECK = U1[:-1] + ("0" if U1[-1] != "0" else "1")
GOOD = [
    (U1, "苏州甲厂", "C3511", "320500", "52000000", "是"),
    (U2, "南京乙厂", "3911", "320100", "1,200,000.5", "否"),
]


def _stored(world: World) -> dict[str, RegistryEnterpriseRow]:
    with world.app.store().session() as session:
        rows = session.scalars(select(RegistryEnterpriseRow))
        return {r.uscc: r for r in rows}


def test_bad_rows_are_reported_one_by_one_and_good_rows_kept(world: World) -> None:
    bad = [
        (WRONG_CHECK, "校验位错", "C35", "320500", "1", "是"),
        (U3, "", "C9912", "999999", "-5", "maybe"),
        (U3, "数不对", "C35", "330100", "lots", "否"),
        (U1, "重复", "C35", "320500", "1", "是"),
    ]
    result = do_import(world, registry_csv([*GOOD, *bad]))
    assert (result.added, result.updated, result.unchanged, result.refused) == (2, 0, 0, 4)
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "uscc", "not a valid unified social credit code (GB 32100 check character)"),
        (5, "name", "the enterprise needs a name"),
        (5, "industry", "division 99 is not in GB/T 4754-2017"),
        (5, "region", "not a GB/T 2260 region code of the regions pack"),
        (5, "revenue", "must be a non-negative amount"),
        (5, "above_scale", "must be 是/否, Y/N, true/false or 1/0"),
        (6, "revenue", "not a number"),
        (7, "uscc", "listed already in row 2"),
    ]
    stored = _stored(world)
    assert set(stored) == {U1, U2}
    assert stored[U2].industry_code == "C3911" and stored[U2].province_code == "32"
    assert stored[U2].annual_revenue == yuan("1200000.50") and not stored[U2].above_scale


def test_a_long_value_is_shown_shortened(world: World) -> None:
    result = do_import(world, registry_csv([(U1, "厂", "C35", "32" * 40, "1", "是")]))
    assert result.errors[0].value.endswith("…") and len(result.errors[0].value) == 40


def test_re_import_updates_by_uscc_and_never_duplicates(world: World) -> None:
    first = do_import(world, registry_csv(GOOD))
    again = do_import(world, registry_csv(GOOD))
    assert (first.added, again.added, again.unchanged, again.updated) == (2, 0, 2, 0)
    amended = [(U1, "苏州甲厂（更名）", "C3512", "320500", "60000000", "是"), GOOD[1]]
    changed = do_import(world, registry_csv(amended), name="amended.csv")
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 1)
    stored = _stored(world)
    assert len(stored) == 2 and stored[U1].name == "苏州甲厂（更名）"
    assert stored[U1].annual_revenue == yuan("60000000") and stored[U1].source == "amended.csv"
    with world.app.store().session() as session:
        assert session.scalar(select(func.count()).select_from(RegistryEnterpriseRow)) == 2


def test_a_regulator_imports_only_its_jurisdiction(world: World) -> None:
    nanjing = regulator(Role.CITY_REGULATOR, "320100")
    result = do_import(world, registry_csv(GOOD), principal=nanjing)
    assert (result.added, result.refused) == (1, 1)
    assert result.errors == [RowError(2, "region", "320500", "outside your jurisdiction")]
    moved = [(U2, "南京乙厂", "C3911", "320500", "1", "否")]
    suzhou = regulator(Role.CITY_REGULATOR, "320500")
    refused = do_import(world, registry_csv(moved), principal=suzhou)
    assert refused.errors[0].reason == "registered in a region outside your jurisdiction"
    assert _stored(world)[U2].region_code == "320100"


def test_a_read_only_regulator_imports_nothing(world: World) -> None:
    reader = regulator(Role.PROVINCIAL_REGULATOR, "320000", write=False)
    with pytest.raises(PermissionDeniedError):
        do_import(world, registry_csv(GOOD), principal=reader)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("r.xlsx", b"PK\x03\x04 not really a workbook", "not a readable XLSX workbook"),
        ("r.csv", "名称,地址\n甲,乙\n".encode(), "the header row lacks columns"),
        ("r.csv", b"", "the file is empty"),
        ("r.csv", b"\xff\xfe\x00\xd8\x00\xdc" * 3, "neither UTF-8 nor GB18030"),
        ("r.txt", b"x", "a registry is a .csv or .xlsx file"),
    ],
)
def test_an_unreadable_file_is_one_error_and_damages_nothing(
    world: World, name: str, data: bytes, message: str
) -> None:
    do_import(world, registry_csv(GOOD))
    before = {u: (r.name, r.annual_revenue) for u, r in _stored(world).items()}
    with pytest.raises(RegistryFileError, match=message):
        do_import(world, data, name=name)
    assert {u: (r.name, r.annual_revenue) for u, r in _stored(world).items()} == before


def test_gb18030_csv_english_headers_and_ten_thousands(world: World) -> None:
    header = [
        "USCC",
        "Enterprise name",
        "Industry code",
        "Region code",
        "营业收入（万元）",
        "Above scale",
    ]
    data = registry_csv(
        [(U1, "苏州甲厂", "C35", "320500", "2000.5", "Y")], header=header, encoding="gb18030"
    )
    result = do_import(world, data)
    assert result.added == 1, result.errors
    stored = _stored(world)[U1]
    assert stored.name == "苏州甲厂" and stored.annual_revenue == yuan("20005000")


def test_xlsx_with_numeric_cells(world: World) -> None:
    rows = [
        (U1, "苏州甲厂", "C3511", 320500, 52000000.0, "true"),
        (U2, "南京乙厂", 3911, 320100, 0, 0),
    ]
    result = do_import(world, registry_xlsx(rows), name="r.xlsx")
    assert (result.added, result.refused) == (2, 0), result.errors
    assert _stored(world)[U2].industry_code == "C3911"


def test_an_import_is_audited_with_its_counts(world: World) -> None:
    do_import(world, registry_csv([*GOOD, (WRONG_CHECK, "x", "C35", "320500", "1", "是")]))
    entry = identity.audit_entries(app=world.app, action="registry.import")[0]
    assert entry.target == "file:r.csv" and entry.actor == "cli:test"
    assert entry.detail == {"added": "2", "updated": "0", "unchanged": "0", "refused": "1"}


def test_the_list_is_scoped_filtered_and_paged(world: World) -> None:
    rows = [*GOOD, (U3, "杭州丙厂", "F5112", "330100", "9", "否")]
    do_import(world, registry_csv(rows))
    province = regulator(Role.PROVINCIAL_REGULATOR, "320000")

    def listed(**where: object) -> list[str]:
        found = supervision.registry_enterprises(
            app=world.app,
            principal=province,
            where=RegistryFilter(**where),  # type: ignore[arg-type]
        )
        return [e.uscc for e in found]

    assert sorted(listed()) == sorted([U1, U2])
    assert listed(city="320500") == [U1] and listed(industry="39") == [U2]
    assert listed(industry="F") == [] and listed(above_scale=True) == [U1]
    assert listed(search="南京") == [U2] and listed(search=U1[:10].lower()) == [U1]
    page = supervision.enterprise_page(
        app=world.app, principal=province, where=RegistryFilter(), page=2, size=1
    )
    assert page.total == 2 and len(page.items) == 1
    national = regulator(Role.NATIONAL_REGULATOR, None)
    assert (
        len(
            supervision.registry_enterprises(
                app=world.app, principal=national, where=RegistryFilter()
            )
        )
        == 3
    )


def test_the_header_row_is_matched_by_alias(world: World) -> None:
    assert HEADER[0] == "统一社会信用代码"
    header = [
        "社会信用代码",
        "单位名称",
        "国民经济行业代码",
        "区划代码",
        "年营业收入(元)",
        "是否规模以上",
        "备注",
    ]
    result = do_import(world, registry_csv([(*GOOD[0], "无关")], header=header))
    assert result.added == 1, result.errors


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_numbers(world: World) -> None:
    data = "江苏省规上企业名录（2026年）\n,,\n".encode() + registry_csv(
        [GOOD[0], (WRONG_CHECK, "x", "C35", "320500", "1", "是")]
    )
    result = do_import(world, data)
    assert result.added == 1 and [e.row for e in result.errors] == [5]
