"""Filing rows out of the store as the typed values of :mod:`filing_types`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from indsec.store.moments import aware
from indsec.store.rows import from_row
from indsec.store.tables import FilingEventRow, FilingRow
from indsec.supervision.filing_types import (
    FilingDetail,
    FilingEvent,
    FilingStatus,
    FilingSummary,
)

SUMMARY_COLUMNS = (
    FilingRow.id,
    FilingRow.uscc,
    FilingRow.enterprise_name,
    FilingRow.region_code,
    FilingRow.industry_code,
    FilingRow.version,
    FilingRow.status,
    FilingRow.catalogue_version,
    FilingRow.important_count,
    FilingRow.core_count,
    FilingRow.submitted_at,
    FilingRow.review_due,
    FilingRow.status_at,
)
"""The columns of a filing's summary (the key first), for reads that need nothing else."""


def summary(row: FilingRow | Row[*tuple[Any, ...]]) -> FilingSummary:
    """The summary of a filing row, or of a plain row of at least ``SUMMARY_COLUMNS``."""
    return from_row(
        FilingSummary,
        row,
        status=FilingStatus(row.status),
        submitted_at=aware(row.submitted_at),
        status_at=aware(row.status_at),
    )


def event(row: FilingEventRow) -> FilingEvent:
    return FilingEvent(
        at=aware(row.at), actor=row.actor, status=FilingStatus(row.status), comment=row.comment
    )


def detail(row: FilingRow) -> FilingDetail:
    """The version with its records and history (``row.events`` loaded in its session)."""
    document = row.document
    return FilingDetail(
        summary=summary(row),
        digest=row.digest,
        scale=row.scale,
        columns=[(c["id"], c["name"]) for c in document["columns"]],
        records=document["records"],
        events=[event(e) for e in row.events],
    )
