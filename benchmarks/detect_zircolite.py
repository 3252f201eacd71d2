"""The Zircolite method, rebuilt for a fair comparison: pySigma's SQLite backend over one
in-memory SQLite table holding every event, one query per rule and logsource placement.

Kept apart from ``detect_bench.py`` so the peer's method reads as one piece.
"""

from __future__ import annotations

import copy
import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sigma.backends.sqlite.sqlite import sqliteBackend
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import FieldMappingTransformation
from sigma.rule import SigmaRule

from indsec.model.event import Event
from indsec.sigma.router import ANY_WINDOWS_EVENT, LogsourceRouter, Placement

SELECT_ALL = "SELECT * FROM logs WHERE "
NO_SUCH_COLUMN = re.compile(r"no such column: (.+)")


def zircolite_queries(rule: SigmaRule, router: LogsourceRouter) -> list[str]:
    """The rule as SQLite queries, one per place it applies, each scoped by Channel/EventID."""
    queries: list[str] = []
    for placement in router.placements(rule.logsource):
        scope = _scope(placement)
        if scope is None:
            continue  # a non-Windows route: never applies to Windows events
        fields: dict[str | None, str | list[str]] = {k: v for k, v in placement.fields.items()}
        mapping = ProcessingItem(FieldMappingTransformation(fields))
        pipeline = ProcessingPipeline([mapping]) if fields else None
        for query in sqlite_backend(pipeline).convert_rule(copy.deepcopy(rule)):  # type: ignore[no-untyped-call]
            if not isinstance(query, str) or not query.startswith(SELECT_ALL):
                raise NotImplementedError(f"unexpected query shape: {str(query)[:80]}")
            condition = query.removeprefix(SELECT_ALL)
            queries.append(f"SELECT row_id FROM logs WHERE ({scope}) AND ({condition})")
    return queries


def sqlite_backend(pipeline: ProcessingPipeline | None) -> sqliteBackend:
    """pySigma's SQLite backend, as Zircolite uses it (its constructor is untyped)."""
    return sqliteBackend(pipeline)  # type: ignore[no-untyped-call]


def _sql_text(text: str) -> str:
    quoted = text.replace("'", "''")
    return f"'{quoted}'"


def _scope(placement: Placement) -> str | None:
    """Channel/EventID terms of a Windows placement; None for a route outside Windows logs."""
    terms: list[str] = []
    for key in placement.keys:
        if key == ANY_WINDOWS_EVENT:
            terms.append("Channel IS NOT NULL OR Provider_Name IS NOT NULL")
        elif isinstance(key, tuple) and key[0] in ("channel", "provider"):
            column = "Channel" if key[0] == "channel" else "Provider_Name"
            term = f"{column} = {_sql_text(str(key[1]))}"
            terms.append(term if key[2] is None else f"{term} AND EventID = {int(key[2])}")
        else:
            return None
    return " OR ".join(f"({term})" for term in terms)


class ZircoliteTable:
    """Zircolite's store: one in-memory SQLite table, a column per field, typed as first seen.

    Like Zircolite, text columns use ``COLLATE NOCASE`` (Sigma is case-insensitive), integers
    stay integers, lists become their text, and EventID is indexed. Two deliberate departures
    keep the alert sets comparable: a column some rule reads but no event has is added (all
    NULL) instead of failing the query with "no such column", and ``regexp`` on NULL is false
    instead of raising.
    """

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.create_function("regexp", 2, _regexp, deterministic=True)
        self.columns: dict[str, str] = {}
        self.added: set[str] = set()

    def load(self, events: Sequence[Event]) -> None:
        for event in events:
            for name, value in event.fields.items():
                if value is not None and name.lower() not in self.columns:
                    self.columns[name.lower()] = f'"{name}" ' + _sql_type(value)
        self.db.execute(
            f"CREATE TABLE logs (row_id INTEGER PRIMARY KEY, {', '.join(self.columns.values())})"
        )
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        for row_id, event in enumerate(events):
            names = tuple(name for name, value in event.fields.items() if value is not None)
            groups[names].append((row_id, *(_sql_value(event.fields[n]) for n in names)))
        for names, rows in groups.items():
            self._insert(names, rows)
        self.db.execute('CREATE INDEX idx_eventid ON logs ("EventID")')

    def _insert(self, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        keep = [
            i for i, name in enumerate(names) if name.lower() not in {n.lower() for n in names[:i]}
        ]
        if len(keep) < len(names):  # names equal but for case: SQLite has one column for both
            rows = [(row[0], *(row[i + 1] for i in keep)) for row in rows]
            names = tuple(names[i] for i in keep)
        columns = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" * (len(names) + 1))
        self.db.executemany(f"INSERT INTO logs (row_id, {columns}) VALUES ({marks})", rows)

    def rows(self, query: str) -> list[int]:
        """Row ids the query selects; a column missing from the data is added, then retried."""
        while True:
            try:
                return [row_id for (row_id,) in self.db.execute(query)]
            except sqlite3.OperationalError as exc:
                missing = NO_SUCH_COLUMN.match(str(exc))
                if missing is None or missing.group(1) in self.added:
                    raise
                self.added.add(missing.group(1))
                self.db.execute(
                    f'ALTER TABLE logs ADD COLUMN "{missing.group(1)}" TEXT COLLATE NOCASE'
                )


def _sql_type(value: Any) -> str:
    return "INTEGER" if type(value) is int else "TEXT COLLATE NOCASE"


def _sql_value(value: Any) -> Any:
    return value if type(value) in (int, str) else str(value)


def _regexp(pattern: str, value: Any) -> int:
    return 0 if value is None else int(re.search(pattern, str(value)) is not None)
