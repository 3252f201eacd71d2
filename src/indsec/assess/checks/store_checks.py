"""Checks on what indsec already holds: scans, filings, alerts and detection runs.

They read the store through the catalogue, detection and supervision services only; each
returns the facts it counted, and ``not_assessed`` when there is nothing to count.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from indsec.assess.checks.base import (
    ASSESS_CHECKS,
    CheckContext,
    CheckOutcome,
    Param,
    int_param,
    not_assessed,
)
from indsec.catalogue import service as catalogue
from indsec.detect import service as detect
from indsec.errors import NotFoundError
from indsec.model import CatalogueVersion, ClassifiedAsset, Grade
from indsec.model.assessment import Outcome
from indsec.model.rationale import REVIEW_RULE
from indsec.store.moments import aware
from indsec.supervision import service as supervision

SHOWN = 50
"""Most ids a fact lists (the count is always whole)."""
GRADED = (Grade.IMPORTANT.value, Grade.CORE.value)
REMOTE_OM = "remote_om"


def _verdict(failed: bool) -> Outcome:
    return "fail" if failed else "pass"


def important_assets(context: CheckContext) -> list[ClassifiedAsset] | None:
    """The current catalogue's important and core assets (reviews applied); None if none yet."""
    try:
        filters = catalogue.AssetFilter(any_grade=GRADED)
        return list(catalogue.stream_assets(app=context.app, filters=filters, limit=10**9))
    except NotFoundError:
        return None


def _last_scanned(versions: list[CatalogueVersion]) -> dict[str, datetime]:
    """Each source's newest complete scan that read it (carried-over sources were not read)."""
    last: dict[str, datetime] = {}
    for version in versions:
        carried = set(version.report.get("carried_over") or ())
        for source in version.sources:
            if source not in carried:
                last[source] = aware(version.created_at)
    return last


@ASSESS_CHECKS.decorator("scans.recent")
def scans_recent(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    """Every source of the current catalogue was read by a scan within ``max_age_days``."""
    max_age = int_param(params, "max_age_days", 30)
    complete = [v for v in catalogue.list_versions(app=context.app) if v.status == "complete"]
    if not complete:
        return not_assessed("no complete scan in the catalogue")
    last = _last_scanned(complete)
    rows: list[dict[str, object]] = []
    stale = []
    for source in sorted(complete[-1].sources):
        seen = last.get(source)
        age = None if seen is None else (context.now - seen).days
        rows.append({"source": source, "last_scan": seen and seen.isoformat(), "age_days": age})
        if age is None or age > max_age:
            stale.append(source)
    facts = {"max_age_days": max_age, "sources": rows, "stale": stale}
    summary = f"{len(rows) - len(stale)} of {len(rows)} sources scanned within {max_age} days"
    return CheckOutcome(_verdict(bool(stale)), summary, facts)


def _reviewed(asset: ClassifiedAsset) -> bool:
    return any(step.rule == REVIEW_RULE for step in asset.rationale)


@ASSESS_CHECKS.decorator("filing.complete")
def filing_complete(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    """Every important/core asset is in the newest filing sent and its grade was confirmed by
    a person (a review); before any recorded filing there is nothing to compare."""
    assets = important_assets(context)
    if assets is None:
        return not_assessed("no catalogue yet")
    if not assets:
        return CheckOutcome("not_applicable", "no important or core asset to file", {"assets": 0})
    filed = supervision.sent_catalogue_version(app=context.app)
    if filed is None:
        return not_assessed(
            "no filing sent from this instance is recorded (answer the control if it was "
            "filed offline)",
            assets=len(assets),
        )
    try:
        unfiled = sorted({c.key for c in catalogue.refiling_changes(app=context.app, filed=filed)})
    except NotFoundError:
        return not_assessed(f"the filed catalogue version {filed} is not in this store")
    unreviewed = sorted(a.key for a in assets if not _reviewed(a))
    facts = {
        "assets": len(assets),
        "filed_version": filed,
        "unfiled": len(unfiled),
        "unfiled_keys": unfiled[:SHOWN],
        "unreviewed": len(unreviewed),
        "unreviewed_keys": unreviewed[:SHOWN],
    }
    summary = f"{len(assets)} important/core assets: {len(unfiled)} unfiled changes, "
    summary += f"{len(unreviewed)} without a review"
    return CheckOutcome(_verdict(bool(unfiled or unreviewed)), summary, facts)


def _open_alerts(context: CheckContext, grade: str) -> tuple[int, list[int]]:
    kept = detect.AlertFilter(grade=grade, state="open")
    page = detect.alert_page(app=context.app, kept=kept, size=SHOWN)
    return page.total, [a.id for a in page.alerts]


@ASSESS_CHECKS.decorator("alerts.core_open")
def alerts_core_open(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    """Alerts on core and important assets still open (neither acknowledged nor closed)."""
    max_open = int_param(params, "max_open", 0)
    if not detect.detection_run_ids(app=context.app):
        return not_assessed("no detection run yet")
    core, core_ids = _open_alerts(context, Grade.CORE.value)
    important, important_ids = _open_alerts(context, Grade.IMPORTANT.value)
    facts = {
        "max_open": max_open,
        "open_core": core,
        "open_important": important,
        "alert_ids": (core_ids + important_ids)[:SHOWN],
    }
    summary = f"{core} open alerts on core and {important} on important assets"
    return CheckOutcome(_verdict(core + important > max_open), summary, facts)


@ASSESS_CHECKS.decorator("detect.remote_access")
def remote_access(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    """RMM tools or sessions outside the bastion (the remote O&M scenario's alerts) seen in
    the complete detection runs of the last ``lookback_days``."""
    lookback = int_param(params, "lookback_days", 30)
    since = context.now - timedelta(days=lookback)
    runs = [
        r
        for r in detect.detection_runs(app=context.app, limit=1000)
        if r.status == "complete" and aware(r.started_at) >= since
    ]
    if not runs:
        return not_assessed(f"no complete detection run in the last {lookback} days")
    seen, rules = 0, set()
    for run in runs:
        kept = detect.AlertFilter(scenario=REMOTE_OM, run_id=run.id)
        page = detect.alert_page(app=context.app, kept=kept, size=SHOWN)
        seen += page.total
        rules |= {a.alert.rule_id for a in page.alerts}
    facts = {
        "lookback_days": lookback,
        "runs": [r.id for r in runs],
        "remote_om_alerts": seen,
        "rules": sorted(rules),
    }
    summary = f"{seen} remote O&M alerts in {len(runs)} detection runs of {lookback} days"
    return CheckOutcome(_verdict(seen > 0), summary, facts)
