"""Filings as the intake and its workflow hand them out: typed values, never table rows.

A filing is one *version* of an enterprise's important/core catalogue filing; versions are
never changed, only their workflow status moves (``FilingStatus``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class FilingStatus(StrEnum):
    """The workflow's states (issue 15 §4): a returned version stays returned; the enterprise's
    next version after a return enters as ``resubmitted``."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"


class FilingAction(StrEnum):
    """What a regulator does to a filing."""

    REVIEW = "review"
    ACCEPT = "accept"
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class FiledDocument:
    """A validated filing as submitted: the enterprise, the columns and the records (by field
    id), in the language it was written in. ``catalogue_version`` is 0 when the file does not
    state it (an XLSX form carries no version)."""

    uscc: str
    enterprise_name: str
    industry_code: str | None
    catalogue_version: int
    lang: str
    title: str
    columns: list[tuple[str, str]]
    records: list[dict[str, str]]


@dataclass(frozen=True, slots=True)
class FilingEvent:
    """One workflow step: the state entered, who moved it there, when, and any comment."""

    at: datetime
    actor: str
    status: FilingStatus
    comment: str | None


@dataclass(frozen=True, slots=True)
class FilingSummary:
    """A filing version as a list shows it."""

    id: int
    uscc: str
    enterprise_name: str
    region_code: str
    industry_code: str | None
    version: int
    status: FilingStatus
    catalogue_version: int
    important_count: int
    core_count: int
    submitted_at: datetime
    review_due: date
    status_at: datetime


@dataclass(frozen=True, slots=True)
class FilingDetail:
    """A filing version with its records, its scale per category and its history."""

    summary: FilingSummary
    digest: str
    scale: dict[str, Any]
    columns: list[tuple[str, str]]
    records: list[dict[str, str]]
    events: list[FilingEvent] = field(default_factory=list)

    @property
    def comment(self) -> str | None:
        """The comments of the newest return: what the enterprise must correct."""
        returns = (e.comment for e in reversed(self.events) if e.status is FilingStatus.RETURNED)
        return next(returns, None)


@dataclass(frozen=True, slots=True)
class Received:
    """What the intake made of a submission: the version, and whether it was new (a retry of
    the same content answers the existing version with ``created`` false)."""

    filing: FilingSummary
    created: bool


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record between two versions, keyed by its data name and source."""

    key: str
    change: str
    fields: dict[str, tuple[str, str]]
