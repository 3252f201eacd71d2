"""``indsec plugins``: every extension point, its plugins, and why a plugin is disabled."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

import indsec.detect.sources.builtin  # noqa: F401  (registers the builtin log readers)
from indsec.catalogue.export import EXPORTERS
from indsec.classify.validators import VALIDATORS
from indsec.cli.context import print_json, print_table
from indsec.detect.sources.base import LOG_READERS
from indsec.discover.base import CONNECTORS
from indsec.discover.formats import FORMATS
from indsec.plugins import Registry
from indsec.report.filing import FILING_WRITERS
from indsec.rules.pack import PACK_KINDS

EXTENSION_POINTS: tuple[Registry[Any], ...] = (
    CONNECTORS,
    FORMATS,
    VALIDATORS,
    PACK_KINDS,
    LOG_READERS,
    EXPORTERS,
    FILING_WRITERS,
)


def plugins(json_output: bool = typer.Option(False, "--json")) -> None:
    """List every extension point's plugins, and disabled ones with their reason."""
    statuses = [status for registry in EXTENSION_POINTS for status in registry.statuses()]
    if json_output:
        print_json([asdict(s) for s in statuses])
        return
    table = Table()
    for column in ("extension point", "id", "enabled", "detail"):
        table.add_column(column)
    for s in statuses:
        enabled = "yes" if s.enabled else "[red]no[/]"
        table.add_row(escape(s.group), escape(s.name), enabled, escape(s.detail))
    print_table(table)
