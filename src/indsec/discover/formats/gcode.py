"""CNC part programs (G-code, ISO 6983): machining know-how in plain text.

Recognised by content because controllers use many extensions (``.nc``, ``.tap``, ``.mpf``, none
at all): most lines are G/M words or axis coordinates once comments are removed.
"""

from __future__ import annotations

import re

from indsec.discover.formats.base import Confidence, register_format
from indsec.discover.formats.probe import Probe, share_of_lines
from indsec.discover.formats.text import TextualFormat

_COMMENT = re.compile(r"\([^)]*\)|;.*$")
_WORD_LINE = re.compile(r"^(N\d+\s*)?([GMT]\d+|[XYZIJKF][-+]?[\d.])", re.IGNORECASE)
_PROGRAM_MARK = re.compile(r"^(%|O\d+)", re.IGNORECASE)
_MIN_LINES = 3
_MIN_SHARE = 0.6


def _is_program_line(line: str) -> bool:
    code = _COMMENT.sub("", line).strip()
    return not code or bool(_WORD_LINE.match(code) or _PROGRAM_MARK.match(code))


@register_format
class GCode(TextualFormat):
    """G-code programs."""

    name = "gcode"
    extensions = frozenset({".nc", ".gcode", ".ngc", ".tap", ".cnc", ".mpf", ".gc", ".iso"})
    priority = 30

    def detect(self, probe: Probe) -> Confidence:
        """Certain when most lines are program words, plausible by extension."""
        if probe.text is None:
            return Confidence.NONE
        code = [line for line in probe.lines if _COMMENT.sub("", line).strip()]
        if len(code) >= _MIN_LINES and share_of_lines(code, _is_program_line) >= _MIN_SHARE:
            return Confidence.CERTAIN
        return Confidence.PLAUSIBLE if probe.suffix in self.extensions else Confidence.NONE
