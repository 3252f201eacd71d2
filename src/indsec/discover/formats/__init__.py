"""File formats: content sniffing and one reader per format, registered by name.

:data:`FORMATS` loads the built-in formats on first use; third-party formats register through the
``indsec.file_formats`` entry-point group.
"""

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
