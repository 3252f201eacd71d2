"""JSON logs as flat records: parsing with orjson, flattening, and streaming array exports.

Sigma addresses nested JSON with dotted names (``process.command_line``) and Zeek already
writes dotted keys (``id.orig_h``); flattening nested objects the same way lets one pipeline
mapping serve both. Exports such as JumpServer's are one big JSON array rather than JSON
lines: :func:`iter_json_texts` splits it into elements line by line, so memory stays bounded
by one element whatever the file size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from indsec.errors import MissingDriverError
from indsec.model.source import ScanReport

MAX_ELEMENT_CHARS = 1 << 20
"""Longest array element kept; a longer one is reported and skipped."""

JsonLoads = Callable[[bytes | str], Any]

_CONTAINERS = frozenset({dict, list})


def json_loads() -> JsonLoads:
    """orjson's parser, the one JSON parser fast enough for log volumes.

    Raises:
        MissingDriverError: orjson is not installed.
    """
    try:
        import orjson
    except ImportError as exc:
        raise MissingDriverError("orjson", "detect") from exc
    return orjson.loads


def json_dumps(value: Any) -> str:
    """Compact JSON text, for nested values that Sigma can only match as text.

    Raises:
        ValueError: the value is nested deeper than orjson writes (it reads deeper).
    """
    import orjson

    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError as exc:
        raise ValueError(f"a JSON list nested too deep to keep as text ({exc})") from exc


def flatten(obj: dict[str, Any], unwrap: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Nested objects become dotted keys; objects named in ``unwrap`` lose their prefix.

    Lists of scalars stay lists (Sigma matches any element); a list of objects or lists (logs
    write homogeneous arrays, so the first item decides) becomes JSON text, since no Sigma
    field name can address inside it. A flat object (Zeek, most logs) is returned as it is.

    Raises:
        ValueError: a list inside is nested too deep to be kept as text.
    """
    for value in obj.values():
        if type(value) is dict or type(value) is list:
            flat: dict[str, Any] = {}
            _flatten_into(flat, obj, "", unwrap, 0)
            return flat
    return obj


RECURSION_DEPTH: Final = 64
"""Objects nest this deep by recursion; deeper ones by :func:`_flatten_deep`."""


def _flatten_into(
    flat: dict[str, Any], obj: dict[str, Any], prefix: str, unwrap: frozenset[str], depth: int
) -> None:
    for key, value in obj.items():
        if type(value) is dict:
            name = prefix + key
            inner = "" if name in unwrap else name + "."
            if depth < RECURSION_DEPTH:
                _flatten_into(flat, value, inner, unwrap, depth + 1)
            else:
                _flatten_deep(flat, value, inner, unwrap)
        else:
            _put(flat, prefix + key, value)


def _flatten_deep(
    flat: dict[str, Any], obj: dict[str, Any], prefix: str, unwrap: frozenset[str]
) -> None:
    """The same walk with the open objects on a list instead of the call stack: the parser
    accepts objects nested ~1,000 deep, past Python's recursion limit. Only the rare deep
    remainder goes this way: the recursive walk is the simpler one."""
    items = iter(obj.items())
    above: list[tuple[str, Iterator[tuple[str, Any]]]] = []
    while True:
        for key, value in items:
            if type(value) is dict:
                above.append((prefix, items))
                name = prefix + key
                prefix = "" if name in unwrap else name + "."
                items = iter(value.items())
                break
            _put(flat, prefix + key, value)
        else:
            if not above:
                return
            prefix, items = above.pop()


def _put(flat: dict[str, Any], name: str, value: Any) -> None:
    if type(value) is list and value and type(value[0]) in _CONTAINERS:
        flat[name] = json_dumps(value)
    else:
        flat[name] = value


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _ArraySplitter:
    """Tracks bracket depth across lines and cuts out each top-level array element."""

    def __init__(self, where: str, report: ScanReport, max_chars: int) -> None:
        self._where = where
        self._report = report
        self._max_chars = max_chars
        self._depth = 0
        self._parts: list[str] = []
        self._size = 0
        self._start = 0
        self._oversized = False

    def feed(self, number: int, text: str) -> Iterator[tuple[int, str]]:
        begin = 0
        for token in _TOKEN.finditer(text):
            mark = token.group()
            if mark[0] == '"':
                continue
            if mark in "[{":
                self._depth += 1
                if self._depth == 2:
                    self._start, begin = number, token.start()
                    self._parts, self._size, self._oversized = [], 0, False
            else:
                self._depth -= 1
                if self._depth == 1:
                    yield from self._finish(text[begin : token.end()])
        if self._depth >= 2:
            self._keep(text[begin:] + "\n")

    def _keep(self, piece: str) -> None:
        self._size += len(piece)
        if self._size > self._max_chars:
            self._oversized, self._parts = True, []
        elif not self._oversized:
            self._parts.append(piece)

    def _finish(self, tail: str) -> Iterator[tuple[int, str]]:
        self._keep(tail)
        if self._oversized:
            where = f"{self._where}:{self._start}"
            self._report.fail(where, f"JSON element longer than {self._max_chars} characters")
        else:
            yield self._start, "".join(self._parts)
        self._parts = []


def iter_json_texts(
    lines: Iterator[tuple[int, str]],
    where: str,
    report: ScanReport,
    *,
    max_chars: int = MAX_ELEMENT_CHARS,
) -> Iterator[tuple[int, str]]:
    """The text of each JSON document with its first line: one per line (JSON lines), or one
    per element when the file is a single top-level array of objects."""
    splitter: _ArraySplitter | None = None
    decided = False
    for number, text in lines:
        if not decided:
            if not text.strip():
                continue
            decided = True
            if text.lstrip().startswith("["):
                splitter = _ArraySplitter(where, report, max_chars)
        if splitter is not None:
            yield from splitter.feed(number, text)
        elif text.strip():
            yield number, text


def json_objects(
    numbered_texts: Iterable[tuple[int, str]], path: object, report: ScanReport, *, what: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Flattened JSON objects with their ``path:line``; malformed or non-object ones reported.

    ``what`` names one record in the failure message ("a session", "a file event").
    """
    loads = json_loads()
    for number, text in numbered_texts:
        if not text.strip():
            continue
        where = f"{path}:{number}"
        try:
            document = loads(text)
        except ValueError as exc:
            report.fail(where, f"malformed JSON: {exc}; skipped")
            continue
        if not isinstance(document, dict):
            report.fail(where, f"{what} must be a JSON object; skipped")
            continue
        try:
            record = flatten(document)
        except ValueError as exc:
            report.fail(where, f"{exc}; skipped")
            continue
        yield where, record
