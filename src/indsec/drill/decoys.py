"""Decoy files shaped like the catalogue's important and core files, with synthetic content.

A drill should hit what an attacker would: files named and sized like the enterprise's graded
files. Only the shape is taken from the catalogue (base name, extension, size); the content is
generated text, so no real data is ever copied into the sandbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from indsec.model import ClassifiedAsset, Grade

MIN_DECOY_BYTES = 4096
"""Below this, even random bytes measure under the 7.5 bits/byte the entropy rule reads."""

GENERIC = (
    ("工艺配方", ".json"),
    ("production_plan", ".csv"),
    ("plc_program", ".xml"),
    ("设备台账", ".csv"),
    ("quality_report", ".doc"),
    ("drawing", ".dwg"),
    ("mes_export", ".sql"),
    ("客户名单", ".txt"),
)
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class DecoyShape:
    """A decoy's name and size; ``like`` is the key of the catalogue asset it imitates, if any
    (``like_name`` its name, ``grade`` its grade)."""

    name: str
    size: int
    like: str | None = None
    like_name: str | None = None
    grade: str | None = None


def decoy_shapes(assets: list[ClassifiedAsset], *, count: int, max_bytes: int) -> list[DecoyShape]:
    """``count`` shapes: the graded file assets' first (core before important), then generic."""
    graded = [a for a in assets if a.grade in (Grade.CORE, Grade.IMPORTANT) and a.file_format]
    graded.sort(key=lambda a: (a.grade != Grade.CORE, a.key))
    shapes = [_like(n, asset, max_bytes) for n, asset in enumerate(graded[:count])]
    for n in range(len(shapes), count):
        stem, suffix = GENERIC[n % len(GENERIC)]
        shapes.append(DecoyShape(f"{n:03d}_{stem}{suffix}", _clamp(16_384 + 977 * n, max_bytes)))
    return shapes


def _like(n: int, asset: ClassifiedAsset, max_bytes: int) -> DecoyShape:
    base = PurePath(_UNSAFE.sub("_", PurePath(asset.name.replace("\\", "/")).name))
    stem = base.stem.strip(". ")[:48] or "file"  # 48 CJK characters stay under NAME_MAX
    size = _clamp(asset.size_bytes or 65_536, max_bytes)
    name = f"{n:03d}_{stem}{base.suffix[:12]}"
    return DecoyShape(name, size, asset.key, asset.name[:256], asset.grade.value)


def _clamp(size: int, max_bytes: int) -> int:
    return max(MIN_DECOY_BYTES, min(size, max_bytes))


def synthetic_content(shape: DecoyShape) -> bytes:
    """Plain, low-entropy text of exactly ``shape.size`` bytes, saying what it is."""
    line = f"indsec drill decoy {shape.name}: synthetic content, no real data.\n".encode()
    whole = line * (shape.size // len(line) + 1)
    return whole[: shape.size]
