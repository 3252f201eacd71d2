"""Value evidence: which sampled cells of a column each recognizer's patterns and validator accept.

A column is analysed once per distinct value (a status column of 1,000 rows may hold five), and
all patterns of all recognizers run in one pass over the column (see :mod:`prefilter`). Only
cells a pattern matched reach a validator. The results are indices and counts, never values, so
nothing here can leak past the recognizer boundary by accident.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from indsec.classify.recognize.multipattern import LineMatcher, LinePattern, Rejected, line_matcher
from indsec.classify.recognize.pack import REGEX_FLAGS, NegativeLexicon, Recognizer
from indsec.classify.recognize.validators import VALIDATORS, Validator

_DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class DistinctValues:
    """A column's distinct raw values, how often each occurs, and their normalised form."""

    raw: list[str]
    counts: list[int]
    cells: list[str]
    fillers: int = 0

    @property
    def nonempty(self) -> int:
        """How many sampled values (with repeats) are not blank; fillers count, unmatched."""
        return sum(compress(self.counts, self.cells)) + self.fillers


def normalise_cells(raw: Sequence[str]) -> list[str]:
    """NFKC, lower-case and strip every value, in one pass over the joined column.

    Newlines inside a value become spaces: the matcher relies on one value per line.
    """
    if not raw:
        return []
    joined = "\n".join(raw)
    if joined.count("\n") != len(raw) - 1:
        joined = "\n".join(v.replace("\n", " ") for v in raw)
    if not joined.isascii():  # ASCII is already NFKC; the check is O(1) in CPython
        joined = unicodedata.normalize("NFKC", joined)
    cells = joined.lower().split("\n")
    if len(cells) != len(raw):  # pragma: no cover - NFKC never creates newlines; stay safe
        cells = [unicodedata.normalize("NFKC", v).lower().replace("\n", " ") for v in raw]
    return list(map(str.strip, cells))


def distinct_values(values: Sequence[str]) -> DistinctValues:
    """Count repeats so each distinct value is matched and validated once."""
    counted = Counter(values)
    raw = list(counted)
    return DistinctValues(raw, list(counted.values()), normalise_cells(raw))


def without_fillers(distinct: DistinctValues, stems: Sequence[str]) -> DistinctValues:
    """``distinct`` with a code generator's seed rows blanked for matching: a column commented
    ``账号`` that holds ``账号1``, ``账号2`` (its comment or name and a sequence number) proves
    nothing about what it holds. Those values still count as sampled, so a lone real value
    among fillers is no column of its kind. A comment's first word is a stem too: generators
    append tags (``员工姓名 Search111`` holds ``员工姓名1``)."""
    firsts = [stem.split()[0] for stem in stems if stem.split()]
    words = frozenset(word for word in normalise_cells([*stems, *firsts]) if word)
    filler = [bool(words) and _is_filler(cell, words) for cell in distinct.cells]
    if not any(filler):
        return distinct
    cells = ["" if blank else cell for cell, blank in zip(distinct.cells, filler, strict=True)]
    fillers = sum(compress(distinct.counts, filler))
    return DistinctValues(distinct.raw, distinct.counts, cells, distinct.fillers + fillers)


def _is_filler(cell: str, words: frozenset[str]) -> bool:
    stem = cell.rstrip(_DIGITS)
    return stem != cell and stem in words


def silent_values(
    distinct: DistinctValues,
    accepted: Sequence[int],
    placeholders: frozenset[str],
    explained: frozenset[int],
) -> int:
    """How many sampled values (with repeats) say nothing against a recognizer that accepted the
    cells at ``accepted``: placeholders (``1``, ``-``, ``无``) and cells a companion explains
    (``explained``: a landline in a phone column is no evidence against its mobiles)."""
    taken = frozenset(accepted)
    return sum(
        count
        for index, (cell, count) in enumerate(zip(distinct.cells, distinct.counts, strict=True))
        if index not in taken and (cell in placeholders or index in explained)
    )


class NegativeWords:
    """A recognizer's negative lexicon, normalised like the cells it is compared with.

    Prefixes, suffixes and infixes become one regex, so a cell costs one set lookup and one
    ``search`` in C however long the lexicon grows.
    """

    def __init__(self, lexicon: NegativeLexicon) -> None:
        self._exact = frozenset(normalise_cells(lexicon.exact))
        parts = [f"^(?:{_alternatives(lexicon.prefixes)})"] if lexicon.prefixes else []
        parts += [f"(?:{_alternatives(lexicon.suffixes)})$"] if lexicon.suffixes else []
        parts += [_alternatives(lexicon.contains)] if lexicon.contains else []
        self._affixes = re.compile("|".join(parts)) if parts else None

    def __bool__(self) -> bool:
        return bool(self._exact) or self._affixes is not None

    def rejects(self, cell: str) -> bool:
        """Whether ``cell`` (normalised) is a known non-instance of the recognizer."""
        if cell in self._exact:
            return True
        return self._affixes is not None and self._affixes.search(cell) is not None


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in normalise_cells(words))


