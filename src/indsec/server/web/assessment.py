"""The self-examination overview (enterprise mode): the newest run's overall score, its scores
per framework and domain (drawn by ECharts), its results filtered in place by htmx and exported
to XLSX, and a new run started in the background worker, whose panel polls its progress and
reloads the page on the new scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from indsec.assess import browse
from indsec.assess import service as assess
from indsec.console import service as console
from indsec.detect import service as detect
from indsec.errors import BusyError, NotFoundError
from indsec.model import Names
from indsec.model.assessment import AssessmentSnapshot, ControlResult, DomainScore, Outcome
from indsec.server.auth import actor, context
from indsec.server.scopes import TenantAccess, instance_reader, instance_writer
from indsec.server.web.i18n import pick_lang, translator
from indsec.server.web.render import tenant_page
from indsec.server.web.shown import export_limit, query_string, require_exportable, workbook

router = APIRouter(include_in_schema=False)
Reader = Annotated[TenantAccess, Depends(instance_reader)]
Writer = Annotated[TenantAccess, Depends(instance_writer)]
HOME = "/assessment"
OUTCOMES: tuple[Outcome, ...] = ("pass", "partial", "fail", "not_applicable", "not_assessed")
EXPORT_HEADER = ("Control", "Framework", "Domain", "Requirement", "Outcome", "Note")
Choice = Annotated[str, Query(max_length=64, pattern=r"^[a-z0-9_]*$")]


@dataclass(frozen=True)
class ResultFilter:
    """The results list's filter; an empty value keeps everything."""

    framework: str = ""
    outcome: str = ""
    scenario: str = ""


def result_filter(
    framework: Choice = "", outcome: Choice = "", scenario: Choice = ""
) -> ResultFilter:
    return ResultFilter(framework, outcome, scenario)


Filter = Annotated[ResultFilter, Depends(result_filter)]


def latest(request: Request) -> AssessmentSnapshot | None:
    try:
        return assess.latest_snapshot(app=context(request))
    except NotFoundError:
        return None


def framework_scores(snapshot: AssessmentSnapshot, names: dict[str, Names]) -> list[DomainScore]:
    """One score per framework: its domains' counts summed (scored as a domain is)."""
    counts: dict[str, dict[Outcome, int]] = {}
    for domain in snapshot.domains:
        summed = counts.setdefault(domain.framework_id, {})
        for outcome, n in domain.counts.items():
            summed[outcome] = summed.get(outcome, 0) + n
    return [
        DomainScore(fid, "", names.get(fid, Names(zh=fid, en=fid)), found)
        for fid, found in counts.items()
    ]


def _framework_names(request: Request) -> dict[str, Names]:
    infos = assess.control_infos(app=context(request)).values()
    return {info.key.split(".", 1)[0]: info.framework for info in infos}


def _kept(
    request: Request, snapshot: AssessmentSnapshot, kept: ResultFilter
) -> list[ControlResult]:
    scenarios = browse.scenarios_of(app=context(request)) if kept.scenario else {}
    return [
        r
        for r in snapshot.results
        if (not kept.framework or r.framework_id == kept.framework)
        and (not kept.outcome or r.outcome == kept.outcome)
        and (not kept.scenario or kept.scenario in scenarios.get(r.key, ()))
    ]


def _rows(request: Request, snapshot: AssessmentSnapshot | None, kept: ResultFilter) -> Any:
    return {
        "results": _kept(request, snapshot, kept) if snapshot else [],
        "infos": assess.control_infos(app=context(request)),
        "query": query_string(vars(kept)),
    }


def _chart(snapshot: AssessmentSnapshot, frameworks: list[DomainScore], lang: str) -> Any:
    """What the ECharts script draws: the overall score and one bar per framework and domain."""

    def percent(score: float | None) -> float | None:
        return None if score is None else round(100 * score, 1)

    return {
        "overall": percent(snapshot.overall),
        "frameworks": [[f.names.get(lang), percent(f.score)] for f in frameworks],
        "domains": [[d.names.get(lang), percent(d.score)] for d in snapshot.domains],
    }


