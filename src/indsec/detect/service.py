"""Detection use cases: run Sigma over log files with grade-aware enrichment, list alerts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta, tzinfo
from pathlib import Path

from indsec.app import AppContext
from indsec.catalogue.service import catalogue_view
from indsec.detect import triage
from indsec.detect.alerts import AlertBuilder
from indsec.detect.conformance import ConformanceReport, run_conformance
from indsec.detect.enrich import SEVERITIES, CatalogueIndex
from indsec.detect.heap import long_lived_frozen
from indsec.detect.parallel import Detection, FileDetections, Preparation, detect_in_workers
from indsec.detect.redact import shown_details
from indsec.detect.repository import COMPLETE, DRILL, FAILED, AlertRepository, RunSummary
from indsec.detect.scenario_pack import ScenarioPack
from indsec.detect.sources.stream import log_files, merged_events
from indsec.detect.sources.timezone import PlantClock
from indsec.detect.triage import (
    NEXT,
    STATES,
    AlertFilter,
    AlertPage,
    AlertView,
    StateStep,
    StoredAlert,
)
from indsec.errors import ConfigError, NotFoundError, NothingReadError, Problem, RulePackError
from indsec.model import ClassifiedAsset, Progress, ScanReport, SitePolicy
from indsec.model.alert import Alert
from indsec.model.event import Event
from indsec.model.identity import Actor
from indsec.settings import Settings
from indsec.sigma import SigmaEngine
from indsec.sigma.regex import RegexLimits
from indsec.sigma.unsupported import UnsupportedRule, reason_counts

__all__ = [
    "NEXT",
    "SEVERITIES",
    "STATES",
    "AlertFilter",
    "AlertPage",
    "AlertView",
    "DetectionOutcome",
    "GradedAlerts",
    "RunSummary",
    "SitePolicy",
    "StateStep",
    "StoredAlert",
    "alert_page",
    "alert_view",
    "build_engine",
    "detection_run_ids",
    "detection_runs",
    "graded_alert_counts",
    "list_alerts",
    "move_alert",
    "plant_timezone",
    "run_detection",
    "scenario_names",
    "show_alert",
    "sigma_conformance",
]
"""The use cases and the types they take and return: what a face or feature may use of detect."""

PROGRESS_EVERY = 5000
"""Events between progress messages of a run in one process."""


@dataclass
class DetectionOutcome:
    """What one detection run read, loaded and found."""

    run_id: int
    events: int = 0
    alerts: list[Alert] = field(default_factory=list)
    report: ScanReport = field(default_factory=ScanReport)
    rules_loaded: int = 0
    unsupported: list[UnsupportedRule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    catalogue_version: int | None = None

    def unsupported_reasons(self) -> Counter[str]:
        """Why rules loaded but could not run, each reason with its number of rules."""
        return reason_counts(self.unsupported)


def build_engine(
    *,
    settings: Settings,
    scenarios: ScenarioPack,
    policy: SitePolicy,
    rules: list[Path] | None,
    report: ScanReport,
) -> SigmaEngine:
    """The engine over the given rules, or the scenario pack's (own + curated third-party).

    Raises:
        ConfigError: a rule path given does not exist.
        RulePackError: not one rule could be loaded; carries every problem found.
    """
    limits = RegexLimits(
        max_values=settings.sigma_regex_max_values,
        max_chars=settings.sigma_regex_max_chars,
        max_mem_bytes=settings.sigma_regex_max_mem_bytes,
    )
    if rules:
        missing = [str(path) for path in rules if not path.exists()]
        if missing:
            raise ConfigError(f"no such rule file or directory: {', '.join(missing)}")
        engine = SigmaEngine.from_paths(rules, policy=policy.placeholders(), limits=limits)
    else:
        sources = scenarios.rule_sources(settings.sigma_third_party)
        for warning in sources.warnings:
            report.warn("rules", warning)
        for problem in sources.problems:
            report.fail(problem.where, problem.message)
        engine = SigmaEngine.from_paths(sources.paths, policy=policy.placeholders(), limits=limits)
    if not engine.rules:
        raise RulePackError(_why_no_rules(engine))
    return engine


def _why_no_rules(engine: SigmaEngine) -> list[Problem]:
    """Every reason no rule loaded, after one line saying so: a run without rules finds
    nothing, and an empty result would read as "no threat"."""
    found = f"no Sigma rule could be loaded ({engine.files} rule files read)"
    unsupported = [rule.as_problem() for rule in engine.unsupported]
    return [Problem("rules", found), *engine.problems, *unsupported]


def _catalogue_assets(
    app: AppContext, report: ScanReport
) -> tuple[list[ClassifiedAsset], int | None]:
    try:
        version, assets = catalogue_view(app=app)
    except NotFoundError as exc:  # the message says which state was looked at
        report.warn("catalogue", f"alerts are not grade-aware: {exc}")
        return [], None
    return assets, version.number


def run_detection(
    *,
    app: AppContext,
    sources: list[Path],
    rules: list[Path] | None = None,
    log_format: str | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    drill: bool = False,
) -> DetectionOutcome:
    """Read ``sources`` (files, or directories of them), enrich each event from the catalogue,
    match Sigma, store alerts.

    With ``workers`` above 1, files are matched in that many processes (see
    :mod:`indsec.detect.parallel`); the alerts are the same. A ``drill`` run (a drill's own
    telemetry) is stored with its alerts but never becomes the newest run that lists and
    dashboards show.
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    advance = progress or (lambda _message: None)
    settings = app.settings
    scenarios: ScenarioPack = app.packs.one(ScenarioPack)
    policy = app.site_policy
    report = ScanReport()
    engine = build_engine(
        settings=settings, scenarios=scenarios, policy=policy, rules=rules, report=report
    )
    assets, catalogue_version = _catalogue_assets(app, report)
    builder = AlertBuilder(scenarios=scenarios, zone=policy.zone)
    repository = AlertRepository(app.store())
    repository.fail_abandoned(timedelta(seconds=settings.run_abandoned_after_s))
    run_id = repository.begin_run(
        sources=[str(p) for p in sources], catalogue_version=catalogue_version
    )
    outcome = DetectionOutcome(
        run_id=run_id,
        report=report,
        rules_loaded=len(engine.rules),
        unsupported=engine.unsupported,
        problems=engine.problems,
        catalogue_version=catalogue_version,
    )
    try:
        with long_lived_frozen():
            files = log_files(sources, report)
            if workers == 1 or len(files) == 1:
                detections = _detect_here(
                    engine,
                    assets,
                    policy,
                    files,
                    log_format,
                    outcome,
                    advance,
                    max_open=settings.detect_max_open_logs,
                )
            else:
                detections = _detect_in_workers(
                    engine, assets, policy, files, log_format, workers, outcome, advance
                )
            matches = engine.correlate(builder.remembering(detections))
            outcome.alerts = [builder.alert(match) for match in matches]
            if outcome.events == 0:
                raise _nothing_read(run_id, repository.latest_run(), report)
            repository.add_alerts(run_id, outcome.alerts)
    except BaseException as exc:
        error = exc.summary if isinstance(exc, NothingReadError) else str(exc)
        repository.finish_run(run_id, status=FAILED, report=_report(outcome), error=error)
        raise
    repository.finish_run(run_id, status=DRILL if drill else COMPLETE, report=_report(outcome))
    return outcome


