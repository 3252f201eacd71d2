"""Value evidence: which sampled cells of a column each recognizer's patterns and validator accept.

A column is analysed once per distinct value (a status column of 1,000 rows may hold five), and
all patterns of all recognizers run in one pass over the column (see :mod:`prefilter`). Only
cells a pattern matched reach a validator. The results are indices and counts, never values, so
nothing here can leak past the recognizer boundary by accident.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from indsec.classify.prefilter import LineMatcher, LinePattern, Rejected, line_matcher
from indsec.classify.recognizer_pack import REGEX_FLAGS, Recognizer
from indsec.classify.validators import VALIDATORS, Check


@dataclass(frozen=True, slots=True)
class DistinctValues:
    """A column's distinct raw values, how often each occurs, and their normalised form."""

    raw: list[str]
    counts: list[int]
    cells: list[str]

    @property
    def nonempty(self) -> int:
        """How many sampled values (with repeats) are not blank."""
        return sum(compress(self.counts, self.cells))


def normalise_cells(raw: Sequence[str]) -> list[str]:
    """NFKC, lower-case and strip every value, in one pass over the joined column.

    Newlines inside a value become spaces: the matcher relies on one value per line.
    """
    joined = "\n".join(raw)
    if joined.count("\n") != max(len(raw) - 1, 0):
        joined = "\n".join(v.replace("\n", " ") for v in raw)
    cells = unicodedata.normalize("NFKC", joined).lower().split("\n")
    if len(cells) != len(raw):  # pragma: no cover - NFKC never creates newlines; stay safe
        cells = [unicodedata.normalize("NFKC", v).lower().replace("\n", " ") for v in raw]
    return list(map(str.strip, cells))


def distinct_values(values: Sequence[str]) -> DistinctValues:
    """Count repeats so each distinct value is matched and validated once."""
    counted = Counter(values)
    raw = list(counted)
    return DistinctValues(raw, list(counted.values()), normalise_cells(raw))


@dataclass(frozen=True, slots=True)
class _Compiled:
    recognizer: str
    always: tuple[int, ...]
    with_context: tuple[int, ...]
    check: Check | None

    def patterns(self, has_context: bool) -> tuple[int, ...]:
        return self.always + self.with_context if has_context else self.always


class ValueMatcher:
    """All value patterns of a pack, compiled together, plus each recognizer's validator."""

    def __init__(self, recognizers: Sequence[Recognizer], *, use_hyperscan: bool = True) -> None:
        patterns: list[LinePattern] = []
        self._compiled: list[_Compiled] = []
        self.pattern_names: list[str] = []
        for rec in recognizers:
            if not rec.patterns:
                continue
            start = len(patterns)
            patterns += [LinePattern(p.regex, p.match == "full", REGEX_FLAGS) for p in rec.patterns]
            self.pattern_names += [
                f"recognizer {rec.id} pattern {n}" for n in range(1, len(rec.patterns) + 1)
            ]
            indices = [start + i for i in range(len(rec.patterns))]
            needs = [p.requires_context for p in rec.patterns]
            self._compiled.append(
                _Compiled(
                    rec.id,
                    tuple(i for i, need in zip(indices, needs, strict=True) if not need),
                    tuple(i for i, need in zip(indices, needs, strict=True) if need),
                    VALIDATORS.get(rec.validator).check if rec.validator else None,
                )
            )
        self._matcher: LineMatcher = line_matcher(patterns, use_hyperscan=use_hyperscan)

    @property
    def rejected(self) -> list[tuple[str, Rejected]]:
        """Patterns Hyperscan refused (matched with ``re`` only), by recognizer and number."""
        return [(self.pattern_names[r.index], r) for r in self._matcher.rejected]

    def match(
        self, cells: Sequence[str], *, context: frozenset[str] = frozenset()
    ) -> dict[str, list[int]]:
        """Recognizer id → ascending indices of ``cells`` its patterns match and validator passes.

        ``context`` names the recognizers the column name or comment points at; only those may
        use their ``requires_context`` patterns.
        """
        wanted = [c.patterns(c.recognizer in context) for c in self._compiled]
        lines = self._matcher.match_lines(cells, (i for group in wanted for i in group))
        found: dict[str, list[int]] = {}
        for compiled, patterns in zip(self._compiled, wanted, strict=True):
            hits = _union([lines[i] for i in patterns if i in lines])
            if hits and compiled.check is not None:
                hits = list(compress(hits, map(compiled.check, map(cells.__getitem__, hits))))
            if hits:
                found[compiled.recognizer] = hits
        return found


def _union(groups: list[list[int]]) -> list[int]:
    non_empty = [g for g in groups if g]
    if len(non_empty) <= 1:
        return non_empty[0] if non_empty else []
    return sorted(set().union(*non_empty))
