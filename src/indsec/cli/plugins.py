"""``indsec plugins``: every extension point, its plugins, and why a plugin is disabled."""

from __future__ import annotations

from dataclasses import asdict

import typer
from rich.table import Table

from indsec.cli.context import console, print_json
from indsec.discover.base import CONNECTORS


def plugins(json_output: bool = typer.Option(False, "--json")) -> None:
    """List registered plugins (connectors, …) and disabled ones with their reason."""
    statuses = list(CONNECTORS.statuses())
    if json_output:
        print_json([asdict(s) for s in statuses])
        return
    table = Table()
    for column in ("extension point", "id", "enabled", "detail"):
        table.add_column(column)
    for s in statuses:
        table.add_row(s.group, s.name, "yes" if s.enabled else "[red]no[/]", s.detail)
    console.print(table)
