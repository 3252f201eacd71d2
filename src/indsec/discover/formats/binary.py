"""Binary files of no known document format: recorded, never parsed.

Firmware images, PLC binaries and archives cannot be sampled, but they are still data assets
(firmware is core technical data), so they are kept with their size and, when the first bytes or
lines reveal it, a ``signature`` the classifier can match.
"""

from __future__ import annotations

import re

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    format_for_extension,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.errors import ConnectorError

MAGIC_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x7fELF", "elf"),
    (0, b"MZ", "pe"),
    (0, b"\x27\x05\x19\x56", "uimage"),
    (0, b"hsqs", "squashfs"),
    (0, b"sqsh", "squashfs"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"BZh", "bzip2"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"PK\x03\x04", "zip"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (0, b"070701", "cpio"),
    (257, b"ustar", "tar"),
)
TEXT_SIGNATURES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^:[0-9A-Fa-f]{10,}$"), "intel_hex"),
    (re.compile(r"^S[0-9][0-9A-Fa-f]{6,}$"), "motorola_srec"),
)
_MIN_SIGNATURE_LINES = 2


def signature_of(probe: Probe) -> str | None:
    """A firmware or container signature from magic bytes or hex-record lines, if any."""
    for offset, magic, name in MAGIC_SIGNATURES:
        if probe.head[offset : offset + len(magic)] == magic:
            return name
    lines = [line.strip() for line in probe.lines if line.strip()]
    if len(lines) < _MIN_SIGNATURE_LINES:
        return None
    for pattern, name in TEXT_SIGNATURES:
        if all(pattern.match(line) for line in lines):
            return name
    return None


@register_format
class Binary(FileFormat):
    """Binary content and hex-record firmware text: a metadata-only asset."""

    name = "binary"
    extensions = frozenset(
        {".bin", ".hex", ".img", ".fw", ".rom", ".srec", ".s19", ".mot", ".elf"}
        | {".zip", ".gz", ".tgz", ".tar", ".7z", ".xz", ".bz2", ".rar", ".exe", ".dll", ".so"}
    )
    priority = 95

    def detect(self, probe: Probe) -> Confidence:
        """Certain for hex-record text, plausible for any content that is not text."""
        if probe.text is None:
            return Confidence.PLAUSIBLE
        return Confidence.CERTAIN if signature_of(probe) else Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """No content, only the signature; binary data under a text format's name is an error."""
        claimed = format_for_extension(probe.suffix)
        if probe.text is None and claimed is not None and claimed.name != self.name:
            raise ConnectorError(
                f"not a readable {claimed.name} file: binary or undecodable content"
            )
        signature = signature_of(probe)
        return [FileContent(metadata={"signature": signature} if signature else {})]
