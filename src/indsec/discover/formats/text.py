"""Plain text and logs, and the bounded text reader every text-like format shares.

Text files can be arbitrarily long (a year of logs); recognizers need a representative slice,
not the whole file, so only the first ``text_limit`` bytes are read.
"""

from __future__ import annotations

from typing import ClassVar

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe, decode_prefix
from indsec.errors import ConnectorError


def read_text(probe: Probe, context: ReadContext) -> tuple[str, bool]:
    """The first ``context.text_limit`` bytes of the file as text, and whether it was cut.

    Bytes the sniffed encoding cannot decode further into the file are replaced, with a warning,
    rather than losing the whole file to one bad byte.
    """
    if probe.encoding is None:
        raise ConnectorError("not decodable as UTF-8 or GB18030 text")
    with probe.open() as handle:
        data = handle.read(context.text_limit)
    truncated = probe.size > len(data)
    try:
        return decode_prefix(data, probe.encoding, final=not truncated), truncated
    except UnicodeDecodeError as exc:
        context.warn(f"undecodable {probe.encoding} bytes from offset {exc.start} replaced")
        return data.decode(probe.encoding, errors="replace"), truncated


def text_content(probe: Probe, context: ReadContext) -> FileContent:
    """The bounded text, with its encoding and whether it was cut in ``metadata``."""
    text, truncated = read_text(probe, context)
    metadata = {"encoding": str(probe.encoding)}
    if truncated:
        metadata["truncated"] = "true"
    return FileContent(text=text, metadata=metadata)


class TextualFormat(FileFormat):
    """A format read as bounded text; subclasses only say how they recognise themselves."""

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """See :func:`text_content`."""
        return [text_content(probe, context)]


@register_format
class PlainText(TextualFormat):
    """Any decodable text no more specific format claims: notes, logs, exports."""

    name = "text"
    extensions: ClassVar[frozenset[str]] = frozenset({".txt", ".log", ".md", ".text", ".out"})
    priority = 90

    def detect(self, probe: Probe) -> Confidence:
        """Plausible for any text, so the extension or a specific format decides."""
        return Confidence.PLAUSIBLE if probe.text is not None else Confidence.NONE
