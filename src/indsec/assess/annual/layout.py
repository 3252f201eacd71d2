"""The shapes a report section is made of: facts, paragraphs and tables of text.

Sections are built as these values in Python (where the counting and the wording are tested)
and a single generic template lays them out, so the HTML, the PDF and the tests read the same
content and the template holds no logic beyond loops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from indsec.cells import column_widths
from indsec.model import Grade

T = TypeVar("T")
SHORT_COLUMN = 12
"""Half-width characters up to which a column keeps its natural width (a grade, an outcome)."""
LINE_UNITS = 118
"""Half-width characters a listing's line holds: A4 portrait, 16 mm margins, 8 pt text."""


@dataclass(frozen=True)
class Table:
    """A captioned table of text cells; ``note`` says what was left to the appendix."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    empty: str = ""

    @property
    def widths(self) -> tuple[float, ...]:
        """Each column's share of the width (percent), from its widest cell (CJK double).

        Short columns (a grade, an outcome, a count) keep their natural width and the long ones
        share what is left of the line, so a four-glyph outcome is never broken per glyph. Given
        to the table as a fixed layout: the PDF engine then need not measure every cell twice
        for an automatic layout, the slowest part of typesetting long listings.
        """
        chars = column_widths(self.header, self.rows)
        short = sum(c for c in chars if c <= SHORT_COLUMN)
        long = sum(c for c in chars if c > SHORT_COLUMN) or 1
        scale = min(1.0, max(LINE_UNITS - short, 0) / long)
        units = [c if c <= SHORT_COLUMN else max(SHORT_COLUMN, c * scale) for c in chars]
        total = sum(units) or 1
        return tuple(round(100 * u / total, 1) for u in units)


@dataclass(frozen=True)
class Section:
    """One of the nine sections: label/value facts, then paragraphs, then tables."""

    number: int
    title: str
    facts: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Wording:
    """The words of one language, and the ``zh``/``en`` key of the model's bilingual names."""

    t: Mapping[str, str]
    lang: str

    def __getitem__(self, key: str) -> str:
        return self.t[key]

    def yes_no(self, value: bool) -> str:
        return self.t["yes" if value else "no"]

    def scenario(self, scenario: str | None) -> str:
        return self.t.get(f"scenario_{scenario}", scenario or self.t["scenario_other"])

    def grade(self, grade: str) -> str:
        known = grade in {g.value for g in Grade}
        return Grade(grade).zh if known and self.lang == "zh" else grade


def bounded(
    caption: str,
    header: Sequence[str],
    items: Sequence[T],
    row: Callable[[T], Iterable[object]],
    *,
    limit: int,
    more: str = "",
    empty: str = "",
) -> Table:
    """A table of the first ``limit`` items; ``more`` (formatted with the counts) if cut."""
    shown = items[:limit]
    note = more.format(shown=len(shown), total=len(items)) if len(items) > limit else ""
    rows = tuple(tuple(text(v) for v in row(item)) for item in shown)
    return Table(caption, tuple(header), rows, note, empty)


def text(value: object) -> str:
    """A cell's text: counts with thousands separators, None as empty."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def percent(score: float | None) -> str:
    """A score as a percentage, or an em dash when nothing was scored."""
    return "—" if score is None else f"{score * 100:.1f}%"
