"""Multi-document Sigma YAML with line numbers, and pySigma errors turned into file:line.

pySigma reports errors against a file, not a line, and silently keeps the last of two duplicate
keys (a second ``selection`` quietly replaces the first). Rule authors need the line; this module
parses each document strictly, remembers where every key is, and maps an error to the key it is
about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sigma.rule import SigmaDetectionItem

from indsec.errors import Problem
from indsec.rules.yaml_loader import LocatedDocument
from sigma import exceptions as sx

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type, misc]
    """Safe loader that records key lines and rejects duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, dict[Any, int]] = {}
        self.duplicates: list[tuple[int, str]] = []


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicates.append((line, f"duplicate key '{key}' (first on line {lines[key]})"))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line
    loader.lines[id(mapping)] = lines
    return mapping


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list[Any]:
    items = [loader.construct_object(child, deep=True) for child in node.value]
    loader.lines[id(items)] = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class SigmaDocument(LocatedDocument):
    """One YAML document of a Sigma file, with the line it starts on."""

    def __init__(self, path: str, data: Any, lines: dict[int, dict[Any, int]], start: int) -> None:
        super().__init__(path, data, lines)
        self.start = start

    def at(self, *loc: int | str) -> str:
        """``file:line`` of the deepest key of ``loc`` found, else of the document start."""
        return f"{self.path}:{self.line_of(loc) or self.start}"

    def rename_keys(self, mapping: dict[Any, Any], renames: dict[Any, Any]) -> None:
        """Rename keys of ``mapping`` in place, keeping their order and their lines."""
        if not any(key in renames for key in mapping):
            return
        items = [(renames.get(key, key), value) for key, value in mapping.items()]
        lines = self._lines.get(id(mapping), {})
        self._lines[id(mapping)] = {renames.get(key, key): line for key, line in lines.items()}
        mapping.clear()
        mapping.update(items)


def load_documents(path: Path, text: str) -> tuple[list[SigmaDocument], list[Problem]]:
    """The sound documents of one file, plus located YAML problems.

    A document with a duplicate key is left out (its problem says why); documents before a
    syntax error are kept, so one broken rule in a multi-document file costs only itself.
    """
    loader = _LineLoader(text)
    documents: list[SigmaDocument] = []
    problems: list[Problem] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            duplicates = len(loader.duplicates)
            data = loader.construct_document(node)
            if len(loader.duplicates) == duplicates:
                start = node.start_mark.line + 1
                documents.append(SigmaDocument(str(path), data, loader.lines, start))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        problems.append(Problem(f"{path}:{line}", f"invalid YAML: {exc.problem}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(str(path), f"invalid YAML: {exc}"))
    finally:
        loader.dispose()
    problems += [Problem(f"{path}:{line}", message) for line, message in loader.duplicates]
    return documents, problems


# Which key an error of each pySigma class is about; the first class in the MRO found wins.
_ERROR_KEYS: dict[type[Exception], tuple[str, ...]] = {
    sx.SigmaConditionError: ("detection", "condition"),
    sx.SigmaDetectionError: ("detection",),
    sx.SigmaLogsourceError: ("logsource",),
    sx.SigmaTitleError: ("title",),
    sx.SigmaIdentifierError: ("id",),
    sx.SigmaLevelError: ("level",),
    sx.SigmaStatusError: ("status",),
    sx.SigmaDateError: ("date",),
    sx.SigmaTagError: ("tags",),
    sx.SigmaReferencesError: ("references",),
    sx.SigmaAuthorError: ("author",),
    sx.SigmaDescriptionError: ("description",),
    sx.SigmaFalsePositivesError: ("falsepositives",),
    sx.SigmaFieldsError: ("fields",),
    sx.SigmaRelatedError: ("related",),
    sx.SigmaNameError: ("name",),
    sx.SigmaTimespanError: ("correlation", "timespan"),
    sx.SigmaCorrelationConditionError: ("correlation", "condition"),
    sx.SigmaRuleNotFoundError: ("correlation", "rules"),
    sx.SigmaCorrelationRuleError: ("correlation",),
    sx.SigmaFilterConditionError: ("filter", "condition"),
    sx.SigmaFilterRuleReferenceError: ("filter", "rules"),
    sx.SigmaFilterError: ("filter",),
}

_VALUE_ERRORS = (sx.SigmaModifierError, sx.SigmaValueError, sx.SigmaTypeError)


def locate_error(doc: SigmaDocument, error: Exception) -> Problem:
    """A located problem for a pySigma error raised while parsing ``doc``."""
    message = str(error.args[0]) if error.args else type(error).__name__
    if isinstance(error, _VALUE_ERRORS) and not isinstance(error, tuple(_ERROR_KEYS)):
        return Problem(_failing_detection_key(doc), message)
    for cls in type(error).__mro__:
        if cls in _ERROR_KEYS:
            return Problem(doc.at(*_ERROR_KEYS[cls]), message)
    return Problem(doc.at(), message)


def _failing_detection_key(doc: SigmaDocument) -> str:
    """Re-parse detection items one by one to find the key whose value pySigma rejects."""
    detection = doc.data.get("detection") if isinstance(doc.data, dict) else None
    if not isinstance(detection, dict):
        return doc.at("detection")
    for name, definition in detection.items():
        for loc, key, value in _items(("detection", name), definition):
            try:
                SigmaDetectionItem.from_mapping(key, value)
            except sx.SigmaError:
                return doc.at(*loc)
    return doc.at("detection")


def _items(
    loc: tuple[str | int, ...], definition: Any
) -> list[tuple[tuple[str | int, ...], str | None, Any]]:
    """Each (location, key, value) of a detection: a map, a list of maps, or plain values."""
    if isinstance(definition, dict):
        return [((*loc, key), key, value) for key, value in definition.items()]
    if isinstance(definition, list) and all(isinstance(d, dict) for d in definition):
        return [
            ((*loc, i, key), key, value)
            for i, d in enumerate(definition)
            for key, value in d.items()
        ]
    return [(loc, None, definition)]
