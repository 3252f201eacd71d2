"""``indsec filing export|submit|status``: the important/core data catalogue filing, written
to a file or posted to a supervision instance, and its status read back."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from indsec.cli.context import LANG, cli_actor, console, print_wrote, state
from indsec.cli.output import checked_output
from indsec.report.service import export_filing, filing_document
from indsec.supervision import service as supervision

app = typer.Typer(help="Regulator filings.", no_args_is_help=True)


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("xlsx", "--format", "-f", help="xlsx or json."),
    lang: str = LANG,
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
) -> None:
    """Export the important/core catalogue filing (metadata only, never data content)."""
    target = checked_output(output or Path(f"filing-{lang}.{fmt}"))
    written = export_filing(app=state(ctx).app, fmt=fmt, lang=lang, output=target)
    print_wrote(written)


@app.command("submit")
def submit(
    ctx: typer.Context,
    to: str | None = typer.Option(
        None, "--to", help="Supervision instance URL (default: INDSEC_SUPERVISION_URL)."
    ),
    lang: str = LANG,
) -> None:
    """Build the filing as 'export' does and post it with INDSEC_SUPERVISION_TOKEN."""
    app_context = state(ctx).app
    document = filing_document(app=app_context, lang=lang)
    sent = supervision.submit_filing(app=app_context, actor=cli_actor(), document=document, url=to)
    verb = "submitted" if sent.created else "already received"
    console.print(
        f"{verb}: version {sent.version}, status {sent.status} (review due {sent.review_due})",
        highlight=False,
    )


@app.command("status")
def status(
    ctx: typer.Context,
    to: str | None = typer.Option(
        None, "--to", help="Supervision instance URL (default: INDSEC_SUPERVISION_URL)."
    ),
) -> None:
    """The filing's versions as the supervision instance has them, with its comments."""
    found = supervision.filing_statuses(app=state(ctx).app, url=to)
    if not found:
        console.print("no filing received yet", highlight=False)
    for item in found:
        line = f"version {item.version}: {item.status} (review due {item.review_due})"
        console.print(line, highlight=False)
        if item.comment:
            console.print(f"  comments: {escape(item.comment)}", highlight=False)
