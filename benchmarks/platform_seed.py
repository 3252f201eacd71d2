"""Seeding the platform benchmark's PostgreSQL database at the issue's scale, with COPY.

45,000 registry enterprises, 2,000,000 catalogue asset rows and 100,000 filings are far too many
for ORM inserts in a benchmark's set-up; PostgreSQL's COPY loads them in a minute. The rows are
shaped like real ones: the catalogue's documents are the demo's own asset documents (the
classifier's real output), repeated under new names; every filing is the demo's real filing
export, re-addressed to a registry enterprise. Each catalogue row is the one the catalogue
repository itself writes for its asset (``_asset_row``), columns and all; the label side table
is not filled (the load's console list does not filter by label). The schema is the
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

from indsec.catalogue.repository import _asset_row
from indsec.clocks.workdays import add_working_days
from indsec.model.catalogue import ClassifiedAsset
from indsec.store.tables import AssetRow

FILING_STATUSES = (("submitted", 30), ("under_review", 20), ("accepted", 40), ("returned", 10))
"""The status mix of seeded filings, with weights: most filings of a mature year are accepted."""
SEED_START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""The first seeded submission: filings spread over the two years before the benchmark."""
SPREAD_DAYS = 690
NAME_MARK = "@@NAME@@"


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


def seed_catalogue(url: str, assets: Sequence[ClassifiedAsset], total: int, versions: int) -> int:
    """``total`` asset rows over ``versions`` complete scans, the assets repeated under new
    names."""
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
    return _copy(url, "catalogue_assets", ASSET_COLUMNS, _asset_rows(assets, versions, total))


ASSET_COLUMNS = tuple(c.name for c in AssetRow.__table__.columns if c.name != "id")
"""Every column of a catalogue row but its key, from the table's definition."""


def _template(asset: ClassifiedAsset) -> list[tuple[bool, Any]]:
    """The catalogue row the repository writes for ``asset`` renamed to a marker (its own
    ``_asset_row``, so no column is restated here), each value serialised once with whether
    the marker is in it: 2,000,000 ``model_dump`` of 5 KiB documents would make the seeding
    CPU-bound on the benchmark's own side."""
    row = _asset_row(0, asset.model_copy(update={"name": NAME_MARK}))
    values = []
    for column in ASSET_COLUMNS:
        value = getattr(row, column)
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        values.append((isinstance(text, str) and NAME_MARK.lower() in text.lower(), text))
    return values


def _asset_rows(
    assets: Sequence[ClassifiedAsset], versions: int, total: int
) -> Iterator[list[Any]]:
    """Each version holds the same ``total // versions`` assets, as successive scans of one
    estate do."""
    templates = [(asset.name, _template(asset)) for asset in assets]
    scan_at = ASSET_COLUMNS.index("scan_id")
    for scan_id in range(1, versions + 1):
        for index in range(total // versions):
            name, values = templates[index % len(templates)]
            renamed = f"{name}#{index // len(templates)}"
            row = [_renamed(text, renamed) if marked else text for marked, text in values]
            row[scan_at] = scan_id
            yield row


def _renamed(text: str, name: str) -> str:
    """``text`` with the marker replaced by ``name`` (JSON-escaped inside a document; folded
    where the repository folds the name)."""
    if text.startswith("{"):
        return text.replace(NAME_MARK, json.dumps(name, ensure_ascii=False)[1:-1])
    return text.replace(NAME_MARK, name).replace(NAME_MARK.lower(), name.lower())


def analyse(url: str) -> None:
    """``VACUUM ANALYZE`` the seeded tables: planner statistics and the visibility map a live
    database has, so the benchmark measures plans, not a freshly loaded heap."""
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        for table in ("catalogue_assets", "scans", "filings", "filing_events"):
            connection.execute(f"VACUUM ANALYZE {table}")
        connection.execute("VACUUM ANALYZE registry_enterprises")


def seed_filings(
    url: str, enterprises: Sequence[Enterprise], template: dict[str, Any], count: int, seed: int
) -> int:
    """``count`` filing versions spread over ``enterprises``, each with its submission event."""
    rng = random.Random(seed)
    rows = list(_filing_rows(enterprises, template, count, rng))
    newest = {row[1]: row[6] for row in rows}  # versions only grow, so the last one is newest
    rows = [(*row, row[6] == newest[row[1]]) for row in rows]
    columns = (
        "id",
        "uscc",
        "enterprise_name",
        "region_code",
        "province_code",
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
    events = ((row[0], row[14], "benchmark", "submitted") for row in rows)
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
            enterprise.region_code[:2],
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
