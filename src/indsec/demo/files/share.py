"""Shared plumbing of the file-share writers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indsec.demo.world import DemoWorld

FileWriter = Callable[[Path, DemoWorld], None]
"""Writes one or more files under the share root, deterministically from the world's seed."""


def place(share: Path, relative: str) -> Path:
    """The path of ``relative`` under the share, its folders created."""
    path = share / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
