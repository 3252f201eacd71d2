"""File formats: content sniffing and one reader per format, registered by name.

Importing this package registers the built-in formats; third-party formats register through the
``indsec.file_formats`` entry-point group.
"""

from indsec.discover.formats import (  # noqa: F401  (importing registers the built-in formats)
    binary,
    config,
    delimited,
    docx_text,
    dxf,
    gcode,
    json_data,
    parquet,
    pdf,
    plcopen,
    structured_text,
    text,
    xlsx,
)
from indsec.discover.formats.archive import ArchiveLimits
from indsec.discover.formats.base import (
    FORMATS,
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    format_for_extension,
    read_contents,
    register_format,
    sniff_format,
)
from indsec.discover.formats.probe import Probe, suffix_of

__all__ = [
    "FORMATS",
    "ArchiveLimits",
    "Confidence",
    "FileContent",
    "FileFormat",
    "Probe",
    "ReadContext",
    "format_for_extension",
    "read_contents",
    "register_format",
    "sniff_format",
    "suffix_of",
]
