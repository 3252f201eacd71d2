"""The enterprise's home: the catalogue's grades, the last scan and its problems, alerts on
graded assets, and what the regulator has not been told yet.

"What needs filing" compares the current catalogue with the version the newest filing of the
instance's enterprise was built from (the ``filings`` rows with its USCC): every change that
forces a re-filing; before any filing, every important and core asset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from indsec.app import AppContext
from indsec.catalogue import service as catalogue
from indsec.detect import service as detect
from indsec.errors import NotFoundError
from indsec.model import CatalogueVersion, Grade
from indsec.store.tables import FilingRow
from indsec.supervision import service as supervision

SHOWN_CHANGES = 8
ADDED = catalogue.Change.ADDED


@dataclass(frozen=True)
class SourceProblems:
    """A scanned source and the failures and warnings it left in the scan's report."""

    source: str
    failures: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


@dataclass(frozen=True)
class FilingNeeds:
    """Changes since the last filing that need one (``count`` in all, the first few of them in
    ``changes``); ``filed`` is None before any filing."""

    filed: int | None
    changes: list[catalogue.AssetChange]
    count: int = 0


@dataclass(frozen=True)
class Home:
    current: CatalogueVersion | None
    grades: dict[Grade, int]
    last_scan: CatalogueVersion | None
    problems: list[SourceProblems]
    alerts: detect.GradedAlerts
    filing: FilingNeeds
    scenarios: list[str] = field(default_factory=list)


def problems_by_source(report: dict[str, Any]) -> list[SourceProblems]:
    """Split a scan report's issue lists by source (in order); what no source claims, last."""
    warnings, failures = list(report.get("warnings", [])), list(report.get("failures", []))
    found = []
    for source, counts in dict(report.get("by_source", {})).items():
        n_fail, n_warn = int(counts.get("failures", 0)), int(counts.get("warnings", 0))
        found.append(SourceProblems(source, failures[:n_fail], warnings[:n_warn]))
        failures, warnings = failures[n_fail:], warnings[n_warn:]
    if failures or warnings:
        found.append(SourceProblems("", failures, warnings))
    return found


def filed_version(app: AppContext, uscc: str) -> int | None:
    """The catalogue version the newest filing of ``uscc`` was built from: received here (a
    supervision instance on the same store) or sent from here to the configured one."""
    with app.store().session() as session:
        query = select(FilingRow.catalogue_version).where(FilingRow.uscc == uscc)
        received = session.scalar(query.order_by(FilingRow.version.desc()).limit(1))
    return received if received is not None else supervision.sent_catalogue_version(app=app)


def first_filing(app: AppContext, grades: dict[Grade, int]) -> FilingNeeds:
    """Before any filing, every important and core asset needs one: counted from the grades,
    the first ``SHOWN_CHANGES`` by key read from the database."""
    filters = catalogue.AssetFilter(any_grade=(Grade.IMPORTANT.value, Grade.CORE.value))
    shown = catalogue.stream_assets(app=app, filters=filters, limit=SHOWN_CHANGES)
    changes = [catalogue.AssetChange(a.key, ADDED, "", a.grade.value, True) for a in shown]
    return FilingNeeds(None, changes, grades[Grade.IMPORTANT] + grades[Grade.CORE])


def filing_needs(app: AppContext, uscc: str, grades: dict[Grade, int]) -> FilingNeeds:
    """What needs (re-)filing; a filing built from a version this store does not hold (made
    elsewhere, or pruned) cannot be compared, so everything a filing lists is counted."""
    filed = filed_version(app, uscc)
    if filed is None:
        return first_filing(app, grades)
    try:
        changes = catalogue.refiling_changes(app=app, filed=filed)
    except NotFoundError:
        return first_filing(app, grades)
    return FilingNeeds(filed, changes[:SHOWN_CHANGES], len(changes))


def home(*, app: AppContext, uscc: str) -> Home:
    """Everything the home page counts, for the enterprise ``uscc`` this instance serves."""
    versions = catalogue.list_versions(app=app)
    last_scan = versions[-1] if versions else None
    problems = problems_by_source(last_scan.report) if last_scan else []
    alerts = detect.graded_alert_counts(app=app)
    try:
        current, grades = catalogue.grade_counts(app=app)
    except NotFoundError:
        return Home(None, {}, last_scan, problems, alerts, FilingNeeds(None, []))
    needs = filing_needs(app, uscc, grades)
    scenarios = sorted({scenario for scenario, _ in alerts.counts})
    return Home(current, grades, last_scan, problems, alerts, needs, scenarios)
