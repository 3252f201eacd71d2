"""``indsec filing export``: the important/core data catalogue filing."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from indsec.cli.context import console, state
from indsec.cli.output import checked_output
from indsec.report.service import export_filing

app = typer.Typer(help="Regulator filings.", no_args_is_help=True)


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("xlsx", "--format", "-f", help="xlsx or json."),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
) -> None:
    """Export the important/core catalogue filing (metadata only, never data content)."""
    target = checked_output(output or Path(f"filing-{lang}.{fmt}"))
    written = export_filing(app=state(ctx).app, fmt=fmt, lang=lang, output=target)
    console.print(f"wrote {escape(str(written))}", highlight=False)
