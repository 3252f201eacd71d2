"""Text evidence: identifiers, secrets and industrial values inside free text.

Documents, logs and exported files are megabytes of prose with a few values worth finding. The
text is normalised once and cut into chunks at line ends; a Hyperscan prefilter says which
patterns (or context words) occur in each chunk, and only those run exactly, with an
boundary on both sides so a phone number inside a longer digit run does not count.
Patterns that prove nothing alone (a surname followed by a character or two) are only tried
right after one of their recognizer's context words ("姓名：张三"), with at most punctuation or
a copula between: in "Mqtt客户端、插件管理" the word 客户 introduces no name, and 管理 is none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from indsec.classify.masking import mask_value
from indsec.classify.recognize.multipattern import ChunkPrefilter, Rejected, chunk_prefilter
from indsec.classify.recognize.pack import REGEX_FLAGS, Recognizer, RecognizerSettings
from indsec.classify.recognize.validators import VALIDATORS, Check
from indsec.classify.recognize.values import NegativeWords

_BOUNDED = "(?<![0-9a-z_@.])(?:{})(?![0-9a-z_@])"
"""A match must not continue a word, a number (``3.13800138000``) or an address (``x@y.com``)."""


_GAP = re.compile(r"""(?:[\s:=\-"'“”‘’()（）\[\]【】<>,，]|为|是|is\b){0,8}""")
"""What may stand between a context word and the value it introduces: ``姓名：张三``,
``"name": "张三"``, ``负责人为李四``, ``password is 5f4d…`` — punctuation, spaces, a copula."""


def normalise_text(text: str) -> str:
    """The form every pattern is written for: NFKC, lower-case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def context_regex(words: Sequence[str]) -> str:
    """One alternation of literal context words, longest first."""
    normal = sorted({normalise_text(w) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in normal)


@dataclass
class TextFinding:
    """What one recognizer found in a text: validated matches, candidates, masked examples."""

    recognizer: str
    matched: int = 0
    candidates: int = 0
    near_context: int = 0
    examples: list[str] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class _TextPattern:
    recognizer: Recognizer
    exact: re.Pattern[str]
    check: Check | None
    needs_context: bool
    negative: NegativeWords | None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One prefilter expression: a pattern searched everywhere, or context words after which
    the recognizer's context-only patterns are searched."""

    direct: _TextPattern | None = None
    after_context: tuple[_TextPattern, ...] = ()


def _chunks(text: str, size: int) -> Iterator[str]:
    """Pieces of about ``size`` characters, cut after a newline where one is near the end."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            newline = text.rfind("\n", start + size // 2, end)
            end = newline + 1 if newline >= 0 else end
        yield text[start:end]
        start = end


def _passes(pattern: _TextPattern, found: str) -> bool:
    """The validator accepts the match and the negative lexicon does not (单位员 is no name)."""
    if pattern.check is not None and not pattern.check(found):
        return False
    return pattern.negative is None or not pattern.negative.rejects(found)


class TextScanner:
    """All text-capable patterns of a pack behind one chunk prefilter."""

    def __init__(
        self,
        recognizers: Sequence[Recognizer],
        settings: RecognizerSettings,
        *,
        use_hyperscan: bool = True,
    ) -> None:
        self._settings = settings
        self._context: dict[str, re.Pattern[str]] = {}
        self._entries: list[_Entry] = []
        prefilter: list[str] = []
        for rec in recognizers:
            prefilter += self._add(rec)
        self.expressions = tuple(prefilter)
        """What the chunk prefilter looks for (benchmarks time the prefilter on its own)."""
        self._prefilter: ChunkPrefilter = chunk_prefilter(prefilter, use_hyperscan=use_hyperscan)

    def _add(self, rec: Recognizer) -> list[str]:
        """Register ``rec``'s text patterns; returns their prefilter expressions."""
        words = rec.context.all_words()
        if words:
            self._context[rec.id] = re.compile(context_regex(words), REGEX_FLAGS)
        check = VALIDATORS.get(rec.validator).check if rec.validator else None
        negative = NegativeWords(rec.negative) or None
        expressions: list[str] = []
        contextual: list[_TextPattern] = []
        for spec in rec.patterns:
            if spec.in_text == "never" or (spec.in_text == "with_context" and not words):
                continue
            exact = re.compile(_BOUNDED.format(spec.regex), REGEX_FLAGS)
            pattern = _TextPattern(rec, exact, check, spec.in_text == "with_context", negative)
            if pattern.needs_context:
                contextual.append(pattern)
            else:
                self._entries.append(_Entry(direct=pattern))
                expressions.append(spec.regex)
        if contextual:
            self._entries.append(_Entry(after_context=tuple(contextual)))
            expressions.append(context_regex(words))
        return expressions

    @property
    def rejected(self) -> list[Rejected]:
        """Prefilter expressions Hyperscan refused (always run exactly)."""
        return list(self._prefilter.rejected)

    def scan(self, text: str) -> dict[str, TextFinding]:
        """Recognizer id → finding, for every recognizer with at least one candidate."""
        findings: dict[str, TextFinding] = {}
        for chunk in _chunks(normalise_text(text), self._settings.text_chunk_chars):
            for entry in sorted(self._prefilter.occurring(chunk)):
                self._scan_entry(chunk, entry, findings)
        return {rid: f for rid, f in findings.items() if f.candidates}

    def _scan_entry(self, chunk: str, entry: int, findings: dict[str, TextFinding]) -> None:
        found = self._entries[entry]
        if found.direct is not None:
            self._count(chunk, found.direct, found.direct.exact.finditer(chunk), findings)
        for pattern in found.after_context:
            self._count(chunk, pattern, self._after_context(chunk, pattern), findings)

    def _after_context(self, chunk: str, pattern: _TextPattern) -> Iterator[re.Match[str]]:
        window = self._settings.context_window
        for word in self._context[pattern.recognizer.id].finditer(chunk):
            end = word.end() + window
            gap = _GAP.match(chunk, word.end(), end)
            found = pattern.exact.match(chunk, gap.end() if gap else word.end(), end)
            if found:
                yield found

    def _count(
        self,
        chunk: str,
        pattern: _TextPattern,
        matches: Iterator[re.Match[str]],
        findings: dict[str, TextFinding],
    ) -> None:
        finding = findings.setdefault(pattern.recognizer.id, TextFinding(pattern.recognizer.id))
        for match in matches:
            if finding.candidates >= self._settings.max_text_matches:
                finding.truncated = True
                return
            finding.candidates += 1
            if _passes(pattern, match.group()):
                self._accept(finding, pattern, chunk, match)

    def _accept(
        self, finding: TextFinding, pattern: _TextPattern, chunk: str, match: re.Match[str]
    ) -> None:
        """Count a validated match; note nearby context (once is enough) and keep an example."""
        rec = pattern.recognizer
        finding.matched += 1
        if pattern.needs_context or (not finding.near_context and self._near(chunk, rec, match)):
            finding.near_context += 1
        if len(finding.examples) < self._settings.max_examples:
            masked = mask_value(
                match.group(), rec.mask.style, head=rec.mask.head, tail=rec.mask.tail
            )
            if masked not in finding.examples:
                finding.examples.append(masked)

    def _near(self, chunk: str, rec: Recognizer, match: re.Match[str]) -> bool:
        words = self._context.get(rec.id)
        if words is None:
            return False
        window = self._settings.context_window
        return words.search(chunk, max(match.start() - window, 0), match.end() + window) is not None