def _nothing_read(run_id: int, shown: int | None, report: ScanReport) -> NothingReadError:
    """A run that read no event is failed, so ``alerts list`` keeps showing the last real one."""
    keeps = "has no run to show" if shown is None else f"still shows run {shown}"
    summary = f"no event could be read; recorded as failed run {run_id}, "
    summary += f"'alerts list' {keeps}"
    issues = [*report.failures, *report.warnings]
    return NothingReadError(summary, [Problem(i.where, i.message) for i in issues])


def _detect_here(
    engine: SigmaEngine,
    assets: list[ClassifiedAsset],
    policy: SitePolicy,
    sources: list[Path],
    log_format: str | None,
    outcome: DetectionOutcome,
    advance: Progress,
    *,
    max_open: int,
) -> Iterator[Detection]:
    """Detections of all files, read and matched in this process as one time-merged stream."""
    preparation = Preparation(CatalogueIndex.from_assets(assets), policy)
    clock = PlantClock(policy.zone)
    events = merged_events(
        sources, log_format=log_format, clock=clock, report=outcome.report, max_open=max_open
    )

    def counted() -> Iterator[Event]:
        for event in preparation.prepare(events):
            outcome.events = preparation.events
            if outcome.events % PROGRESS_EVERY == 0:
                advance(f"events {outcome.events}")
            yield event

    return engine.detections(counted())


def _detect_in_workers(
    engine: SigmaEngine,
    assets: list[ClassifiedAsset],
    policy: SitePolicy,
    sources: list[Path],
    log_format: str | None,
    workers: int,
    outcome: DetectionOutcome,
    advance: Progress,
) -> Iterator[Detection]:
    """Detections of all files, each file matched in one of ``workers`` processes."""

    def finished(result: FileDetections) -> None:
        outcome.events += result.events
        outcome.report.absorb(result.report)
        advance(f"events {outcome.events} ({result.path.name} done)")

    return detect_in_workers(
        sources,
        workers=workers,
        engine=engine,
        assets=assets,
        policy=policy,
        log_format=log_format,
        on_file=finished,
    )


def _report(outcome: DetectionOutcome) -> dict[str, object]:
    return outcome.report.to_dict(
        events=outcome.events,
        rules_loaded=outcome.rules_loaded,
        unsupported=[asdict(u) for u in outcome.unsupported],
        problems=[str(p) for p in outcome.problems],
    )


