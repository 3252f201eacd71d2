"""``indsec plugins``: every extension point, its plugins, and why a plugin is disabled."""

from __future__ import annotations

from dataclasses import asdict

from rich.markup import escape
from rich.table import Table

from indsec.cli.context import JSON, print_json, print_table
from indsec.extensions import EXTENSION_POINTS, plugin_statuses


def plugins(json_output: bool = JSON) -> None:
    """List every extension point's plugins: where each came from, and why one is disabled."""
    statuses = plugin_statuses()
    if json_output:
        print_json([asdict(s) for s in statuses])
        return
    groups = {registry.group: registry.entry_point_group for registry in EXTENSION_POINTS}
    table = Table()
    for column in ("extension point (entry-point group)", "id", "enabled", "from", "detail"):
        table.add_column(column)
    for s in statuses:
        enabled = "yes" if s.enabled else "[red]no[/]"
        point = f"{s.group} ({groups[s.group]})"
        table.add_row(escape(point), escape(s.name), enabled, escape(s.origin), escape(s.detail))
    print_table(table)
