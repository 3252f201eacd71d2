"""The drill's sandbox: a directory it owns, and the only place it ever writes.

A ransomware drill renames and rewrites files, so every path it touches is checked before
anything changes: the sandbox must be a real directory (not a symlink, not ``/``, the home
directory, a mount root, indsec's data directory or inside a scanned source), either new, empty
or marked as the drill's own by the marker file it wrote; and every path inside is checked
component by component so a symlink planted in the sandbox, or a ``..``, never leads out of it.
Files are opened with ``O_NOFOLLOW`` as well, so a symlink swapped in after the check is refused
by the kernel rather than followed (the Infection Monkey's payload likewise skips symlinks).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from indsec.errors import DrillError

PRIVATE = ".indsec-drill"
"""The drill's own folder inside the sandbox: marker, key, manifest, telemetry."""
MARKER = "owner.json"
MARKER_TOOL = "indsec drill"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Forbidden:
    """Directories a sandbox may not be: exactly (``equal``) or anywhere inside (``within``)."""

    equal: tuple[Path, ...]
    within: tuple[Path, ...]


def forbidden_places(*, data_dir: Path, sources: Iterable[str]) -> Forbidden:
    """``/``, the home directory, indsec's data directory and every configured source path."""
    within = [data_dir.expanduser().resolve()]
    within += [path for path in (_source_path(s) for s in sources) if path is not None]
    return Forbidden(equal=(Path("/"), Path.home().resolve()), within=tuple(within))


def _source_path(source: str) -> Path | None:
    """The local directory or file of a scanned source (``file://`` or a plain path)."""
    text = source.removeprefix("file://")
    if "://" in text or not text.startswith(("/", "~")):
        return None
    return Path(text).expanduser().resolve()


class Sandbox:
    """A directory the drill owns: every path it hands out is inside it and no symlink."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def private(self) -> Path:
        return self.root / PRIVATE

    @classmethod
    def claim(cls, given: Path, forbidden: Forbidden) -> Sandbox:
        """The sandbox at ``given``, created and marked if new; refused if unsafe or not ours."""
        root = checked_root(given, forbidden)
        if root.exists():
            if not _is_ours(root) and any(root.iterdir()):
                raise DrillError(
                    f"sandbox {root}: not empty and not a drill sandbox (no {PRIVATE}/{MARKER});"
                    " give a new or empty directory"
                )
        else:
            root.mkdir(parents=True)
        sandbox = cls(root)
        if not _is_ours(root):
            sandbox.private.mkdir(mode=0o700, exist_ok=True)
            sandbox.write_json(f"{PRIVATE}/{MARKER}", {"tool": MARKER_TOOL})
        return sandbox

    @classmethod
    def existing(cls, given: Path, forbidden: Forbidden) -> Sandbox:
        """A sandbox the drill made before; anything else is refused."""
        root = checked_root(given, forbidden)
        if not root.is_dir() or not _is_ours(root):
            raise DrillError(f"{root} is not a drill sandbox (no {PRIVATE}/{MARKER})")
        return cls(root)

    def path(self, relative: str) -> Path:
        """``relative`` inside the sandbox, refused if it leaves it or passes a symlink."""
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise DrillError(f"{relative!r}: not a plain path inside the sandbox {self.root}")
        current = self.root
        for part in parts:
            current = current / part
            if current.is_symlink():
                raise DrillError(f"{current}: a symlink inside the sandbox; refused")
        if not current.resolve().is_relative_to(self.root):
            raise DrillError(f"{current}: resolves outside the sandbox {self.root}; refused")
        return current

    def regular_file(self, relative: str) -> Path:
        """``relative`` as an existing regular file of the sandbox (never a link or device)."""
        path = self.path(relative)
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError as exc:
            raise DrillError(f"{path}: missing from the sandbox") from exc
        if not stat.S_ISREG(mode):
            raise DrillError(f"{path}: not a regular file; refused")
        return path

    def read(self, relative: str) -> bytes:
        fd = os.open(self.regular_file(relative), os.O_RDONLY | _NO_FOLLOW)
        with os.fdopen(fd, "rb") as handle:
            return handle.read()

    def write(self, relative: str, data: bytes, *, new: bool = False) -> Path:
        """Write ``data``; ``new`` refuses an existing file, else only a regular file is
        overwritten. Folders on the way are created inside the sandbox."""
        path = self.path(relative)
        if not new:
            self.regular_file(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | _NO_FOLLOW | (os.O_CREAT | os.O_EXCL if new else os.O_TRUNC)
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path

    def write_json(self, relative: str, document: Any) -> Path:
        """A JSON document in the drill's own folder, replaced whole."""
        path = self.path(relative)
        text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
        tmp = self.path(relative + ".tmp")
        if tmp.exists():
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        tmp.replace(path)
        return path

    def read_json(self, relative: str) -> Any:
        try:
            return json.loads(self.read(relative))
        except ValueError as exc:
            raise DrillError(f"{self.path(relative)}: not valid JSON ({exc})") from exc

    def rename(self, source: str, target: str) -> None:
        """Rename a regular file of the sandbox to a new name in it (never over a file)."""
        old = self.regular_file(source)
        new = self.path(target)
        if new.exists() or new.is_symlink():
            raise DrillError(f"{new}: already exists; refused to overwrite")
        old.rename(new)

    def remove(self, relative: str) -> None:
        self.regular_file(relative).unlink()


def checked_root(given: Path, forbidden: Forbidden) -> Path:
    """``given`` made absolute and resolved, after refusing ``..``, a symlink, a protected
    directory or a mount root."""
    if ".." in given.parts:
        raise DrillError(f"sandbox {given}: '..' is refused; give the directory itself")
    absolute = given.expanduser().absolute()
    if absolute.is_symlink():
        raise DrillError(f"sandbox {absolute}: a symlink; give the real directory")
    root = absolute.resolve()
    if root.exists() and not root.is_dir():
        raise DrillError(f"sandbox {root}: not a directory")
    for place in forbidden.equal:
        if root == place:
            raise DrillError(f"sandbox {root}: refused, it is {_what(place)}")
    for place in forbidden.within:
        if root.is_relative_to(place) or place.is_relative_to(root):
            raise DrillError(f"sandbox {root}: refused, it overlaps {place} (data or source)")
    if root.exists() and os.path.ismount(root):
        raise DrillError(f"sandbox {root}: refused, it is a mount root")
    return root


def _what(place: Path) -> str:
    return "the filesystem root" if place == Path("/") else "the home directory"


def _is_ours(root: Path) -> bool:
    marker = root / PRIVATE / MARKER
    if marker.is_symlink() or (root / PRIVATE).is_symlink() or not marker.is_file():
        return False
    try:
        return bool(json.loads(marker.read_text(encoding="utf-8")).get("tool") == MARKER_TOOL)
    except (ValueError, OSError, AttributeError):
        return False
