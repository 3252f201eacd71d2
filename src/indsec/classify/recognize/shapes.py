"""Value shapes: corroboration for recognizers that no value pattern can prove.

A recipe, a contract or a network topology has no identifier format, so a column, table or
file name is all that points at one — and a name alone is a suspicion, never a label. Each such
recognizer declares in its pack what its values look like (numbers with units, codes, JSON/XML
documents, file names with its extensions, IP addresses …). A shape proves nothing alone —
numbers are everywhere — but it corroborates a name: a ``gateway`` column of IPv4 addresses is
topology, a ``gateway`` column of payment channels is not, and an empty table's ``recipe_id``
stays a suspicion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from indsec.classify.recognize.files import file_extension
from indsec.classify.recognize.pack import REGEX_FLAGS, ContentSignature, RecognizerPack


@dataclass(frozen=True, slots=True)
class _CompiledShape:
    cells: re.Pattern[str] | None
    extensions: frozenset[str]
    text: tuple[tuple[re.Pattern[str], ContentSignature], ...]
    min_ratio: float
    says: str


class ShapeMatcher:
    """The compiled shapes of every recognizer of a pack that declares one."""

    def __init__(self, pack: RecognizerPack) -> None:
        self._shapes: dict[str, _CompiledShape] = {}
        for rec in pack.recognizers:
            if rec.shape is None or rec.patterns:
                continue
            named = [pack.value_shapes[n] for n in rec.shape.values if n in pack.value_shapes]
            regex = "|".join(f"(?:{shape.regex})" for shape in named)
            says = [shape.says for shape in named]
            if rec.shape.extensions:
                says.append("name " + "/".join(rec.file_signatures.extensions[:4]) + " files")
            self._shapes[rec.id] = _CompiledShape(
                cells=re.compile(regex, REGEX_FLAGS) if regex else None,
                extensions=frozenset(
                    rec.file_signatures.extensions if rec.shape.extensions else ()
                ),
                text=tuple((re.compile(s.regex, REGEX_FLAGS), s) for s in rec.shape.text),
                min_ratio=rec.shape.min_ratio,
                says=" or ".join(says) or "fit no cell shape",
            )

    def covers(self, recognizer: str) -> bool:
        """Whether ``recognizer`` is judged by its shape (it has no value patterns)."""
        return recognizer in self._shapes

    def min_ratio(self, recognizer: str) -> float:
        return self._shapes[recognizer].min_ratio

    def says(self, recognizer: str) -> str:
        """What fitting values are, for evidence: "are numbers or codes"."""
        return self._shapes[recognizer].says

    def fit(self, recognizer: str, cells: Sequence[str]) -> list[int]:
        """Indices of the (normalised, distinct) non-empty cells that fit the shape."""
        shape = self._shapes[recognizer]
        return [
            i
            for i, cell in enumerate(cells)
            if cell
            and (
                (shape.cells is not None and shape.cells.fullmatch(cell) is not None)
                or (bool(shape.extensions) and file_extension(cell) in shape.extensions)
            )
        ]

    def text_fit(self, recognizer: str, head: str) -> tuple[str, int] | None:
        """Evidence that a named file's text (normalised head) has the shape, and the count."""
        for regex, signature in self._shapes[recognizer].text:
            count = sum(1 for _ in islice(regex.finditer(head), signature.min_count))
            if count >= signature.min_count:
                return f"its text has the shape ({signature.source}, {count}+ times)", count
        return None
