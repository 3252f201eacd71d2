"""PLC program exports: IEC 61131-3 structured text, the same block as PLCopen XML, a tag table.

The function block embeds the carburising recipe's set-points as defaults: control logic is
where process know-how ends up, which is why PLC projects are technical data worth protecting.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from indsec.demo.files.share import place
from indsec.demo.files.spreadsheets import write_csv
from indsec.demo.vocabulary import Recipe
from indsec.demo.world import DemoWorld

_PLCOPEN_NS = "http://www.plcopen.org/xml/tc6_0201"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_EXPORTED_AT = "2023-11-21T09:00:00"
_FURNACE_RECIPE = "HT-CARB-02"
_FURNACE_PLC = "PLC-L1-FURN"
_SECTIONS = {"VAR_INPUT": "inputVars", "VAR_OUTPUT": "outputVars", "VAR": "localVars"}
_ZONE_STEPS = ("预热", "强渗", "扩散", "降温")

_BLOCK_BODY = """IF NOT bEnable THEN
    rHeaterOutput := 0.0;
    rIntegral := 0.0;
    RETURN;
END_IF;
rError := rSetTemp - rActualTemp;
rIntegral := LIMIT(-100.0, rIntegral + 0.08 * rError * 0.1, 100.0);
rHeaterOutput := LIMIT(0.0, 4.2 * rError + rIntegral, 100.0);
rEnrichValve := LIMIT(0.0, (rCarbonSet - rCarbonActual) * 400.0, 100.0);
bOverTemp := rActualTemp > rSetTemp + 2.0 * rTolerance;
bInTolerance := ABS(rError) <= rTolerance;"""


@dataclass(frozen=True, slots=True)
class Variable:
    """One declared variable of the function block."""

    section: str
    name: str
    type: str
    initial: str
    comment: str


def write_structured_text(share: Path, world: DemoWorld) -> None:
    """自动化/PLC/FB_CarburizingZone.st: the zone controller and the program that calls it."""
    recipe = _furnace_recipe(world)
    variables = _block_variables(recipe)
    lines = [
        f"(* {world.profile.name} 1号渗碳线 炉区温控与碳势控制 *)",
        f"(* 默认设定值来自配方 {recipe.id} {recipe.version} *)",
        "FUNCTION_BLOCK FB_CarburizingZone",
        *_declarations(variables),
        _BLOCK_BODY,
        "END_FUNCTION_BLOCK",
        "",
        *_program(recipe),
    ]
    path = place(share, "自动化/PLC/FB_CarburizingZone.st")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_plcopen_xml(share: Path, world: DemoWorld) -> None:
    """自动化/PLC/Line1_Furnace.xml: the function block as a PLCopen TC6 XML project."""
    # Namespaces as plain xmlns attributes: ElementTree's prefix registry is process-global.
    project = ET.Element("project", {"xmlns": _PLCOPEN_NS, "xmlns:xhtml": _XHTML_NS})
    _add_headers(project, world.profile.name)
    types = ET.SubElement(project, "types")
    ET.SubElement(types, "dataTypes")
    pou_identity = {"name": "FB_CarburizingZone", "pouType": "functionBlock"}
    pou = ET.SubElement(ET.SubElement(types, "pous"), "pou", pou_identity)
    interface = ET.SubElement(pou, "interface")
    variables = _block_variables(_furnace_recipe(world))
    for section, tag in _SECTIONS.items():
        _add_variables(ET.SubElement(interface, tag), variables, section)
    body = ET.SubElement(ET.SubElement(pou, "body"), "ST")
    ET.SubElement(body, "xhtml:p").text = _BLOCK_BODY
    ET.SubElement(ET.SubElement(project, "instances"), "configurations")
    ET.indent(project)
    path = place(share, "自动化/PLC/Line1_Furnace.xml")
    path.write_bytes(ET.tostring(project, encoding="utf-8", xml_declaration=True) + b"\n")


def write_tag_table(share: Path, world: DemoWorld) -> None:
    """自动化/PLC/PLC-L1-FURN_变量表.csv: the tag table as the engineering tool exports it."""
    tags = [t for t in world.vocabulary.plc_tags if t.plc == _FURNACE_PLC]
    rows = (
        [
            t.name,
            "Default tag table",
            t.data_type,
            f"%{t.address.lstrip('%')}",
            f"{t.description} {t.unit}".strip(),
        ]
        for t in tags
    )
    header = ["Name", "Path", "Data Type", "Logical Address", "Comment"]
    write_csv(
        place(share, f"自动化/PLC/{_FURNACE_PLC}_变量表.csv"), header, rows, encoding="utf-8-sig"
    )


def _furnace_recipe(world: DemoWorld) -> Recipe:
    return next(r for r in world.vocabulary.recipes if r.id == _FURNACE_RECIPE)


def _set_points(recipe: Recipe, operation: str) -> dict[str, float]:
    step = next(s for s in recipe.steps if s.operation == operation)
    return {p.name: p.set_point for p in step.parameters}


def _block_variables(recipe: Recipe) -> list[Variable]:
    boost = _set_points(recipe, "强渗")
    return [
        Variable("VAR_INPUT", "bEnable", "BOOL", "FALSE", "使能"),
        Variable("VAR_INPUT", "rActualTemp", "REAL", "0.0", "实际炉温 ℃"),
        Variable("VAR_INPUT", "rSetTemp", "REAL", f"{boost['炉温']:.1f}", "设定炉温 ℃"),
        Variable("VAR_INPUT", "rTolerance", "REAL", "5.0", "温度公差 ℃"),
        Variable("VAR_INPUT", "rCarbonActual", "REAL", "0.0", "实际碳势 %C"),
        Variable("VAR_INPUT", "rCarbonSet", "REAL", f"{boost['碳势']:.2f}", "设定碳势 %C"),
        Variable("VAR_OUTPUT", "rHeaterOutput", "REAL", "0.0", "加热输出 %"),
        Variable("VAR_OUTPUT", "rEnrichValve", "REAL", "0.0", "富化气阀开度 %"),
        Variable("VAR_OUTPUT", "bOverTemp", "BOOL", "FALSE", "超温"),
        Variable("VAR_OUTPUT", "bInTolerance", "BOOL", "FALSE", "温度在公差内"),
        Variable("VAR", "rError", "REAL", "0.0", "温度偏差"),
        Variable("VAR", "rIntegral", "REAL", "0.0", "积分项"),
    ]


def _declarations(variables: list[Variable]) -> list[str]:
    lines = []
    for section in _SECTIONS:
        lines.append(section)
        lines += [
            f"    {v.name} : {v.type} := {v.initial};  (* {v.comment} *)"
            for v in variables
            if v.section == section
        ]
        lines.append("END_VAR")
    return lines


def _program(recipe: Recipe) -> list[str]:
    lines = ["PROGRAM PRG_Line1Furnace", "VAR"]
    lines += [f"    fbZone{n} : FB_CarburizingZone;" for n in range(1, len(_ZONE_STEPS) + 1)]
    lines.append("END_VAR")
    for n, operation in enumerate(_ZONE_STEPS, start=1):
        temperature = _set_points(recipe, operation)["炉温"]
        lines.append(
            f'fbZone{n}(bEnable := "DB_Furnace".Running, '
            f'rActualTemp := "DB_Furnace".Zone{n}Temp, rSetTemp := {temperature:.1f});'
        )
    lines.append("END_PROGRAM")
    return lines


def _add_headers(project: ET.Element, company: str) -> None:
    file_header = {"companyName": company, "productName": "Line1 Furnace", "productVersion": "3.2"}
    ET.SubElement(project, "fileHeader", file_header | {"creationDateTime": _EXPORTED_AT})
    content_header = {"name": "Line1_Furnace", "modificationDateTime": _EXPORTED_AT}
    content = ET.SubElement(project, "contentHeader", content_header)
    coordinates = ET.SubElement(content, "coordinateInfo")
    for language in ("fbd", "ld", "sfc"):
        ET.SubElement(ET.SubElement(coordinates, language), "scaling", {"x": "1", "y": "1"})


def _add_variables(parent: ET.Element, variables: list[Variable], section: str) -> None:
    for v in variables:
        if v.section != section:
            continue
        variable = ET.SubElement(parent, "variable", {"name": v.name})
        ET.SubElement(ET.SubElement(variable, "type"), v.type)
        ET.SubElement(ET.SubElement(variable, "initialValue"), "simpleValue", {"value": v.initial})
        documentation = ET.SubElement(variable, "documentation")
        ET.SubElement(documentation, "xhtml:p").text = v.comment
