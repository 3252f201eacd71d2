"""Multi-pattern matching: Hyperscan where it is installed, Python ``re`` where it is not.

Running fifty regexes one after the other over every cell costs ~5 µs a cell; Hyperscan runs
them all in one pass. It is always a *prefilter* whose answer the exact Python regex confirms,
so the Hyperscan and plain-``re`` paths return the same matches by construction. Databases are
compiled in Hyperscan's prefilter mode, which approximates look-arounds and back-references by
a superset instead of refusing them (and scans about twice as fast on the builtin pack).

* :class:`LineMatcher` — a column's cells, one per line, scanned once with a database of
  line-anchored patterns: which patterns occur at all, and if many do, on which lines.
* :class:`ChunkPrefilter` — free text in chunks: which patterns are worth running exactly.

A pattern Hyperscan still refuses (``\\u`` escapes, huge bounded repeats) is matched by ``re``
alone; the matcher lists those in :attr:`rejected` so the engine can say so at load time.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

import numpy as np

hyperscan: Any
try:  # optional: pip install 'indsec[hyperscan]'
    import hyperscan
except ImportError:  # pragma: no cover - exercised where hyperscan is not installed
    hyperscan = None

Match = Callable[[str], object]
_NEWLINE = ord("\n")


def hyperscan_available() -> bool:
    """Whether the optional Hyperscan binding could be imported."""
    return hyperscan is not None


@dataclass(frozen=True, slots=True)
class LinePattern:
    """A pattern for cells: the regex, whether it must match the whole cell, its exact matcher."""

    regex: str
    full: bool
    flags: int = re.ASCII

    def exact(self) -> Match:
        compiled = re.compile(self.regex, self.flags)
        return compiled.fullmatch if self.full else compiled.search

    def anchored(self) -> str:
        """The Hyperscan form over a newline-framed buffer: a whole line, or any line containing it.

        Literal newlines anchor faster than ``^``/``$`` in multi-line mode, and ending at the
        newline makes Hyperscan report each line once, whatever the pattern matches inside it.
        """
        if self.full:
            return f"\\n(?:{self.regex})\\n"
        return f"\\n[^\\n]*(?:{self.regex})[^\\n]*\\n"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A pattern Hyperscan could not compile, and why."""

    index: int
    reason: str


def _hs_compile(expressions: Sequence[str], flags: int, ids: Sequence[int]) -> Any:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[e.encode("utf-8") for e in expressions],
        ids=list(ids),
        elements=len(expressions),
        flags=[flags] * len(expressions),
    )
    return database


def _split_supported(expressions: Sequence[str], flags: int) -> list[Rejected]:
    """Try each expression alone, so one unsupported pattern does not sink the database."""
    rejected = []
    for index, expression in enumerate(expressions):
        try:
            _hs_compile([expression], flags, [index])
        except hyperscan.error as exc:
            rejected.append(Rejected(index, str(exc)))
    return rejected


class _HyperscanDatabase:
    """The expressions compiled together, reporting original pattern indices.

    The whole set is compiled at once; only if Hyperscan refuses it is each expression tried
    alone, so one unsupported pattern does not sink the database (nor cost a compile per
    pattern when all are fine).
    """

    def __init__(self, expressions: Sequence[str], flags: int) -> None:
        self.rejected: list[Rejected] = []
        self.indices = list(range(len(expressions)))
        self._database = None
        self._per_thread = threading.local()
        if not expressions:
            return
        try:
            self._database = _hs_compile(expressions, flags, self.indices)
        except hyperscan.error:
            self._compile_supported(expressions, flags)

    def _compile_supported(self, expressions: Sequence[str], flags: int) -> None:
        self.rejected = _split_supported(expressions, flags)
        skipped = {r.index for r in self.rejected}
        self.indices = [i for i in range(len(expressions)) if i not in skipped]
        accepted = [expressions[i] for i in self.indices]
        self._database = _hs_compile(accepted, flags, self.indices) if accepted else None

    def scan(self, data: bytes, on_match: Callable[..., Any], context: object) -> None:
        """Scan with this thread's own scratch space, so threads can share one engine."""
        if self._database is None:
            return
        scratch = getattr(self._per_thread, "scratch", None)
        if scratch is None:
            scratch = self._per_thread.scratch = hyperscan.Scratch(self._database)
        self._database.scan(data, match_event_handler=on_match, context=context, scratch=scratch)


class LineMatcher:
    """Which cells each pattern matches; cells must not contain newlines.

    This base class is the plain-``re`` path: every wanted pattern tries every cell.
    """

    rejected: tuple[Rejected, ...] = ()

    def __init__(self, patterns: Sequence[LinePattern]) -> None:
        self._exact = [p.exact() for p in patterns]

    def match_lines(self, cells: Sequence[str], wanted: Iterable[int]) -> dict[int, list[int]]:
        """Pattern index → ascending indices of the cells it matches (only patterns that do)."""
        return self._exact_passes(cells, wanted)

    def _exact_passes(self, cells: Sequence[str], patterns: Iterable[int]) -> dict[int, list[int]]:
        found = {}
        for index in patterns:
            lines = list(compress(range(len(cells)), map(self._exact[index], cells)))
            if lines:
                found[index] = lines
        return found


def _record_end(
    pattern: int, _start: int, end: int, _flags: int, hits: dict[int, list[int]]
) -> None:
    hits.setdefault(pattern, []).append(end)