def _require_scenario(app: AppContext, scenario: str) -> None:
    known = app.packs.one(ScenarioPack).scenario_ids
    if scenario not in known:
        raise NotFoundError(f"unknown scenario '{scenario}' (valid: {', '.join(known)})")


def _chosen_run(repository: AlertRepository, run_id: int | None) -> int:
    """``run_id`` if it exists, else the newest complete run; a miss names what there is."""
    where = repository.store.where
    if run_id is None:
        latest = repository.latest_run()
        if latest is None:
            raise NotFoundError(
                f"no detection run yet in {where} (run 'indsec detect run LOGFILE…')"
            )
        return latest
    runs = repository.run_ids()
    if run_id not in runs:
        known = ", ".join(map(str, runs)) or "none yet"
        raise NotFoundError(f"no detection run {run_id} in {where} (runs: {known})")
    return run_id


def list_alerts(
    *,
    app: AppContext,
    run_id: int | None = None,
    scenario: str | None = None,
    limit: int = 1000,
) -> list[tuple[int, Alert]]:
    """Alerts of one run (default: the newest complete run)."""
    if scenario is not None:
        _require_scenario(app, scenario)
    repository = AlertRepository(app.store(existing=True))
    chosen = _chosen_run(repository, run_id)
    return repository.alerts(run_id=chosen, scenario=scenario, limit=limit)


@dataclass(frozen=True)
class GradedAlerts:
    """Alerts on graded assets of the newest complete run: (scenario, grade) → how many."""

    run_id: int | None
    counts: dict[tuple[str, str], int]


def graded_alert_counts(*, app: AppContext) -> GradedAlerts:
    """Per scenario and asset grade, the newest complete run's alerts on catalogue assets."""
    repository = AlertRepository(app.store())
    run_id = repository.latest_run()
    if run_id is None:
        return GradedAlerts(None, {})
    counts = {(s, g): n for s, g, n in repository.graded_counts(run_id)}
    return GradedAlerts(run_id, counts)


def detection_runs(*, app: AppContext, limit: int = 100) -> list[RunSummary]:
    """The newest detection runs (from the CLI or elsewhere) with their reports."""
    return AlertRepository(app.store()).runs(limit=limit)


def plant_timezone(*, app: AppContext) -> tzinfo:
    """The plant's zone from the site policy (``[site] timezone``), for showing times."""
    return app.site_policy.zone


def show_alert(*, app: AppContext, alert_id: int) -> Alert:
    return AlertRepository(app.store(existing=True)).alert(alert_id)


def sigma_conformance(*, app: AppContext) -> ConformanceReport:
    """The SigmaHQ regression suite, run in place from the third-party data root."""
    sigmahq = app.settings.sigma_third_party / "sigmahq"
    regression = sigmahq / "regression_data"
    if not regression.is_dir():
        raise NotFoundError(
            f"no SigmaHQ regression data at {regression.resolve()}: the suite is SigmaHQ's own "
            "regression_data (github.com/SigmaHQ/sigma); set INDSEC_SIGMA_THIRD_PARTY to the "
            "directory holding sigmahq/regression_data"
        )
    roots = sorted(p for p in sigmahq.glob("rules*") if p.is_dir())
    return run_conformance(regression, roots)


def alert_page(*, app: AppContext, kept: AlertFilter, page: int = 1, size: int = 50) -> AlertPage:
    """Alerts of every run, newest first, filtered; ``page`` counts from 1."""
    if kept.scenario is not None:
        _require_scenario(app, kept.scenario)
    repository = triage.TriageRepository(app.store())
    found, total = repository.page(kept, offset=(page - 1) * size, limit=size)
    return AlertPage(found, total, page, size)


def _graded_asset(app: AppContext, alert: Alert) -> ClassifiedAsset | None:
    if alert.asset is None:
        return None
    try:
        _, assets = catalogue_view(app=app)
    except NotFoundError:
        return None
    return next((a for a in assets if a.key == alert.asset.key), None)


def alert_view(*, app: AppContext, alert_id: int) -> AlertView:
    stored, history = triage.TriageRepository(app.store()).one(alert_id)
    details = shown_details({**stored.alert.group, **stored.alert.details})
    return AlertView(stored, details, history, _graded_asset(app, stored.alert))


def move_alert(*, app: AppContext, actor: Actor, alert_id: int, to: str, note: str) -> StateStep:
    """Acknowledge or close an alert with a note; recorded in its history and the audit log."""
    return triage.TriageRepository(app.store()).move(alert_id, to=to, note=note, actor=actor)


def scenario_names(*, app: AppContext, lang: str) -> dict[str, str]:
    """Each key risk scenario's id and its name in ``lang``."""
    return {s.id: s.names.get(lang) for s in app.packs.one(ScenarioPack).scenarios}


def detection_run_ids(*, app: AppContext) -> list[int]:
    """Every detection run's id, newest first."""
    return AlertRepository(app.store()).run_ids()[::-1]
