"""Spreadsheets and CSV exports, the way offices really keep personal and business data."""

from __future__ import annotations

import csv
import io
import itertools
import random
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from indsec.demo.files.archive import reproducible_zip
from indsec.demo.files.share import place
from indsec.demo.orders import sales_contracts
from indsec.demo.tables.production import inspection_rows
from indsec.demo.timeline import HISTORY_END, random_date
from indsec.demo.world import DemoWorld

_PAYMENT_QUARTER = (date(2024, 1, 2), HISTORY_END)


def workbook_bytes(workbook: Workbook, *, author: str, created: datetime) -> bytes:
    """The XLSX bytes of ``workbook`` with fixed document properties and ZIP timestamps.

    ``Workbook.save`` stamps "modified" with the current time, so the writer is driven directly.
    """
    workbook.properties.creator = author
    workbook.properties.lastModifiedBy = author
    workbook.properties.created = created
    workbook.properties.modified = created
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return reproducible_zip(buffer.getvalue())


def write_staff_roster(share: Path, world: DemoWorld) -> None:
    """人事/员工花名册_2024.xlsx: the full roster with IDs and salary cards, plus a summary."""
    workbook = Workbook()
    roster = workbook.active
    roster.title = "花名册"
    header = ["工号", "姓名", "性别", "身份证号", "手机号", "银行卡号", "开户行"]
    header += ["部门", "岗位", "入职日期", "家庭住址"]
    rows = (
        [
            *(e.staff_no, e.name, e.gender, e.resident_id, e.mobile, e.bank_card, e.bank_name),
            *(e.department, e.post, e.hired_on, e.address),
        ]
        for e in world.employees
    )
    _append_table(roster, header, rows)
    summary = workbook.create_sheet("部门薪资汇总")
    _append_table(summary, ["部门", "人数", "月薪合计（元）"], _salary_by_department(world))
    author = _author(world, "人力资源部")
    content = workbook_bytes(workbook, author=author, created=datetime(2024, 1, 8, 10, 12))
    place(share, "人事/员工花名册_2024.xlsx").write_bytes(content)


def write_contract_ledger(share: Path, world: DemoWorld) -> None:
    """销售/合同台账_2024.xlsx: contracts signed since the fourth quarter of 2023."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "合同台账"
    recent = [c for c in sales_contracts(world) if c.signed_on >= date(2023, 10, 1)]
    header = ["合同编号", "客户名称", "统一社会信用代码", "产品编码", "数量", "含税单价"]
    header += ["合同金额", "签订日期", "交货日期", "状态"]
    rows = (
        [
            *(c.number, c.customer.name, c.customer.uscc, c.product.code, c.quantity),
            *(c.unit_price, c.amount, c.signed_on, c.delivery_on, c.status),
        ]
        for c in recent
    )
    _append_table(sheet, header, rows)
    author = _author(world, "销售部")
    content = workbook_bytes(workbook, author=author, created=datetime(2023, 10, 9, 14, 3))
    place(share, "销售/合同台账_2024.xlsx").write_bytes(content)


def write_phone_book(share: Path, world: DemoWorld) -> None:
    """人事/通讯录.csv: UTF-8 with BOM, as Excel saves it."""
    rng = world.rng_for("files/通讯录")
    prefix = world.vocabulary.enterprise.landline_prefix
    rows = (
        [e.name, e.department, e.post, e.mobile, e.email, f"{prefix}{rng.randrange(10000):04d}"]
        for e in world.employees
    )
    header = ["姓名", "部门", "岗位", "手机", "邮箱", "座机"]
    write_csv(place(share, "人事/通讯录.csv"), header, rows, encoding="utf-8-sig")


def write_supplier_payments(share: Path, world: DemoWorld) -> None:
    """财务/供应商付款明细_2024Q1.csv: GB18030, as the old finance system exports it."""
    rng = world.rng_for("files/供应商付款明细")
    rows = sorted(
        (_payment(world, rng, number) for number in range(1, 241)),
        key=lambda row: (row[7], row[0]),
    )
    header = ["付款单号", "供应商编码", "供应商名称", "统一社会信用代码", "开户行", "银行账号"]
    header += ["付款金额", "付款日期", "摘要"]
    path = place(share, "财务/供应商付款明细_2024Q1.csv")
    write_csv(path, header, rows, encoding="gb18030")


def write_inspection_export(share: Path, world: DemoWorld) -> None:
    """生产/质量检验记录_导出.csv: plain UTF-8 with the MES's English column names."""
    header = ["inspection_no", "work_order", "product", "inspector", "inspected_at"]
    header += ["characteristic", "measured", "lsl", "usl", "unit", "result", "defect"]
    rows = itertools.islice(inspection_rows(world), 600)
    write_csv(place(share, "生产/质量检验记录_导出.csv"), header, rows, encoding="utf-8")


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, encoding: str
) -> None:
    """Write a CSV with Excel's line endings in ``encoding``."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))


def _payment(world: DemoWorld, rng: random.Random, number: int) -> list[str]:
    supplier = rng.choice(world.suppliers)
    return [
        f"FK2024{number:05d}",
        supplier.code,
        supplier.name,
        supplier.uscc,
        supplier.bank_name,
        supplier.bank_account,
        f"{rng.uniform(8_000, 1_600_000):.2f}",
        random_date(rng, *_PAYMENT_QUARTER).isoformat(),
        f"{supplier.business_line}货款",
    ]


def _append_table(sheet: Worksheet, header: list[str], rows: Iterable[list[object]]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"


def _salary_by_department(world: DemoWorld) -> list[list[object]]:
    summary = []
    for department in world.vocabulary.departments:
        staff = [e for e in world.employees if e.department == department.name]
        summary.append([department.name, len(staff), sum(e.monthly_salary for e in staff)])
    return summary


def _author(world: DemoWorld, department: str) -> str:
    return next(e.name for e in world.employees if e.department == department)
