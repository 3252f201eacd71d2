"""Seeding the platform benchmark's PostgreSQL database at the issue's scale, with COPY.

45,000 registry enterprises, 2,000,000 catalogue asset rows and 100,000 filings are far too many
for ORM inserts in a benchmark's set-up; PostgreSQL's COPY loads them in a minute. The rows are
shaped like real ones: the catalogue's documents are the demo's own asset documents (the
classifier's real output), repeated under new names; every filing is the demo's real filing
export, re-addressed to a registry enterprise. The catalogue list's label side table is not
filled: this load reads the supervision instance, not the console's list. The schema is the
application's own: the store is opened (and migrated) through ``indsec.store`` first, then the
rows are copied in.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from indsec.clocks.workdays import add_working_days

FILING_STATUSES = (("submitted", 30), ("under_review", 20), ("accepted", 40), ("returned", 10))
"""The status mix of seeded filings, with weights: most filings of a mature year are accepted."""
SEED_START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""The first seeded submission: filings spread over the two years before the benchmark."""
SPREAD_DAYS = 690
NAME_MARK = "\u0000name\u0000"


@dataclass(frozen=True)
class Enterprise:
    """What a seeded filing needs of its enterprise."""

    uscc: str
    name: str
    region_code: str
    industry_code: str


def conninfo(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg's connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(server_url: str, name: str) -> str:
    """A fresh database ``name`` on the server of ``server_url``; its SQLAlchemy URL."""
    with psycopg.connect(conninfo(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    """Drop the benchmark's database, even while connections linger."""
    with psycopg.connect(conninfo(server_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _copy(url: str, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> int:
    count = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with (
        psycopg.connect(conninfo(url)) as connection,
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def seed_catalogue(url: str, documents: Sequence[dict[str, Any]], total: int, versions: int) -> int:
    """``total`` asset rows over ``versions`` complete scans, documents repeated under new names."""
    now = datetime.now(UTC)
    columns = ("id", "number", "created_at", "finished_at", "trigger", "status", "sources")
    scans = []
    for number in range(1, versions + 1):
        at = now - timedelta(days=versions - number)
        scans.append((number, number, at, at, "scan", "complete", "[]"))
    _copy(
        url,
        "scans",
        (*columns, "rule_packs", "profile", "report", "error"),
        ((*scan, "{}", "{}", "{}", "") for scan in scans),
    )
    with psycopg.connect(conninfo(url)) as connection:
        connection.execute("SELECT setval('scans_id_seq', (SELECT max(id) FROM scans))")
    per_version = total // versions
    return _copy(
        url,
        "catalogue_assets",
        ("scan_id", "asset_key", "category", "grade", "document", "source", "name_folded"),
        _asset_rows(documents, versions, per_version),
    )


def _asset_rows(
    documents: Sequence[dict[str, Any]], versions: int, per_version: int
) -> Iterator[tuple[int, str, str, str, str, str, str]]:
    """Each template serialised once with a marker where its name goes: 2,000,000 json.dumps
    of 5 KiB documents would make the seeding CPU-bound on the benchmark's own side."""
    templates = [
        (d, json.dumps({**d, "name": NAME_MARK}).split(json.dumps(NAME_MARK))) for d in documents
    ]
    for scan_id in range(1, versions + 1):
        for index in range(per_version):
            document, (head, tail) = templates[index % len(templates)]
            name = f"{document['name']}#{index // len(templates)}"
            text = f"{head}{json.dumps(name)}{tail}"
            key = f"{document['source']}::{name}"
            grade, source = document["grade"], document["source"]
            yield scan_id, key, document["category"], grade, text, source, name.lower()


def seed_filings(
    url: str, enterprises: Sequence[Enterprise], template: dict[str, Any], count: int, seed: int
) -> int:
    """``count`` filing versions spread over ``enterprises``, each with its submission event."""
    rng = random.Random(seed)
    rows = list(_filing_rows(enterprises, template, count, rng))
    newest = {row[1]: row[5] for row in rows}  # versions only grow, so the last one is newest
    rows = [(*row, row[5] == newest[row[1]]) for row in rows]
    columns = (
        "id",
        "uscc",
        "enterprise_name",
        "region_code",
        "industry_code",
        "version",
        "digest",
        "status",
        "catalogue_version",
        "important_count",
        "core_count",
        "scale",
        "document",
        "submitted_at",
        "review_due",
        "status_at",
        "is_current",
    )
    _copy(url, "filings", columns, iter(rows))
    events = ((row[0], row[13], "benchmark", "submitted") for row in rows)
    _copy(url, "filing_events", ("filing_id", "at", "actor", "status"), events)
    with psycopg.connect(conninfo(url)) as connection:
        connection.execute("SELECT setval('filings_id_seq', (SELECT max(id) FROM filings))")
    return len(rows)


def _filing_rows(
    enterprises: Sequence[Enterprise], template: dict[str, Any], count: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    statuses = [s for s, _ in FILING_STATUSES]
    weights = [w for _, w in FILING_STATUSES]
    versions: dict[str, int] = {}
    records = template["records"]
    grades = [r.get("grade", "") for r in records]
    due_by_day: dict[date, date] = {}
    for filing_id in range(1, count + 1):
        enterprise = enterprises[rng.randrange(len(enterprises))]
        version = versions[enterprise.uscc] = versions.get(enterprise.uscc, 0) + 1
        submitted = SEED_START + timedelta(minutes=rng.randrange(SPREAD_DAYS * 24 * 60))
        day = submitted.date()
        if day not in due_by_day:
            due_by_day[day] = add_working_days(day, 20)
        document = {**template, "enterprise": {**template["enterprise"], "uscc": enterprise.uscc}}
        text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        core = sum(1 for g in grades if "核心" in g or g == "core")
        yield (
            filing_id,
            enterprise.uscc,
            enterprise.name,
            enterprise.region_code,
            enterprise.industry_code,
            version,
            _digest(text, version),
            rng.choices(statuses, weights)[0],
            1,
            len(records) - core,
            core,
            json.dumps({}),
            text,
            submitted,
            due_by_day[day],
            submitted,
        )


def _digest(text: str, version: int) -> str:
    return hashlib.sha256(f"{version}:{text}".encode()).hexdigest()
