"""``indsec rules list|validate``: the rule packs in force and their problems."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from indsec.app import checked_packs
from indsec.cli.context import JSON, console, print_json, print_table, state
from indsec.detect.service import sigma_conformance

app = typer.Typer(help="Rule packs: list and validate.", no_args_is_help=True)


@app.command("list")
def list_packs(ctx: typer.Context, json_output: bool = JSON) -> None:
    """List the rule packs in force (builtin and site)."""
    loaded = checked_packs(state(ctx).settings.rules_path)
    rows = [
        {
            "id": p.pack.id,
            "kind": kind,
            "version": p.pack.version,
            "description": p.pack.description,
        }
        for kind, packs in sorted(loaded.by_kind.items())
        for p in packs
    ]
    if json_output:
        print_json(rows)
        return
    table = Table()
    for column in ("id", "kind", "version", "description"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(escape(row[key]) for key in ("id", "kind", "version", "description")))
    print_table(table)
    if loaded.problems:
        console.print(f"[red]{len(loaded.problems)} problems — run 'indsec rules validate'[/]")


@app.command("validate")
def validate(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        None, help="Pack files or directories (default: all in force)."
    ),
    json_output: bool = JSON,
) -> None:
    """Validate rule packs and list every problem with file:line."""
    extra = paths or state(ctx).settings.rules_path
    loaded = checked_packs(extra, builtin=not paths)
    if json_output:
        print_json({"files": loaded.files, "problems": [str(p) for p in loaded.problems]})
    else:
        for problem in loaded.problems:
            where, message = escape(problem.where), escape(problem.message)
            console.print(f"[red]{where}[/]: {message}", highlight=False)
        console.print(f"{loaded.files} files, {len(loaded.problems)} problems")
    if loaded.problems:
        raise typer.Exit(code=1)


@app.command("conformance")
def conformance(ctx: typer.Context, json_output: bool = JSON) -> None:
    """Run the SigmaHQ regression suite; list every case that is not exact, with its reason."""
    report = sigma_conformance(app=state(ctx).app)
    misses = report.non_exact()
    if json_output:
        print_json(
            {
                "cases": len(report.cases),
                "rate": report.rate,
                "counts": dict(report.counts()),
                "non_exact": [case.describe() for case in misses],
            }
        )
        return
    console.print(
        f"{len(report.cases)} cases, {report.rate:.2%} exact "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(report.counts().items()))})"
    )
    for case in misses:
        console.print(f"  {escape(case.describe())}", highlight=False)