def _record_pattern(pattern: int, _start: int, _end: int, _flags: int, seen: set[int]) -> None:
    seen.add(pattern)


def _framed(cells: Sequence[str]) -> bytes:
    """The cells one per line, with a newline before the first and after the last."""
    return ("\n" + "\n".join(cells) + "\n").encode("utf-8", "replace")


def _lines_of_ends(framed: bytes, ends: dict[int, list[int]]) -> dict[int, list[int]]:
    """Turn end offsets into line numbers.

    A match's last byte sits at ``end - 1``; its line is the count of newlines before that byte,
    not counting the framing newline at offset 0.
    """
    newlines = np.flatnonzero(np.frombuffer(framed, dtype=np.uint8) == _NEWLINE)
    return {
        index: (np.searchsorted(newlines, np.asarray(e) - 1) - 1).tolist()
        for index, e in ends.items()
    }


class HyperscanLineMatcher(LineMatcher):
    """Hyperscan proposes, ``re`` confirms, so the answer is exactly the plain path's.

    A first single-match scan says which patterns occur in the column at all. Most columns hold
    one kind of value, so only one or two do, and running just those exactly over the cells is
    cheapest. A mixed column gets a second scan that reports every (pattern, line) pair, and
    only those lines are confirmed.
    """

    def __init__(self, patterns: Sequence[LinePattern], *, exact_pass_limit: int = 5) -> None:
        super().__init__(patterns)
        self._anchored = [p.anchored() for p in patterns]
        self._flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_PREFILTER
        single = self._flags | hyperscan.HS_FLAG_SINGLEMATCH
        self._occurring = _HyperscanDatabase(self._anchored, single)
        self._per_line_database: _HyperscanDatabase | None = None
        self.rejected = tuple(self._occurring.rejected)
        self._re_only = frozenset(r.index for r in self.rejected)
        self._exact_pass_limit = exact_pass_limit

    def match_lines(self, cells: Sequence[str], wanted: Iterable[int]) -> dict[int, list[int]]:
        if not cells:
            return {}
        buffer = _framed(cells)
        seen: set[int] = set(self._re_only)
        self._occurring.scan(buffer, _record_pattern, seen)
        candidates = sorted(seen.intersection(wanted))
        if len(candidates) <= self._exact_pass_limit:
            return self._exact_passes(cells, candidates)
        return self._confirmed_lines(buffer, cells, candidates)

    def _per_line(self) -> _HyperscanDatabase:
        """Compiled on first need: columns of one kind of value never need it."""
        if self._per_line_database is None:
            self._per_line_database = _HyperscanDatabase(self._anchored, self._flags)
        return self._per_line_database

    def _confirmed_lines(
        self, buffer: bytes, cells: Sequence[str], candidates: list[int]
    ) -> dict[int, list[int]]:
        ends: dict[int, list[int]] = {}
        self._per_line().scan(buffer, _record_end, ends)
        proposed = _lines_of_ends(buffer, ends)
        found = self._exact_passes(cells, [i for i in candidates if i in self._re_only])
        for index in candidates:
            lines = proposed.get(index)
            if lines:
                exact = map(self._exact[index], map(cells.__getitem__, lines))
                if confirmed := list(compress(lines, exact)):
                    found[index] = confirmed
        return found


class ChunkPrefilter:
    """Which patterns may occur in a chunk of text; without Hyperscan, all of them may."""

    rejected: tuple[Rejected, ...] = ()

    def __init__(self, regexes: Sequence[str]) -> None:
        self._all = frozenset(range(len(regexes)))

    def occurring(self, chunk: str) -> frozenset[int]:
        """Indices of the patterns that may match somewhere in ``chunk`` (a superset)."""
        return self._all


class HyperscanChunkPrefilter(ChunkPrefilter):
    """Each pattern reported at most once per chunk (single-match mode): ~100 MB/s and up."""

    def __init__(self, regexes: Sequence[str]) -> None:
        super().__init__(regexes)
        flags = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_PREFILTER
        self._database = _HyperscanDatabase(regexes, flags)
        self.rejected = tuple(self._database.rejected)
        self._always = frozenset(r.index for r in self.rejected)

    def occurring(self, chunk: str) -> frozenset[int]:
        return self.occurring_bytes(chunk.encode("utf-8", "replace"))

    def occurring_bytes(self, data: bytes) -> frozenset[int]:
        """:meth:`occurring` on already-encoded UTF-8 (what the throughput benchmark times)."""
        seen: set[int] = set(self._always)
        self._database.scan(data, _record_pattern, seen)
        return frozenset(seen)


def line_matcher(patterns: Sequence[LinePattern], *, use_hyperscan: bool = True) -> LineMatcher:
    """The fastest available :class:`LineMatcher` (``use_hyperscan=False`` forces ``re``)."""
    if use_hyperscan and hyperscan_available():
        return HyperscanLineMatcher(patterns)
    return LineMatcher(patterns)


def chunk_prefilter(regexes: Sequence[str], *, use_hyperscan: bool = True) -> ChunkPrefilter:
    """The fastest available :class:`ChunkPrefilter` (``use_hyperscan=False``: none at all)."""
    if use_hyperscan and hyperscan_available():
        return HyperscanChunkPrefilter(regexes)
    return ChunkPrefilter(regexes)
