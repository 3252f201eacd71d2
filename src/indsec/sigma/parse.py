"""Load Sigma rule, correlation and filter documents with pySigma, keeping every problem located.

A rule set is loaded file by file and document by document, so one broken rule costs only that
rule: its problem (with file:line) is recorded and the rest loads. Correlations are linked to the
rules they name and filters are applied to the rules they target once every file is read, so a
correlation may live in another file than its rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationConditionOperator, SigmaCorrelationRule
from sigma.exceptions import SigmaError, SigmaRuleLocation
from sigma.filters import SigmaFilter
from sigma.rule import SigmaRule

from indsec.errors import Problem
from indsec.sigma.locate import SigmaDocument, load_documents, locate_error
from indsec.sigma.modifiers import install_modifiers

AnyRule = SigmaRule | SigmaCorrelationRule
_OPERATORS = frozenset(op.name.lower() for op in SigmaCorrelationConditionOperator)

MODIFIER_ALIASES = {"utf16le": "wide"}
"""Modifier names of the Sigma specification that pySigma knows under another name."""


@dataclass
class LoadedRule:
    """A valid rule or correlation and the document it came from."""

    rule: AnyRule
    document: SigmaDocument
    condition: dict[str, float] = field(default_factory=dict)
    """A correlation's full condition (pySigma keeps only one operator; a range has two)."""

    @property
    def where(self) -> str:
        return self.document.at()


@dataclass
class _Loaded:
    rules: list[LoadedRule] = field(default_factory=list)
    filters: list[tuple[SigmaFilter, SigmaDocument]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RuleFiles:
    """Everything loaded from a set of paths: valid rules in load order, and the problems."""

    rules: list[LoadedRule]
    problems: list[Problem]
    files: int


def rule_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files under ``paths`` (``.yml``/``.yaml``, recursively), sorted; missing paths reported."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in {".yml", ".yaml"})
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), "no such file or directory"))
    return found, problems


def load_rule_files(paths: Iterable[Path]) -> RuleFiles:
    """Parse, link and filter every rule under ``paths``; never stops at a bad rule."""
    install_modifiers()
    files, problems = rule_files(paths)
    loaded = _Loaded(problems=problems)
    for path in files:
        _load_file(path, loaded)
    _drop_duplicate_ids(loaded)
    _link_correlations(loaded)
    _apply_filters(loaded)
    return RuleFiles(loaded.rules, loaded.problems, len(files))


def _load_file(path: Path, loaded: _Loaded) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        loaded.problems.append(Problem(str(path), f"cannot read: {exc}"))
        return
    documents, problems = load_documents(path, text)
    loaded.problems += problems
    documents = [doc for doc in documents if doc.data is not None]
    if any(isinstance(doc.data, dict) and "action" in doc.data for doc in documents):
        _load_collection(documents, documents[0], loaded)
        return
    for doc in documents:
        if not isinstance(doc.data, dict):
            loaded.problems.append(Problem(doc.at(), "a Sigma document must be a mapping"))
            continue
        _load_collection([doc], doc, loaded)


def _load_collection(documents: list[SigmaDocument], doc: SigmaDocument, loaded: _Loaded) -> None:
    """Parse documents with pySigma; each valid rule is kept, each error located in ``doc``."""
    conditions = [_split_range(d.data) for d in documents]
    for d in documents:
        _alias_modifiers(d)
    source = SigmaRuleLocation(Path(doc.path), doc.start)
    try:
        collection = SigmaCollection.from_dicts(
            [d.data for d in documents],
            collect_errors=True,
            source=source,
            collect_filters=True,
            resolve_references=False,
        )
    except (SigmaError, TypeError, AttributeError, ValueError) as exc:
        loaded.problems.append(locate_error(doc, exc))
        return
    loaded.problems += [locate_error(doc, error) for error in collection.errors]
    for rule in collection.rules:
        if not rule.errors:
            condition = conditions[0] if len(documents) == 1 else {}
            loaded.rules.append(LoadedRule(rule, doc, condition))
    loaded.filters += [(f, doc) for f in collection.filters if not f.errors]


