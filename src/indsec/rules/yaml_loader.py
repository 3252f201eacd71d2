"""Strict, located YAML: duplicate keys are errors and every node remembers its line.

Rule packs are edited by hand by people who are not programmers; an error that says
``grading.yaml:42: rules.3.when.labels: field required`` saves them an afternoon.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from indsec.errors import Problem


class LocatedDocument:
    """A parsed YAML document plus the line of every mapping key and sequence item."""

    def __init__(self, path: str, data: Any, lines: dict[int, dict[Any, int]]) -> None:
        self.path = path
        self.data = data
        self._lines = lines

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """The line of the deepest node of ``loc`` that can be found (1-based)."""
        node: Any = self.data
        line: int | None = None
        for part in loc:
            table = self._lines.get(id(node))
            if table is None or part not in table:
                break
            line = table[part]
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return line

    def where(self, loc: Sequence[int | str]) -> str:
        line = self.line_of(loc)
        return f"{self.path}:{line}" if line else self.path


if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    # libyaml's parser where PyYAML was built with it: the pure-Python one spent most of every
    # command's pack loading in its scanner. Both give nodes their marks, so lines are the same.
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    """A safe loader that rejects duplicate keys and records node lines."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, dict[Any, int]] = {}
        self.problems: list[tuple[int, str]] = []


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            loader.problems.append(
                (
                    key_node.start_mark.line + 1,
                    f"duplicate key '{key}' (first on line {lines[key]})",
                )
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    loader.lines[id(mapping)] = lines
    return mapping


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode, deep: bool = False) -> Any:
    items = [loader.construct_object(child, deep=True) for child in node.value]
    loader.lines[id(items)] = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return items


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    _construct_sequence,
)


def load_located(
    path: Path, text: str | None = None
) -> tuple[LocatedDocument | None, list[Problem]]:
    """Parse one YAML file; returns the document (or None) and every problem found."""
    shown = str(path)
    try:
        source = path.read_text(encoding="utf-8") if text is None else text
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, f"cannot read: {exc}")]
    try:
        yaml.reader.Reader(source)  # refuses control characters, with their position
        loader = _StrictLoader(source)
    except yaml.reader.ReaderError as exc:
        line = source.count("\n", 0, exc.position) + 1
        reason = f"invalid YAML: character #x{exc.character:04x}: {exc.reason}"
        return None, [Problem(f"{shown}:{line}", reason)]
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{shown}:{mark.line + 1}" if mark else shown
        return None, [Problem(where, f"invalid YAML: {exc.problem}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    problems = [Problem(f"{shown}:{line}", msg) for line, msg in loader.problems]
    return LocatedDocument(shown, data, loader.lines), problems
