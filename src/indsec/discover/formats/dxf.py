"""AutoCAD DXF drawings: text entities, title-block attributes, layer and block names.

Drawings are core technical data; what identifies and grades one is its text (part numbers,
title block, materials, tolerances) and its structure (layers such as ``工艺`` or ``保密``), not
its geometry, which is left unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe

_BINARY_SENTINEL = b"AutoCAD Binary DXF"
_TEXT_START = re.compile(r"\A\s*(999\s*\n[^\n]*\n\s*)*0\s*\n\s*SECTION\s*$", re.MULTILINE)
_TEXT_ENTITIES = "TEXT MTEXT ATTDEF"
_ERRORS = "surrogateescape"  # ezdxf's own default: keep undecodable bytes rather than fail


def _entity_text(entity: Any) -> str:
    if entity.dxftype() == "MTEXT":
        return str(entity.plain_text())
    return str(entity.dxf.text)


def _layout_texts(document: Any) -> Iterator[str]:
    for layout in document.layouts:
        yield from (_entity_text(entity) for entity in layout.query(_TEXT_ENTITIES))
        for insert in layout.query("INSERT"):
            yield from (str(attrib.dxf.text) for attrib in insert.attribs)


def _block_texts(document: Any) -> Iterator[str]:
    for block in document.blocks:
        if not block.is_any_layout:
            yield from (_entity_text(entity) for entity in block.query(_TEXT_ENTITIES))


def _load(probe: Probe) -> Any:
    """What ezdxf's ``readfile`` does, on the opened file instead of its name."""
    from ezdxf.document import Drawing  # deferred: heavy, only needed for drawings
    from ezdxf.filemanagement import dxf_stream_info, read
    from ezdxf.lldxf.tagger import binary_tags_loader

    if probe.head.startswith(_BINARY_SENTINEL):
        with probe.open() as handle:
            return Drawing.load(binary_tags_loader(handle.read(), errors=_ERRORS))
    with probe.open_text("utf-8", errors="ignore") as handle:
        encoding = dxf_stream_info(handle).encoding  # the header names the real encoding
    with probe.open_text(encoding, errors=_ERRORS) as handle:
        return read(handle)


def _named_blocks(document: Any) -> list[str]:
    return [b.name for b in document.blocks if not b.is_any_layout and not b.name.startswith("*")]


@register_format
class Dxf(FileFormat):
    """ASCII and binary DXF, read with ezdxf."""

    name = "dxf"
    extensions = frozenset({".dxf"})
    priority = 20

    def detect(self, probe: Probe) -> Confidence:
        """Certain for the binary sentinel or a text file opening with ``0 / SECTION``."""
        if probe.head.startswith(_BINARY_SENTINEL):
            return Confidence.CERTAIN
        lines = "\n".join(probe.lines[:8])
        return Confidence.CERTAIN if _TEXT_START.match(lines) else Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Text of all layouts and blocks; layer and block names in ``metadata``."""
        document = _load(probe)
        texts = [
            text for text in (*_layout_texts(document), *_block_texts(document)) if text.strip()
        ]
        metadata = {
            "dxf_version": str(document.dxfversion),
            "layers": ",".join(sorted(layer.dxf.name for layer in document.layers)),
            "blocks": ",".join(sorted(_named_blocks(document))),
        }
        return [FileContent(text="\n".join(texts)[: context.text_limit], metadata=metadata)]
