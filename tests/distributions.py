"""Real installed distributions for plugin tests: a ``*.dist-info`` directory with its
``entry_points.txt`` beside the plugin's modules, in a directory put on ``sys.path``.

This is what ``pip install`` leaves behind, so :mod:`importlib.metadata` finds these entry points
the same way it finds a real third-party plugin's: nothing about the lookup is faked.
"""

from __future__ import annotations

from pathlib import Path


def write_distribution(
    root: Path,
    name: str,
    entry_points: dict[str, dict[str, str]],
    modules: dict[str, str],
    version: str = "1.0",
) -> None:
    """Install distribution ``name`` into ``root``: ``entry_points`` is group → name → value."""
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    sections = [
        f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in points.items())
        for group, points in entry_points.items()
    ]
    (info / "entry_points.txt").write_text("\n".join(sections), encoding="utf-8")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(source, encoding="utf-8")
