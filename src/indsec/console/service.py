"""The enterprise console's use cases: its home, the browsable catalogue, audited reviews and
rescans run by a background worker (keyword-only, for the server's pages and API)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.catalogue import service as catalogue
from indsec.catalogue.service import AssetFilter, Facets
from indsec.console.assessment import ASSESSMENT, start_assessment
from indsec.console.browse import AssetPage, needs_review
from indsec.console.home import Home, SourceProblems, home, problems_by_source
from indsec.console.jobs import Job, JobRepository
from indsec.console.worker import join_workers, start_job
from indsec.errors import NotFoundError
from indsec.identity import service as identity
from indsec.model import ClassifiedAsset, Progress, Review
from indsec.model.identity import Actor

__all__ = [
    "ASSESSMENT",
    "RESCAN",
    "AssetFilter",
    "AssetPage",
    "Facets",
    "Home",
    "Job",
    "SourceProblems",
    "browse_assets",
    "filtered_assets",
    "home",
    "job",
    "join_workers",
    "needs_review",
    "problems_by_source",
    "recent_jobs",
    "review",
    "start_assessment",
    "start_rescan",
]

RESCAN = "rescan"


def browse_assets(
    *, app: AppContext, filters: AssetFilter, page: int, with_facets: bool = True
) -> AssetPage:
    """Page ``page`` of the current catalogue (reviews applied) as ``filters`` filter it; the
    filters' choices too unless ``with_facets`` is False (the results alone, swapped in)."""
    found = catalogue.list_assets(
        app=app,
        filters=filters,
        page=page,
        size=app.settings.list_page_size,
        with_facets=with_facets,
    )
    return AssetPage(
        found.version.number, found.assets, found.total, found.page, found.pages, found.facets
    )


def filtered_assets(
    *, app: AppContext, filters: AssetFilter
) -> tuple[int, Iterator[ClassifiedAsset]]:
    """How many assets ``filters`` match on all pages, and the first ``INDSEC_EXPORT_MAX_ROWS``
    of them read a batch at a time (for the export, which refuses a list cut short)."""
    total = catalogue.count_assets(app=app, filters=filters)
    limit = app.settings.export_max_rows
    return total, catalogue.stream_assets(app=app, filters=filters, limit=limit)


def review(
    *,
    app: AppContext,
    actor: Actor,
    asset: str,
    grade: str | None,
    category: str | None,
    reason: str,
) -> Review:
    """Override an asset's grade or category, with the reason, audited in the same write."""

    def audit(session: Session) -> None:
        detail = {"grade": grade or "", "category": category or "", "reason": reason.strip()}
        identity.append_audit(
            session, actor=actor, action="catalogue.review", target=f"asset:{asset}", detail=detail
        )

    return catalogue.review_asset(
        app=app,
        asset=asset,
        grade=grade,
        category=category,
        reason=reason,
        reviewer=actor.name,
        also=audit,
    )


def _rescan_sources(app: AppContext) -> list[str]:
    complete = [v for v in catalogue.list_versions(app=app) if v.status == "complete"]
    if not complete or not complete[-1].sources:
        raise NotFoundError("nothing to rescan yet: scan the sources once ('indsec scan …')")
    return complete[-1].sources


def start_rescan(*, app: AppContext, actor: Actor) -> Job:
    """Claim the instance's one rescan slot and scan the current catalogue's sources again in a
    background worker; returns the running job at once (refused if a rescan runs)."""
    sources = _rescan_sources(app)

    def work(progress: Progress) -> dict[str, object]:
        outcome = catalogue.scan_sources(app=app, sources=sources, progress=progress)
        return {"version": outcome.version, "stored": outcome.stored}

    detail = {"sources": ", ".join(sources)}
    return start_job(
        app=app, actor=actor, kind=RESCAN, action="catalogue.rescan", detail=detail, work=work
    )


def job(*, app: AppContext, job_id: int) -> Job:
    return JobRepository(app.store()).job(job_id)


def recent_jobs(*, app: AppContext, limit: int = 20, kind: str | None = None) -> list[Job]:
    """The newest jobs, of ``kind`` (``RESCAN``, ``ASSESSMENT``) or of any."""
    return JobRepository(app.store()).jobs(limit=limit, kind=kind)
