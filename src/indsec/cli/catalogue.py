"""``indsec catalogue …``: show, compare, export and review catalogue versions."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer
from rich.markup import escape

from indsec.catalogue import service
from indsec.cli.context import JSON, console, print_json, print_wrote, state
from indsec.cli.output import checked_output
from indsec.cli.render import show_catalogue, show_changes, show_versions
from indsec.detect.service import plant_timezone

app = typer.Typer(help="Show, diff, export and review the data catalogue.", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    version: int | None = typer.Option(None, "--version", "-v", help="Version (default: newest)."),
    all_grades: bool = typer.Option(False, "--all", help="List general assets too."),
    json_output: bool = JSON,
) -> None:
    """Show a catalogue version with reviews applied."""
    app = state(ctx).app
    found, assets = service.catalogue_view(app=app, version=version)
    if json_output:
        print_json({"version": found.number, "assets": [service.asset_record(a) for a in assets]})
    else:
        zone = plant_timezone(app=app)
        show_catalogue(found, assets, all_grades=all_grades, lang=app.settings.lang, zone=zone)


@app.command("versions")
def versions(ctx: typer.Context, json_output: bool = JSON) -> None:
    """List every catalogue version, including failed scans."""
    app = state(ctx).app
    found = service.list_versions(app=app)
    if json_output:
        print_json([v.model_dump(mode="json", exclude={"profile", "report"}) for v in found])
        return
    show_versions(found, zone=plant_timezone(app=app))


@app.command("diff")
def diff(ctx: typer.Context, before: int, after: int, json_output: bool = JSON) -> None:
    """What changed between two versions, and which changes need a re-filing."""
    changes = service.diff_versions(app=state(ctx).app, before=before, after=after)
    if json_output:
        print_json([asdict(c) for c in changes])
    else:
        show_changes(changes)


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = typer.Option(
        "json", "--format", "-f", help=f"One of: {', '.join(service.export_formats())}."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
    version: int | None = typer.Option(None, "--version", "-v"),
) -> None:
    """Export the catalogue (metadata and masked examples only)."""
    target = checked_output(output or Path(f"catalogue.{fmt}"))
    written = service.export_catalogue(app=state(ctx).app, fmt=fmt, output=target, version=version)
    print_wrote(written)


@app.command("review")
def review(
    ctx: typer.Context,
    asset: str = typer.Argument(..., help="Asset name or source::name key."),
    grade: str | None = typer.Option(None, "--grade", help="general, important or core."),
    category: str | None = typer.Option(None, "--category", help="Category id."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit trail)."),
    reviewer: str | None = typer.Option(
        None, "--reviewer", help="Default: INDSEC_REVIEWER or login."
    ),
    json_output: bool = JSON,
) -> None:
    """Record a human decision on an asset; it survives rescans."""
    recorded = service.review_asset(
        app=state(ctx).app,
        asset=asset,
        grade=grade,
        category=category,
        reason=reason,
        reviewer=reviewer,
    )
    if json_output:
        print_json(recorded.model_dump(mode="json"))
    else:
        console.print(
            escape(f"review recorded for {recorded.asset_key} by {recorded.reviewer}"),
            highlight=False,
        )


@app.command("regrade")
def regrade(ctx: typer.Context, json_output: bool = JSON) -> None:
    """Re-evaluate the newest catalogue with the current rule packs and profile."""
    outcome = service.regrade_catalogue(app=state(ctx).app)
    if json_output:
        print_json(
            {
                "version": outcome.version,
                "previous": outcome.previous,
                "changes": [asdict(c) for c in outcome.changes],
            }
        )
        return
    console.print(f"version {outcome.version} (regraded from {outcome.previous})")
    show_changes(outcome.changes)
