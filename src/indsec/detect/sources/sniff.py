"""Tell a log file's format from its first bytes, for ``indsec detect run FILE`` without a flag.

Every registered reader is asked whether the head looks like its format. Several may say yes —
a file-activity line is also valid JSON lines, an OpenVPN syslog line is also syslog — so the
reader with the highest ``sniff_priority`` wins (specific formats outrank generic ones); a tie
at the top is reported rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

from indsec.detect.sources.base import LOG_READERS, LogReader
from indsec.detect.sources.lines import open_log
from indsec.errors import LogSourceError

SNIFF_BYTES = 64 * 1024
"""How much of a file the readers see when sniffing."""

_PREVIEW_CHARS = 60


def _priority(reader: type[LogReader]) -> int:
    return int(getattr(reader, "sniff_priority", 10))


def _claims(reader: type[LogReader], head: bytes) -> bool:
    try:
        return reader.sniff(head)
    except Exception:  # a third-party reader's broken sniff must not stop the others
        return False


def _preview(head: bytes) -> str:
    if b"\x00" in head[:512]:
        return f"binary data starting {head[:8].hex(' ')}"
    lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
    first = lines[0] if lines else ""  # a file of byte-order marks has no line
    return f"first line {first[:_PREVIEW_CHARS]!r}"


def sniff_format(path: Path) -> str:
    """The name of the reader for ``path``.

    Raises:
        LogSourceError: the file is empty, unreadable, of no known format, or ambiguous.
    """
    with open_log(path) as stream:
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise LogSourceError(f"{path}: empty file, its log format cannot be told")
    readers = {name: LOG_READERS.get(name) for name in LOG_READERS.names()}
    claims = [name for name, reader in readers.items() if _claims(reader, head)]
    if not claims:
        raise LogSourceError(
            f"{path}: unknown log format ({_preview(head)}); name one of: {', '.join(readers)}"
        )
    best = max(_priority(readers[name]) for name in claims)
    top = [name for name in claims if _priority(readers[name]) == best]
    if len(top) > 1:
        raise LogSourceError(f"{path}: ambiguous log format, could be {', '.join(top)}")
    return top[0]