@dataclass(frozen=True, slots=True)
class _Compiled:
    recognizer: str
    validator: Validator | None
    negative: NegativeWords | None


class ValueMatcher:
    """All value patterns of a pack, compiled together, plus each recognizer's validator."""

    def __init__(self, recognizers: Sequence[Recognizer], *, use_hyperscan: bool = True) -> None:
        patterns: list[LinePattern] = []
        self.pattern_names: list[str] = []
        self._compiled: list[_Compiled] = []
        self._owner: list[int] = []  # pattern index → index into _compiled
        self._contextual: dict[str, list[int]] = {}  # recognizer → its requires_context patterns
        for rec in (r for r in recognizers if r.patterns):
            for n, spec in enumerate(rec.patterns, start=1):
                if spec.requires_context:
                    self._contextual.setdefault(rec.id, []).append(len(patterns))
                patterns.append(LinePattern(spec.regex, spec.match == "full", REGEX_FLAGS))
                self.pattern_names.append(f"recognizer {rec.id} pattern {n}")
                self._owner.append(len(self._compiled))
            checker = VALIDATORS.get(rec.validator) if rec.validator else None
            negative = NegativeWords(rec.negative)
            self._compiled.append(_Compiled(rec.id, checker, negative or None))
        self._excludes = {rec.id: rec.excludes for rec in recognizers if rec.excludes}
        self._rivals: dict[str, set[str]] = {}
        for rid, others in self._excludes.items():
            for other in others:
                self._rivals.setdefault(rid, set()).add(other)
                self._rivals.setdefault(other, set()).add(rid)
        contextual = {i for indices in self._contextual.values() for i in indices}
        self._plain = frozenset(range(len(patterns))) - contextual
        self._matcher: LineMatcher = line_matcher(patterns, use_hyperscan=use_hyperscan)

    @property
    def rejected(self) -> list[tuple[str, Rejected]]:
        """Patterns Hyperscan refused (matched with ``re`` only), by recognizer and number."""
        return [(self.pattern_names[r.index], r) for r in self._matcher.rejected]

    def _wanted(self, context: frozenset[str]) -> frozenset[int]:
        extra = [i for rid in context for i in self._contextual.get(rid, [])]
        return self._plain.union(extra) if extra else self._plain

    def match(
        self, cells: Sequence[str], *, context: frozenset[str] = frozenset()
    ) -> dict[str, list[int]]:
        """Recognizer id → ascending indices of ``cells`` its patterns match and validator passes.

        ``context`` names the recognizers the column name or comment points at; only those may
        use their ``requires_context`` patterns.
        """
        by_owner: dict[int, list[list[int]]] = {}
        for index, lines in self._matcher.match_lines(cells, self._wanted(context)).items():
            by_owner.setdefault(self._owner[index], []).append(lines)
        found: dict[str, list[int]] = {}
        for owner in sorted(by_owner):
            compiled, groups = self._compiled[owner], by_owner[owner]
            hits = groups[0] if len(groups) == 1 else sorted(set().union(*groups))
            if compiled.validator is not None:
                candidates = list(map(cells.__getitem__, hits))
                hits = list(compress(hits, compiled.validator.accepts(candidates)))
            if compiled.negative is not None:
                hits = [i for i in hits if not compiled.negative.rejects(cells[i])]
            if hits:
                found[compiled.recognizer] = hits
        return self._without_excluded(found)

    def rival_explains(self, recognizer: str, found: dict[str, list[int]]) -> bool:
        """Whether values of ``found`` went to a rival of ``recognizer`` and none to it.

        Two recognizers one of which excludes the other are alternatives for a column (hashes
        or plaintext passwords): once the values show which one, the other's name clue goes.
        """
        rivals = self._rivals.get(recognizer, set())
        return recognizer not in found and any(rival in found for rival in rivals)

    def _without_excluded(self, found: dict[str, list[int]]) -> dict[str, list[int]]:
        """Drop the cells a recognizer's ``excludes`` accepted from its hits."""
        for rid in set(found) & set(self._excludes):
            taken = {i for other in self._excludes[rid] for i in found.get(other, [])}
            if kept := [i for i in found[rid] if i not in taken]:
                found[rid] = kept
            else:
                del found[rid]
        return found
