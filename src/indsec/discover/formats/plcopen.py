"""PLCopen XML (IEC 61131-10 / TC6): PLC projects exchanged between engineering tools.

Told apart from other XML by its namespace, so the classifier sees PLC logic rather than a
generic configuration file.
"""

from __future__ import annotations

from indsec.discover.formats.base import Confidence, register_format
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.text import TextualFormat

_NAMESPACE = "www.plcopen.org/xml/tc6"


@register_format
class PlcOpenXml(TextualFormat):
    """PLCopen TC6 XML projects."""

    name = "plcopen_xml"
    priority = 15

    def detect(self, probe: Probe) -> Confidence:
        """Certain when the head names the PLCopen TC6 namespace."""
        if probe.text is not None and _NAMESPACE in probe.text:
            return Confidence.CERTAIN
        return Confidence.NONE
