"""Scoring for the real-schema evaluation: an expert's golden file against a catalogue export.

Kept apart from the loader (``real_schemas.py``) so it runs without a database and is tested on
a small fixture. It reads only the catalogue's JSON export (``indsec catalogue export``), so it
keeps working whatever the classifier does inside, as long as the export keeps its shape.

Scope of the label figures: labels that a recognizer can prove from values (those with
patterns in the recognizer pack), minus the golden file's ``unscored_labels`` (``date`` by
default: not sensitive and everywhere). Labels without value patterns (``biz.*`` …) can only
ever come from names, so they are out of precision/recall but still counted as name-only when
asserted.

A label asserted from a name or comment alone is no evidence: it is counted (and listed) as
name-only, and neither as a true nor as a false positive, so an expected label that only a name
suggested counts as missed. Precision and recall thus measure evidence-backed labels, and the
name-only count measures the discipline (it must be 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
PACKS = REPO / "src" / "indsec" / "rules" / "packs"
GOLDEN_DIR = REPO / "tests" / "golden" / "real_schemas"
# Ids another engineer is adding under issue 13; accepted before they land in the pack.
PENDING_CATEGORIES = frozenset({"it.system_management"})
VALUE_EVIDENCE_WORDS = ("sampled", "value", "cells", "content", "matched")


@dataclass(frozen=True)
class Golden:
    """One schema's expert labelling: accepted categories per table, labels per column."""

    schema: str
    held_out: bool
    licence: str
    origin: str
    source: dict[str, Any]
    categories: dict[str, frozenset[str]]
    labels: dict[tuple[str, str], frozenset[str]]
    unscored_labels: frozenset[str] = frozenset({"date"})


@dataclass
class Score:
    """The figures printed per schema, with every mismatch spelled out."""

    tables: int = 0
    tables_right: int = 0
    unclassified: int = 0
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    name_only: int = 0
    name_only_semantic: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of golden tables whose category is one the expert accepts."""
        return self.tables_right / self.tables if self.tables else 1.0

    @property
    def precision(self) -> float:
        """Share of asserted (scored) labels the expert agrees with."""
        asserted = self.true_pos + self.false_pos
        return self.true_pos / asserted if asserted else 1.0

    @property
    def recall(self) -> float:
        """Share of the expert's labels that the scan asserted."""
        expected = self.true_pos + self.false_neg
        return self.true_pos / expected if expected else 1.0


def _ids(value: str | list[str]) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


def load_golden(path: Path) -> Golden:
    """Read a golden YAML file (format: tests/golden/real_schemas/README.md)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables: Mapping[str, Any] = data["tables"]
    return Golden(
        schema=data["schema"],
        held_out=bool(data.get("held_out", False)),
        licence=data["licence"],
        origin=data["origin"],
        source=data["source"],
        categories={name: _ids(t["category"]) for name, t in tables.items()},
        labels={
            (name, column): _ids(ids)
            for name, t in tables.items()
            for column, ids in (t.get("labels") or {}).items()
        },
        unscored_labels=_ids(data.get("unscored_labels", ["date"])),
    )


def pack_ids() -> tuple[frozenset[str], frozenset[str]]:
    """(category ids, recognizer ids with value patterns) read from the rule packs."""
    taxonomy = yaml.safe_load((PACKS / "taxonomy.yaml").read_text(encoding="utf-8"))
    recognizers = yaml.safe_load((PACKS / "recognizers.yaml").read_text(encoding="utf-8"))
    categories = frozenset(c["id"] for c in taxonomy["categories"]) | PENDING_CATEGORIES
    valued = frozenset(r["id"] for r in recognizers["recognizers"] if r.get("patterns"))
    return categories, valued


def golden_problems(
    golden: Golden, categories: frozenset[str], labels: frozenset[str]
) -> list[str]:
    """Every id in ``golden`` that the packs do not know, and a source the runner cannot read."""
    problems = [] if _source_ok(golden.source) else [f"source: not readable: {golden.source}"]
    problems += [
        f"{table}: unknown category '{cid}'"
        for table, ids in golden.categories.items()
        for cid in sorted(ids - categories)
    ]
    problems += [
        f"{table}.{column}: label '{lid}' is not a value-provable recognizer"
        for (table, column), ids in golden.labels.items()
        for lid in sorted(ids - labels)
    ]
    return problems


def _source_ok(source: Mapping[str, Any]) -> bool:
    """``shared`` names paths; ``git`` names a mirror and ``{commit, path}`` blobs."""
    files = source.get("files") or []
    if source.get("kind") == "shared":
        return all(isinstance(f, str) for f in files) and bool(files)
    blobs_ok = all(isinstance(f, dict) and {"commit", "path"} <= f.keys() for f in files)
    return source.get("kind") == "git" and bool(source.get("mirror")) and blobs_ok and bool(files)


def is_name_only(detail: Mapping[str, Any]) -> bool:
    """True when a label's evidence is only a name or comment: no sampled value matched it."""
    if "matched" in detail:
        return int(detail["matched"] or 0) == 0
    evidence = " ".join(str(e) for e in detail.get("evidence", [])).lower()
    return not any(word in evidence for word in VALUE_EVIDENCE_WORDS)


def _asserted(asset: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    """(column, label detail) for every label the catalogue asserts on ``asset``."""
    for column in asset.get("fields", []):
        details = {d["label"]: d for d in column.get("label_details", [])}
        for label in column.get("labels", []):
            yield column["name"], details.get(label, {"label": label})


def score(golden: Golden, assets: Sequence[Mapping[str, Any]], valued: frozenset[str]) -> Score:
    """Compare the catalogue's ``assets`` (export JSON) with ``golden``."""
    result = Score()
    by_name = {a["name"]: a for a in assets}
    _score_categories(golden, by_name, result)
    scored = valued - golden.unscored_labels
    found: set[tuple[str, str, str]] = set()
    for asset in assets:
        for column, detail in _asserted(asset):
            label = detail["label"]
            if label in golden.unscored_labels:
                continue
            if is_name_only(detail):
                _count_name_only(result, label in valued, f"{asset['name']}.{column} {label}")
            elif label in scored:
                found.add((asset["name"], column, label))
    _score_labels(golden, found, scored, result)
    return result


def _score_categories(golden: Golden, by_name: Mapping[str, Any], result: Score) -> None:
    for table, accepted in sorted(golden.categories.items()):
        result.tables += 1
        got = by_name.get(table, {}).get("category", "<missing>")
        if got in accepted:
            result.tables_right += 1
        else:
            result.unclassified += got == "unclassified"
            result.mismatches.append(
                f"category {table}: got {got}, expected {'|'.join(sorted(accepted))}"
            )
    for table in sorted(set(by_name) - set(golden.categories)):
        result.mismatches.append(f"table {table} is not in the golden file")


def _count_name_only(result: Score, valued: bool, where: str) -> None:
    if valued:
        result.name_only += 1
        result.mismatches.append(f"name-only {where}")
    else:
        result.name_only_semantic += 1


def _score_labels(
    golden: Golden, found: set[tuple[str, str, str]], scored: frozenset[str], result: Score
) -> None:
    expected = {(t, c, lid) for (t, c), ids in golden.labels.items() for lid in ids & scored}
    result.true_pos = len(found & expected)
    for table, column, label in sorted(found - expected):
        result.false_pos += 1
        result.mismatches.append(f"false positive {table}.{column}: {label}")
    for table, column, label in sorted(expected - found):
        result.false_neg += 1
        result.mismatches.append(f"missed {table}.{column}: {label}")
