"""Name evidence: column, table and file names, comments and context words.

Chinese schemas name columns three ways — Chinese (``身份证号码``), pinyin initials (``sfzh``)
and English (``idCardNo``) — so each recognizer lists keywords in all three and each kind is
matched the way it is written: Chinese as a substring, pinyin initials as a whole token (``xm``
must not fire inside ``xml``), English as a run of tokens (``id_card`` matches ``userIdCard``
and ``id_card_no``, not ``valid_cardinality``). A few words point only as the whole name or
comment (``账号`` alone, not inside ``银行账号``), or as the head noun, which English puts in the
last token (``customer_person``) and Chinese at the end (``送检者``, ``发货人``, ``库管员``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from indsec.classify.recognize.pack import Keywords

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = "0123456789"
# a one-letter namespace some frameworks put before every column (WaterCloud's F_AreaCode)
_LETTER_PREFIX = re.compile(r"^[a-z]_")
_NOT_LOWER_ALNUM = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True, slots=True)
class NameHit:
    """A recognizer whose keyword occurs in a name."""

    recognizer: str
    keyword: str


@dataclass(frozen=True, slots=True)
class _SplitName:
    text: str
    tokens: tuple[str, ...]


def split_name(name: str) -> _SplitName:
    """NFKC + lower-case text for substrings, plus ASCII tokens split at case and punctuation."""
    normal = unicodedata.normalize("NFKC", name)
    spaced = _CAMEL.sub("_", normal).lower()
    tokens = tuple(t.rstrip(_DIGITS) or t for t in _NOT_ALNUM.split(spaced) if t)
    return _SplitName(normal.lower(), tokens)


def squash_name(name: str) -> str:
    """A column name lowercased, without a one-letter prefix or separators: F_CreatorTime,
    creator_time and CreatorTime are all ``creatortime`` (how packs list framework columns)."""
    return _NOT_LOWER_ALNUM.sub("", _LETTER_PREFIX.sub("", name.lower()))


def _english_tokens(keyword: str) -> tuple[str, ...]:
    return split_name(keyword).tokens


def _contains_run(tokens: tuple[str, ...], run: tuple[str, ...]) -> bool:
    last = run[-1]
    width = len(run)
    for start in range(len(tokens) - width + 1):
        window = tokens[start : start + width]
        if window[:-1] == run[:-1] and window[-1] in (last, last + "s", last + "es"):
            return True
    return False


class NameMatcher:
    """Matches names against one keyword list per recognizer (column, table or context words)."""

    def __init__(self, keywords: Iterable[tuple[str, Keywords]]) -> None:
        self._zh: list[tuple[str, NameHit]] = []
        self._token: dict[str, list[NameHit]] = {}
        self._runs: list[tuple[tuple[str, ...], NameHit]] = []
        self._whole: dict[str, list[NameHit]] = {}
        self._last: dict[str, list[NameHit]] = {}
        self._suffixes: list[tuple[str, NameHit]] = []
        for recognizer, words in keywords:
            self._add(recognizer, words)

    def _add(self, recognizer: str, words: Keywords) -> None:
        for word in words.zh:
            self._zh.append(
                (unicodedata.normalize("NFKC", word).lower(), NameHit(recognizer, word))
            )
        for word in words.pinyin:
            self._token.setdefault(word.lower(), []).append(NameHit(recognizer, word))
        for word in words.en:
            tokens = _english_tokens(word)
            if not tokens:
                continue
            hit = NameHit(recognizer, word)
            self._token.setdefault("".join(tokens), []).append(hit)
            self._runs.append((tokens, hit))
        for word in words.whole:
            whole = split_name(word).text.strip()
            self._whole.setdefault(whole, []).append(NameHit(recognizer, word))
        for word in words.last:
            hit = NameHit(recognizer, word)
            if word.isascii():
                self._last.setdefault(word.lower(), []).append(hit)
            else:
                self._suffixes.append((unicodedata.normalize("NFKC", word).lower(), hit))

    def match(self, name: str) -> list[NameHit]:
        """Every recognizer with a keyword in ``name``, each once, in keyword-list order."""
        if not name:
            return []
        split = split_name(name)
        hits = [hit for word, hit in self._zh if word and word in split.text]
        hits += self._whole.get(split.text.strip(), [])
        hits += self._last.get(split.tokens[-1], []) if split.tokens else []
        hits += [hit for word, hit in self._suffixes if split.text.rstrip().endswith(word)]
        for token in split.tokens:
            hits += self._token.get(token, [])
        hits += [hit for run, hit in self._runs if _contains_run(split.tokens, run)]
        return _first_per_recognizer(hits)


def _first_per_recognizer(hits: list[NameHit]) -> list[NameHit]:
    seen: dict[str, NameHit] = {}
    for hit in hits:
        seen.setdefault(hit.recognizer, hit)
    return list(seen.values())
