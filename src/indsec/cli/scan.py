"""``indsec scan SOURCE…``: scan data sources into a new catalogue version."""

from __future__ import annotations

import typer

from indsec.catalogue.service import catalogue_summary, scan_record, scan_sources
from indsec.cli.context import JSON, print_json, progress_status, state
from indsec.cli.render import show_report, show_summary
from indsec.detect.service import plant_timezone
from indsec.errors import NothingScannedError


def scan(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(
        ..., help="sqlite:///f.db, postgresql://…, mysql://…, file://DIR or a path"
    ),
    sample: int | None = typer.Option(None, "--sample", min=1, help="Values sampled per column."),
    json_output: bool = JSON,
) -> None:
    """Scan data sources (read-only) and store the classified, graded catalogue."""
    cli = state(ctx)
    if sample is not None:
        cli.with_settings(cli.settings.model_copy(update={"sample_size": sample}))
    app = cli.app
    try:
        with progress_status("scanning", quiet=json_output) as advance:
            outcome = scan_sources(app=app, sources=sources, progress=advance)
    except NothingScannedError as exc:
        if json_output:  # the reasons as data on stdout; the error line still goes to stderr
            print_json({"status": "failed", "error": exc.summary, "failures": _issues(exc)})
        raise
    if json_output:
        print_json(scan_record(app=app, outcome=outcome))
        return
    summary = catalogue_summary(app=app, version=outcome.version)
    show_report(outcome)
    zone = plant_timezone(app=app)
    show_summary(summary.version, summary.counts, summary.shown, lang=app.settings.lang, zone=zone)


def _issues(exc: NothingScannedError) -> list[dict[str, str]]:
    return [{"where": p.where, "message": p.message} for p in exc.problems]
