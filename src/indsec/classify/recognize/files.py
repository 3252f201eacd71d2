"""File evidence: what a whole file is — a DXF drawing, a PLC project, a G-code program.

Technical files are often labelled by what they are rather than by any value inside them; a
STEP model holds no identifier at all. Extensions and detected formats are cheap but easy to
fake or miss, so content signatures (a STEP header, PLCopen's XML namespace, a run of G01 lines)
count as stronger evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePosixPath
from typing import Literal

from indsec.classify.recognize.pack import REGEX_FLAGS, Recognizer
from indsec.model import DiscoveredAsset

Strength = Literal["name", "value"]


@dataclass(frozen=True, slots=True)
class FileHit:
    """One piece of file-level evidence for a recognizer."""

    recognizer: str
    strength: Strength
    evidence: str


@dataclass(frozen=True, slots=True)
class _Signature:
    recognizer: str
    regex: re.Pattern[str]
    source: str
    min_count: int


def file_extension(name: str) -> str:
    """``/x/Drawing.DXF`` → ``.dxf`` (Windows separators too)."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


class FileSignatureMatcher:
    """Extensions, formats and content signatures of every recognizer of a pack."""

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self._extensions: dict[str, list[str]] = {}
        self._formats: dict[str, list[str]] = {}
        self._content: list[_Signature] = []
        self._binary: dict[str, list[str]] = {}
        for rec in recognizers:
            signatures = rec.file_signatures
            for ext in signatures.extensions:
                self._extensions.setdefault(ext, []).append(rec.id)
            for fmt in signatures.formats:
                self._formats.setdefault(fmt.lower(), []).append(rec.id)
            for magic in signatures.binary:
                self._binary.setdefault(magic.lower(), []).append(rec.id)
            for sig in signatures.content:
                compiled = re.compile(sig.regex, REGEX_FLAGS)
                self._content.append(_Signature(rec.id, compiled, sig.source, sig.min_count))

    def match(self, asset: DiscoveredAsset, head: str) -> list[FileHit]:
        """Evidence from ``asset``'s name and format and from ``head`` (normalised text start).

        A format is content evidence only when a reader parsed the file as that format (it
        yielded text or columns); a file left unread got its format from its extension.
        """
        ext = file_extension(asset.name)
        hits = [
            FileHit(rid, "name", f"file extension '{ext}' matches {rid}")
            for rid in self._extensions.get(ext, [])
        ]
        fmt = asset.file_format.lower()
        read = bool(asset.text.strip() or asset.columns)
        strength: Strength = "value" if read else "name"
        how = " (read as such)" if read else ""
        hits += [
            FileHit(rid, strength, f"file format '{fmt}'{how} matches {rid}")
            for rid in self._formats.get(fmt, [])
        ]
        magic = asset.metadata.get("signature", "").lower()
        hits += [
            FileHit(rid, "value", f"binary signature '{magic}' in the first bytes matches {rid}")
            for rid in self._binary.get(magic, [])
        ]
        return hits + self._content_hits(head) if head else hits

    def _content_hits(self, head: str) -> list[FileHit]:
        hits = []
        for sig in self._content:
            count = sum(1 for _ in islice(sig.regex.finditer(head), sig.min_count))
            if count >= sig.min_count:
                found = f"{count}+ times" if sig.min_count > 1 else "found"
                hits.append(
                    FileHit(sig.recognizer, "value", f"content signature ({sig.source}) {found}")
                )
        return hits
