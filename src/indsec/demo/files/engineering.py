"""Engineering files of one part, the output shaft: its DXF drawing and its CNC program.

Both derive from the same stepped profile, as a real drawing and the program cut from it would.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ezdxf import options, units  # type: ignore[attr-defined]  # re-exported by ezdxf
from ezdxf.document import Drawing
from ezdxf.filemanagement import new as new_drawing
from ezdxf.layouts.layout import Modelspace

from indsec.demo.files.share import place
from indsec.demo.world import DemoWorld

# The shaft from left to right: (length, diameter) in mm.
_SHAFT_STEPS = ((25.0, 30.0), (45.0, 40.0), (120.0, 48.0), (20.0, 56.0), (60.0, 40.0), (30.0, 35.0))
_LAYERS = (
    ("轮廓", 7, "Continuous"),
    ("中心线", 1, "CENTER"),
    ("标注", 3, "Continuous"),
    ("图框", 7, "Continuous"),
)
_TURNING_RECIPE = "MC-TURN-11"


def write_shaft_drawing(share: Path, world: DemoWorld) -> None:
    """研发/图纸/DWG-RG-3050_减速器输出轴.dxf: outline, centre line, dimensions, title block."""
    with _fixed_dxf_metadata():
        doc = new_drawing("R2010", setup=True)
        _draw_shaft(doc, world)
        _sort_classes(doc)
        doc.saveas(place(share, "研发/图纸/DWG-RG-3050_减速器输出轴.dxf"))


def write_turning_program(share: Path, world: DemoWorld) -> None:
    """研发/数控程序/O1001_输出轴粗车.nc: FANUC-style turning with the recipe's cutting data."""
    recipe = next(r for r in world.vocabulary.recipes if r.id == _TURNING_RECIPE)
    rough = {p.name: p.set_point for p in recipe.steps[0].parameters}
    rpm, feed_mm_min = int(rough["主轴转速"]), rough["进给速度"] * 60
    blocks = [
        f"O1001 (RG-3050 减速器输出轴 粗车 {recipe.id} {recipe.version})",
        "(材料 20CrMnTi 毛坯 D60)",
        "G21 G18 G40 G80",
        "T0101 (外圆粗车刀 CNMG120408)",
        f"G97 S{rpm} M03",
        "G00 X62.0 Z2.0 M08",
        f"G98 F{feed_mm_min:.0f}",
        *_turning_passes(),
        "G00 X100.0 Z100.0 M09",
        "M05",
        "M30",
    ]
    numbered = [f"N{10 * (n + 1)} {block}" for n, block in enumerate(blocks[2:])]
    text = "\n".join(["%", *blocks[:2], *numbered, "%"]) + "\n"
    place(share, "研发/数控程序/O1001_输出轴粗车.nc").write_text(text, encoding="utf-8")


def _draw_shaft(doc: Drawing, world: DemoWorld) -> None:
    doc.units = units.MM
    doc.styles.add("汉字", font="simsun.ttc")
    for name, color, linetype in _LAYERS:
        doc.layers.add(name, color=color, linetype=linetype)
    msp = doc.modelspace()
    length = sum(step for step, _ in _SHAFT_STEPS)
    msp.add_lwpolyline(list(_outline()), close=True, dxfattribs={"layer": "轮廓"})
    msp.add_line((-10, 0), (length + 10, 0), dxfattribs={"layer": "中心线"})
    dimension = msp.add_linear_dim(
        base=(0, 45), p1=(0, 15), p2=(length, 17.5), dxfattribs={"layer": "标注"}
    )
    dimension.render()
    _add_title_block(msp, world)


def _outline() -> Iterator[tuple[float, float]]:
    """The closed outline: along the top from left to right, back along the bottom."""
    top, x = [], 0.0
    for length, diameter in _SHAFT_STEPS:
        top += [(x, diameter / 2), (x + length, diameter / 2)]
        x += length
    yield (0.0, 0.0)
    yield from top
    yield (x, 0.0)
    yield from ((px, -py) for px, py in reversed(top))


def _turning_passes() -> Iterator[str]:
    """First setup: from the tail end (Z0) up to the collar, a 1 mm fillet at each shoulder."""
    collar = max(range(len(_SHAFT_STEPS)), key=lambda i: _SHAFT_STEPS[i][1])
    tail = list(reversed(_SHAFT_STEPS[collar:]))
    yield f"G00 X{tail[0][1] - 2:.1f} Z1.0"
    yield f"G01 X{tail[0][1]:.1f} Z-1.0"
    z = 0.0
    for (length, _), (_, next_diameter) in itertools.pairwise(tail):
        z -= length
        yield f"G01 Z{z:.1f}"
        yield f"G01 X{next_diameter - 2:.1f}"
        yield f"G02 X{next_diameter:.1f} Z{z - 1:.1f} R1.0"
    yield f"G01 Z{z - tail[-1][0]:.1f}"
    yield f"G01 X{tail[-1][1] + 4:.1f}"


def _add_title_block(msp: Modelspace, world: DemoWorld) -> None:
    """A frame of one row per field, label on the left and value on the right."""
    fields = _title_block_fields(world)
    left, bottom, row, width = 160.0, -120.0, 8.0, 140.0
    top = bottom + row * len(fields)
    frame = [(left, bottom), (left + width, bottom), (left + width, top), (left, top)]
    msp.add_lwpolyline(frame, close=True, dxfattribs={"layer": "图框"})
    text_attributes = {"layer": "图框", "style": "汉字"}
    for index, (label, value) in enumerate(fields):
        y = bottom + row * index
        msp.add_line((left, y), (left + width, y), dxfattribs={"layer": "图框"})
        for x, text in ((left + 2, label), (left + 30, value)):
            msp.add_text(text, height=3.5, dxfattribs=text_attributes).set_placement((x, y + 2))


def _title_block_fields(world: DemoWorld) -> list[tuple[str, str]]:
    designer = next(e.name for e in world.employees if e.department == "技术研发部")
    return [
        ("单位", world.profile.name),
        ("图号", "DWG-RG-3050"),
        ("零件名称", "减速器输出轴"),
        ("材料", "20CrMnTi"),
        ("比例", "1:2"),
        ("设计", designer),
        ("日期", "2023-09-12"),
        ("密级", "秘密"),
    ]


def _sort_classes(doc: Drawing) -> None:
    """Put the CLASSES section in name order.

    ezdxf registers a class per entity type in use while iterating a set of type names, so the
    section's order otherwise follows Python's per-process string hashing.
    """
    for dxftype in sorted(doc.entitydb.dxf_types_in_use()):
        doc.classes.add_class(dxftype)
    doc.classes.classes = dict(sorted(doc.classes.classes.items()))


@contextmanager
def _fixed_dxf_metadata() -> Iterator[None]:
    """ezdxf stamps save time and random GUIDs unless this (global) option is set."""
    previous = options.write_fixed_meta_data_for_testing
    options.write_fixed_meta_data_for_testing = True
    try:
        yield
    finally:
        options.write_fixed_meta_data_for_testing = previous
