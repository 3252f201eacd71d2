"""IEC 61131-3 Structured Text: PLC logic, exported from engineering tools as plain text.

Recognised by its block keywords: a declaration section (``VAR`` ... ``END_VAR``) plus a closing
``END_*`` of a program, function block or control statement is unmistakable.
"""

from __future__ import annotations

import re

from indsec.discover.formats.base import Confidence, register_format
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.text import TextualFormat

_DECLARATION = re.compile(
    r"^\s*VAR(_INPUT|_OUTPUT|_IN_OUT|_GLOBAL|_TEMP|_EXTERNAL)?\b", re.MULTILINE
)
_BLOCK_END = re.compile(
    r"\bEND_(VAR|PROGRAM|FUNCTION_BLOCK|FUNCTION|IF|CASE|FOR|WHILE|REPEAT|TYPE|STRUCT)\b"
)
_POU = re.compile(r"^\s*(PROGRAM|FUNCTION_BLOCK|FUNCTION|TYPE)\s+\w+", re.MULTILINE)


@register_format
class StructuredText(TextualFormat):
    """IEC 61131-3 ST source (also Siemens SCL and CODESYS exports)."""

    name = "iec61131_st"
    extensions = frozenset({".st", ".scl", ".iecst", ".exp", ".awl"})
    priority = 31

    def detect(self, probe: Probe) -> Confidence:
        """Certain with a declaration or program unit and a block end, else by extension."""
        text = probe.text
        if text is None:
            return Confidence.NONE
        opens = _DECLARATION.search(text) or _POU.search(text)
        if opens and _BLOCK_END.search(text):
            return Confidence.CERTAIN
        return Confidence.PLAUSIBLE if probe.suffix in self.extensions else Confidence.NONE
