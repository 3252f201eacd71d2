"""Office documents: a process specification (DOCX), a supplier contract (PDF), a notice (TXT)."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn

from indsec.demo.companies import Company
from indsec.demo.files.archive import reproducible_zip
from indsec.demo.files.pdf import pdf_document
from indsec.demo.files.share import place
from indsec.demo.vocabulary import Recipe
from indsec.demo.world import DemoWorld

_SPEC_RECIPE = "HT-CARB-02"
_SPEC_CREATED = datetime(2023, 11, 20, 16, 45)
_CONTRACT_NO = "CG-2024-0036"
_CONTRACT_SIGNED = datetime(2024, 2, 5, 10, 0)
_RAW_MATERIAL_LINES = ("特钢", "锻造")


def write_process_specification(share: Path, world: DemoWorld) -> None:
    """研发/工艺规程/GY-RG-017_输出轴渗碳淬火工艺规程.docx: set-points of a carburising recipe."""
    recipe = next(r for r in world.vocabulary.recipes if r.id == _SPEC_RECIPE)
    author = _first_in(world, "技术研发部")
    document = _specification(world, recipe, author)
    _set_properties(document, title=f"{recipe.name}工艺规程", author=author)
    buffer = io.BytesIO()
    document.save(buffer)
    path = place(share, "研发/工艺规程/GY-RG-017_输出轴渗碳淬火工艺规程.docx")
    path.write_bytes(reproducible_zip(buffer.getvalue()))


def write_supplier_contract(share: Path, world: DemoWorld) -> None:
    """采购/合同/CG-2024-0036_采购合同.pdf: a steel purchase contract with both parties' details."""
    supplier = next(s for s in world.suppliers if s.business_line in _RAW_MATERIAL_LINES)
    buyer = _first_in(world, "采购部")
    pages = [_contract_terms(world, supplier, buyer), _contract_summary(supplier)]
    content = pdf_document(
        pages, title=f"采购合同 {_CONTRACT_NO}", author=buyer, created=_CONTRACT_SIGNED
    )
    place(share, f"采购/合同/{_CONTRACT_NO}_采购合同.pdf").write_bytes(content)


def write_holiday_notice(share: Path, world: DemoWorld) -> None:
    """行政/关于2024年春节放假安排的通知.txt: an ordinary notice with nothing sensitive in it."""
    text = "\n".join(
        [
            "关于2024年春节放假安排的通知",
            "",
            "各部门：",
            "根据国务院办公厅通知精神，结合公司生产计划，现将2024年春节放假安排通知如下：",
            "一、2月10日至2月17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。",
            "二、热处理车间连续生产线按值班表安排人员值守，节前做好设备点检。",
            "三、节日期间注意防火、防盗，离开办公室前关闭电源。",
            "",
            f"{world.profile.name} 行政部",
            "2024年1月26日",
        ]
    )
    place(share, "行政/关于2024年春节放假安排的通知.txt").write_text(text + "\n", encoding="utf-8")


def _specification(world: DemoWorld, recipe: Recipe, author: str) -> Document:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_heading(f"{recipe.name}工艺规程", level=0)
    document.add_paragraph(
        f"文件编号：GY-RG-017    版本：{recipe.version}    密级：商业秘密    受控状态：受控"
    )
    document.add_heading("1 适用范围", level=1)
    document.add_paragraph(
        f"本规程适用于{world.profile.name} 1号连续式渗碳淬火线上产品 {recipe.product} 的"
        "渗碳、淬火和回火，材料 20CrMnTi。"
    )
    document.add_heading("2 工艺参数", level=1)
    _add_set_point_table(document, recipe)
    document.add_heading("3 质量要求", level=1)
    for spec in world.vocabulary.inspection_characteristics[:3]:
        document.add_paragraph(
            f"{spec.name}：{spec.lower}～{spec.upper} {spec.unit}", "List Bullet"
        )
    document.add_paragraph(f"编制：{author}    审核：{world.profile.data_security_officer}")
    return document


def _add_set_point_table(document: Document, recipe: Recipe) -> None:
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ["工步", "工序", "参数", "设定值", "单位", "公差"], strict=True
    ):
        cell.text = title
    for number, step in enumerate(recipe.steps, start=1):
        for p in step.parameters:
            values = [str(number), step.operation, p.name, f"{p.set_point:g}", p.unit]
            values.append(f"±{p.tolerance:g}")
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value


def _set_properties(document: Document, *, title: str, author: str) -> None:
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.revision = 3
    properties.created = _SPEC_CREATED
    properties.modified = _SPEC_CREATED


def _contract_terms(world: DemoWorld, supplier: Company, buyer: str) -> list[str]:
    plant = world.vocabulary.sites[0]
    steel = next(m for m in world.vocabulary.materials if m.category == "原材料")
    quantity, price = 120_000, 6.85
    return [
        "采购合同",
        f"合同编号：{_CONTRACT_NO}",
        f"甲方（需方）：{world.profile.name}",
        f"统一社会信用代码：{world.profile.uscc}",
        f"地址：{plant.address}",
        f"乙方（供方）：{supplier.name}",
        f"统一社会信用代码：{supplier.uscc}",
        f"地址：{supplier.address}",
        f"联系人：{supplier.contact}    电话：{supplier.mobile}",
        f"开户行：{supplier.bank_name}    账号：{supplier.bank_account}",
        "一、标的物",
        f"{steel.code} {steel.name} {steel.spec} 数量 {quantity} {steel.unit} 单价 {price} 元",
        f"二、合同总金额（含税）：人民币 {quantity * price:,.2f} 元",
        f"三、交货地点：{plant.address}",
        "四、付款方式：货到验收合格后 60 天内电汇支付。",
        "五、保密条款：乙方对甲方提供的图纸、技术要求负有保密义务。",
        f"甲方代表：{buyer}    乙方代表：{supplier.contact}",
        f"签订日期：{_CONTRACT_SIGNED:%Y年%m月%d日}",
    ]


def _contract_summary(supplier: Company) -> list[str]:
    return [
        f"Purchase contract {_CONTRACT_NO} - English summary",
        f"Supplier USCC: {supplier.uscc}",
        f"Supplier bank account: {supplier.bank_account}",
        "Goods: gear steel bar 20CrMnTi, 120000 kg, delivered to the Wujin plant.",
        "Payment: wire transfer within 60 days after acceptance.",
    ]


def _first_in(world: DemoWorld, department: str) -> str:
    return next(e.name for e in world.employees if e.department == department)
