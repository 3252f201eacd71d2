"""File-activity JSON lines: create, write, rename and delete, with size and entropy.

Ransomware shows as many renames to one new extension and writes of high-entropy content;
file-integrity and EDR agents report both. Each line holds ``timestamp``, ``host``, ``user``,
``process``, ``path``, ``operation``, and for renames ``old_name``/``new_name``, plus ``size``
and ``entropy``. Agents write ``old_name``/``new_name`` either as full paths or as bare names
in the directory of ``path``; the reader resolves both to full paths (``source_path`` and
``target_path``) so rules always see where a file went.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.json_records import json_objects
from indsec.detect.sources.lines import iter_lines
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_json_object
from indsec.model.source import ScanReport

_RENAMES = frozenset({"rename", "renamed", "move", "moved"})
_SEPARATORS = ("/", "\\")


def _full_path(name: str, beside: str) -> str:
    """``name`` as a full path: as given when it has a directory, else next to ``beside``."""
    if any(sep in name for sep in _SEPARATORS):
        return name
    cut = max(beside.rfind(sep) for sep in _SEPARATORS)
    return beside[: cut + 1] + name if cut >= 0 else name


def resolve_paths(raw: dict[str, Any]) -> dict[str, Any]:
    """``target_path`` (and ``source_path`` for a rename) as full paths."""
    path = str(raw.get("path", ""))
    if str(raw.get("operation", "")).lower() not in _RENAMES:
        return {"target_path": path} if path else {}
    old, new = str(raw.get("old_name") or path), str(raw.get("new_name") or "")
    resolved = {"source_path": _full_path(old, path)}
    if new:
        resolved["target_path"] = _full_path(new, path)
    return resolved


@LOG_READERS.decorator("file_activity")
class FileActivityReader(PipelineReader):
    """File-activity JSON lines from EDR or file-integrity agents."""

    format = "file_activity"
    sniff_priority = 20

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One raw record per line; malformed lines are reported."""
        lines = iter_lines(path, report)
        for where, raw in json_objects(lines, path, report, what="a file event"):
            raw.update(resolve_paths(raw))
            yield where, raw

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """The first line is a JSON object with an ``operation`` on a ``path``."""
        document = head_json_object(head)
        return document is not None and {"operation", "path"} <= document.keys()