def _split_range(data: Any) -> dict[str, float]:
    """Keep a correlation's full condition; hand pySigma only its first operator.

    The correlation specification allows a range (``gt: 100`` and ``lte: 200``); pySigma accepts
    exactly one operator, so the document it sees keeps the first and the engine checks all.
    """
    correlation = data.get("correlation") if isinstance(data, dict) else None
    condition = correlation.get("condition") if isinstance(correlation, dict) else None
    if not isinstance(correlation, dict) or not isinstance(condition, dict):
        return {}
    ops = {k: v for k, v in condition.items() if k in _OPERATORS}
    if len(ops) > 1:
        first = next(iter(ops))
        correlation["condition"] = {
            k: v for k, v in condition.items() if k == first or k not in _OPERATORS
        }
    return {k: v for k, v in ops.items() if isinstance(v, int | float)}


def _alias_modifiers(doc: SigmaDocument) -> None:
    """Rewrite specification modifier names pySigma lacks (``utf16le``) to its own (``wide``)."""
    detection = doc.data.get("detection") if isinstance(doc.data, dict) else None
    if not isinstance(detection, dict):
        return
    for definition in detection.values():
        mappings = definition if isinstance(definition, list) else [definition]
        for mapping in mappings:
            if isinstance(mapping, dict):
                doc.rename_keys(mapping, _aliased_keys(mapping))


def _aliased_keys(mapping: dict[Any, Any]) -> dict[Any, Any]:
    renames: dict[Any, Any] = {}
    for key in mapping:
        if isinstance(key, str) and "|" in key:
            field_name, *modifiers = key.split("|")
            aliased = [MODIFIER_ALIASES.get(m, m) for m in modifiers]
            if aliased != modifiers:
                renames[key] = "|".join([field_name, *aliased])
    return renames


def _drop_duplicate_ids(loaded: _Loaded) -> None:
    first: dict[str, LoadedRule] = {}
    kept: list[LoadedRule] = []
    for item in loaded.rules:
        rule_id = str(item.rule.id) if item.rule.id is not None else None
        if rule_id is not None and rule_id in first:
            message = f"duplicate rule id {rule_id} (first in {first[rule_id].where})"
            loaded.problems.append(Problem(item.document.at("id"), message))
            continue
        if rule_id is not None:
            first[rule_id] = item
        kept.append(item)
    loaded.rules = kept


def _link_correlations(loaded: _Loaded) -> None:
    """Resolve correlation references; a correlation naming an unknown rule is a problem."""
    while True:
        collection = SigmaCollection(
            [item.rule for item in loaded.rules], collect_filters=True, resolve_references=False
        )
        failed = [item for item in loaded.rules if not _resolves(item, collection, loaded)]
        if not failed:
            return
        loaded.rules = [item for item in loaded.rules if item not in failed]


def _resolves(item: LoadedRule, collection: SigmaCollection, loaded: _Loaded) -> bool:
    if not isinstance(item.rule, SigmaCorrelationRule):
        return True
    try:
        item.rule.resolve_rule_references(collection)
        item.rule.aliases.resolve_rule_references(collection)
    except SigmaError as exc:
        loaded.problems.append(locate_error(item.document, exc))
        return False
    return True


def _apply_filters(loaded: _Loaded) -> None:
    """Apply each valid filter to the detection rules it targets (by id, name or logsource)."""
    for sigma_filter, doc in loaded.filters:
        try:
            for condition in sigma_filter.filter.parsed_condition:
                condition.parse()
        except SigmaError as exc:
            loaded.problems.append(locate_error(doc, exc))
            continue
        for item in loaded.rules:
            if isinstance(item.rule, SigmaRule):
                sigma_filter.apply_on_rule(item.rule)
