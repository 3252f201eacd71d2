"""What a logged SQL statement does and which tables it touches, for database audit events.

Grade-aware rules ("someone bulk-read a core table") need the table names a statement reads,
not its text. sqlglot parses the statement in the server's dialect; when it cannot (vendor
syntax such as MySQL's ``SELECT … INTO OUTFILE``) a tolerant keyword scan still finds the
tables after FROM/JOIN/INTO/UPDATE/TABLE. Results are cached, since audit logs repeat the same
statements endlessly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from indsec.errors import MissingDriverError

MAX_STATEMENT_CHARS = 100_000
"""Longer statements (bulk INSERT … VALUES) are summarised from their head only."""

_PARSE_MAX_CHARS = 10_000
"""Longer statements skip the parser (slow on megabyte INSERTs) for the keyword scan."""

_CACHE_MAX_CHARS = 2_000
"""Only statements up to this size are cached, so the cache stays small in memory."""


@dataclass(frozen=True, slots=True)
class StatementSummary:
    """The kind (``SELECT``, ``COPY TO``, ``GRANT``, …) and tables of one statement."""

    kind: str
    tables: tuple[str, ...]


_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.|'')*'|--[^\n]*|/\*.*?\*/", re.DOTALL)
_LEADING_NOISE = re.compile(r"^(?:\s|\(|/\*.*?\*/|--[^\n]*\n)*", re.DOTALL)
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_IDENT = r"(?:`[^`]+`|\"[^\"]+\"|\[[^\]]+\]|[\w$]+)"
_TABLE_AFTER_KEYWORD = re.compile(
    rf"\b(?:FROM|JOIN|INTO(?:\s+TABLE)?|UPDATE|TABLE|COPY)\s+(?!SELECT\b|OUTFILE\b|DUMPFILE\b)"
    rf"(?P<name>{_IDENT}(?:\s*\.\s*{_IDENT}){{0,2}})",
    re.IGNORECASE,
)
_GRANT_TARGET = re.compile(
    rf"\bON\s+(?:TABLE\s+)?(?P<name>{_IDENT}(?:\s*\.\s*{_IDENT}){{0,2}})", re.IGNORECASE
)
_COPY_TO = re.compile(r"\bTO\s+(?:STDOUT|PROGRAM|'|E')", re.IGNORECASE)
_INTO_FILE = re.compile(r"\bINTO\s+(?:OUTFILE|DUMPFILE)\b", re.IGNORECASE)
_QUOTES = '`"[]'


def _sqlglot() -> Any:
    try:
        import sqlglot
    except ImportError as exc:
        raise MissingDriverError("sqlglot", "detect") from exc
    # sqlglot warns on every vendor statement it cannot model; the keyword scan covers those.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    return sqlglot


def _unquote(name: str) -> str:
    parts = (part.strip().strip(_QUOTES) for part in re.split(r"\s*\.\s*", name))
    return ".".join(parts)


def _blank(found: re.Match[str]) -> str:
    """Strings become empty literals, comments a space: neither can hide a keyword then."""
    return "''" if found.group().startswith("'") else " "


def _kind(code: str) -> str:
    """The statement's verb from its text with strings and comments removed."""
    body = _LEADING_NOISE.sub("", code)
    word = _FIRST_WORD.match(body)
    verb = word.group().upper() if word else "UNKNOWN"
    if verb == "WITH":
        main = re.search(r"\)\s*(SELECT|INSERT|UPDATE|DELETE|MERGE)\b", body, re.IGNORECASE)
        verb = main.group(1).upper() if main else "SELECT"
    if verb == "COPY":
        return "COPY TO" if _COPY_TO.search(body) else "COPY FROM"
    if verb == "SELECT" and _INTO_FILE.search(body):
        return "SELECT INTO OUTFILE"
    return verb


def _tables_by_parse(statement: str, dialect: str) -> tuple[str, ...] | None:
    sqlglot = _sqlglot()
    try:
        tree = sqlglot.parse_one(statement, read=dialect)
    except sqlglot.errors.SqlglotError:
        return None
    if tree is None or isinstance(tree, sqlglot.exp.Command):
        return None
    exp = sqlglot.exp
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names: list[str] = []
    for table in tree.find_all(exp.Table):
        parts = [p for p in (table.catalog, table.db, table.name) if p]
        if not parts or (len(parts) == 1 and parts[0] in ctes):
            continue
        names.append(".".join(parts))
    return tuple(dict.fromkeys(names))


def _tables_by_keywords(code: str, kind: str) -> tuple[str, ...]:
    pattern = _GRANT_TARGET if kind in {"GRANT", "REVOKE"} else _TABLE_AFTER_KEYWORD
    names = (_unquote(m["name"]) for m in pattern.finditer(code))
    return tuple(dict.fromkeys(n for n in names if n.upper() not in {"TABLE", "ONLY"}))


def summarise_statement(statement: str, dialect: str) -> StatementSummary:
    """Kind and tables of ``statement`` written in ``dialect`` (``postgres``, ``mysql``).

    Tables are written as in the statement (``schema.table`` when qualified), quotes removed,
    CTE names excluded, duplicates dropped in order of appearance.
    """
    statement = statement.strip().rstrip(";")[:MAX_STATEMENT_CHARS]
    if len(statement) <= _CACHE_MAX_CHARS:
        return _summarise_cached(statement, dialect)
    return _summarise(statement, dialect)


@lru_cache(maxsize=4096)
def _summarise_cached(statement: str, dialect: str) -> StatementSummary:
    return _summarise(statement, dialect)


def _summarise(statement: str, dialect: str) -> StatementSummary:
    code = _STRING_OR_COMMENT.sub(_blank, statement)
    kind = _kind(code)
    tables = None
    if len(statement) <= _PARSE_MAX_CHARS:
        tables = _tables_by_parse(statement, dialect)
    if tables is None:
        tables = _tables_by_keywords(code, kind)
    return StatementSummary(kind, tables)