@router.get(HOME)
def assessment_page(access: Reader, request: Request, kept: Filter) -> HTMLResponse:
    """The newest self-examination's scores and results, and the button for a new run."""
    snapshot, names = latest(request), _framework_names(request)
    frameworks = framework_scores(snapshot, names) if snapshot else []
    jobs = console.recent_jobs(app=context(request), limit=1, kind=console.ASSESSMENT)
    return tenant_page(
        request,
        access,
        "assessment.html",
        snapshot=snapshot,
        frameworks=frameworks,
        framework_names=names,
        chart=_chart(snapshot, frameworks, pick_lang(request)) if snapshot else None,
        scenarios=_scenario_names(request),
        outcomes=OUTCOMES,
        kept=kept,
        job=jobs[0] if jobs else None,
        shown=snapshot.id if snapshot else "",
        **_rows(request, snapshot, kept),
    )


def _scenario_names(request: Request) -> dict[str, str]:
    return detect.scenario_names(app=context(request), lang=pick_lang(request))


@router.get(f"{HOME}/rows")
def assessment_rows(access: Reader, request: Request, kept: Filter) -> HTMLResponse:
    """The results list alone, for htmx to swap in when a filter changes."""
    return tenant_page(
        request, access, "_assessment_rows.html", **_rows(request, latest(request), kept)
    )


@router.get(f"{HOME}/results.xlsx")
def assessment_export(access: Reader, request: Request, kept: Filter) -> Response:
    """The filtered results of the newest run as an XLSX workbook (headings only before the
    first run)."""
    snapshot, lang = latest(request), pick_lang(request)
    results = _kept(request, snapshot, kept) if snapshot else []
    require_exportable(len(results), export_limit(request), "results")
    infos, _ = assess.control_infos(app=context(request)), translator(lang).gettext
    rows = [
        [
            r.key,
            infos[r.key].framework.get(lang) if r.key in infos else r.framework_id,
            infos[r.key].domain.get(lang) if r.key in infos else "",
            infos[r.key].names.get(lang) if r.key in infos else "",
            _(outcome_label(r.outcome)),
            r.note,
        ]
        for r in results
    ]
    return workbook(request, "Self-examination", EXPORT_HEADER, rows, "assessment.xlsx")


def outcome_label(outcome: str) -> str:
    """The message id of an outcome (the templates' ``outcome_name`` says the same)."""
    return {
        "pass": "Met",
        "partial": "Partly met",
        "fail": "Not met",
        "not_applicable": "Not applicable",
        "not_assessed": "Not assessed",
    }.get(outcome, outcome)


def _job_panel(request: Request, access: TenantAccess, shown: str, **values: Any) -> HTMLResponse:
    jobs = console.recent_jobs(app=context(request), limit=1, kind=console.ASSESSMENT)
    job = jobs[0] if jobs else None
    answer = tenant_page(request, access, "_assessment_job.html", job=job, shown=shown, **values)
    stored = str(job.result.get("assessment", "")) if job and job.status == "complete" else ""
    if stored and stored != shown and shown != "-":
        answer.headers["HX-Refresh"] = "true"  # the new run's scores replace the page's
    return answer


@router.post(f"{HOME}/run")
def assessment_run(
    access: Writer, request: Request, shown: Annotated[str, Form(max_length=32)] = ""
) -> HTMLResponse:
    """Start a self-examination in the background; its panel polls until it ends."""
    try:
        console.start_assessment(app=context(request), actor=actor(request, access.principal))
    except BusyError as busy:
        return _job_panel(request, access, "-", refusal=str(busy))
    return _job_panel(request, access, shown)


@router.get(f"{HOME}/job")
def assessment_job(
    access: Reader, request: Request, shown: Annotated[str, Query(max_length=32)] = "-"
) -> HTMLResponse:
    """The newest run's state; while it runs the panel polls this, and once it has stored a
    run other than the one the page shows, the page reloads."""
    return _job_panel(request, access, shown)
