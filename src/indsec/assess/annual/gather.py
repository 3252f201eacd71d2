"""Gathering a report's context from the enterprise instance, through the features' services.

The assessment period is the year before the issue date (the rules ask for an assessment at
least once a year): the scans, detection runs, alerts and incidents of that year are the
report's; the catalogue is the newest complete version as reviewed. Alerts are read page by page,
newest first, and no further back than the period's first detection run, within the export row
bound, so a long-lived instance never loads its whole history.
"""

from __future__ import annotations

import platform
from collections.abc import Iterator
from datetime import date
from importlib.metadata import PackageNotFoundError, version

from indsec.app import AppContext
from indsec.assess.annual.context import Member, ReportContext
from indsec.assess.control_pack import ControlPack
from indsec.catalogue import service as catalogue
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.clocks.clock import add_months
from indsec.detect import service as detect
from indsec.incident import service as incident
from indsec.model import Names
from indsec.profile_config import load_assessment_team, load_filing_declarations

ALERT_PAGE = 1000
TOOLS = ("pysigma", "weasyprint", "openpyxl")
"""Third-party engines whose versions the assessment environment states, when installed."""


def period_start(issued_on: date) -> date:
    """The first day of the year a report issued on ``issued_on`` covers."""
    return add_months(issued_on, -12)


def _alerts(app: AppContext, run_ids: set[int]) -> Iterator[detect.StoredAlert]:
    if not run_ids:
        return
    first, bound, page = min(run_ids), app.settings.export_max_rows, 1
    kept = detect.AlertFilter()
    while page <= -(-bound // ALERT_PAGE):
        found = detect.alert_page(app=app, kept=kept, page=page, size=ALERT_PAGE).alerts
        yield from (a for a in found if a.run_id in run_ids)
        if not found or found[-1].run_id < first:
            return
        page += 1


def _tools() -> dict[str, str]:
    found = {"Python": platform.python_version()}
    for name in TOOLS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def _tier_names(app: AppContext, tiers: set[str]) -> dict[str, Names]:
    def name(tier: str, lang: str) -> str:
        return incident.tier_name(app=app, tier=tier, lang=lang)

    return {t: Names(zh=name(t, "zh"), en=name(t, "en")) for t in tiers}


def gather_context(
    *, app: AppContext, issued_on: date, first_issued_on: date | None = None
) -> ReportContext:
    """The report context of an assessment issued on ``issued_on`` (first on ``first_issued_on``
    when this is a reissue), from the instance's catalogue, detection and incidents."""
    since = period_start(issued_on)
    version_, assets = catalogue.catalogue_view(app=app)
    scans = [v for v in catalogue.list_versions(app=app) if v.created_at.date() >= since]
    runs = [r for r in detect.detection_runs(app=app, limit=1000) if r.started_at.date() >= since]
    incidents = [i for i in incident.list_incidents(app=app) if i.detected_at.date() >= since]
    taxonomy = app.packs.one(TaxonomyPack)
    config = app.settings.config
    return ReportContext(
        issued_on=issued_on,
        first_issued_on=first_issued_on,
        team=tuple(Member(**m) for m in load_assessment_team(config)),
        catalogue=version_,
        assets=assets,
        category_names={c.id: c.names for c in taxonomy.categories},
        scans=sorted(scans, key=lambda v: v.number),
        detection_runs=sorted(runs, key=lambda r: r.id),
        alerts=list(_alerts(app, {r.id for r in runs})),
        incidents=incidents,
        tier_names=_tier_names(app, {i.tier for i in incidents}),
        control_packs=app.packs.all(ControlPack),
        declarations=load_filing_declarations(config),
        tools=_tools(),
        listed_rows=app.settings.report_listed_rows,
    )
