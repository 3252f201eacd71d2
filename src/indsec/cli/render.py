"""Rich renderings of catalogue results, shared by ``scan``, ``demo`` and ``catalogue show``."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from indsec.catalogue.diff import AssetChange
from indsec.cli.context import console
from indsec.model import CatalogueVersion, ClassifiedAsset, Grade, ScanReport

GRADE_STYLE = {Grade.CORE: "bold red", Grade.IMPORTANT: "yellow", Grade.GENERAL: "green"}


def _labels(asset: ClassifiedAsset, limit: int = 4) -> str:
    found = sorted({lab for f in asset.fields for lab in f.label_ids()})
    more = f" +{len(found) - limit}" if len(found) > limit else ""
    return ", ".join(found[:limit]) + more


def show_catalogue(
    version: CatalogueVersion, assets: list[ClassifiedAsset], *, all_grades: bool
) -> None:
    """Grade counts, then the assets (important and core only unless ``all_grades``)."""
    shown = [a for a in assets if all_grades or a.grade.rank >= Grade.IMPORTANT.rank]
    show_summary(version, Counter(a.grade for a in assets), shown)


def show_summary(
    version: CatalogueVersion, counts: Counter[Grade], shown: list[ClassifiedAsset]
) -> None:
    """Grade counts over the whole version, then the ``shown`` assets, highest grade first."""
    summary = " · ".join(
        f"[{GRADE_STYLE[g]}]{g.zh} {g.value}: {counts.get(g, 0)}[/]" for g in reversed(list(Grade))
    )
    console.print(
        f"Catalogue version {version.number} ({version.created_at:%Y-%m-%d %H:%M} UTC) — "
        f"{counts.total()} assets — {summary}"
    )
    shown = sorted(shown, key=lambda a: (-a.grade.rank, a.key))
    table = Table(show_lines=False, expand=True)
    for column in ("grade", "asset", "kind", "rows", "category", "labels", "why"):
        table.add_column(column, overflow="fold")
    for a in shown:
        table.add_row(
            f"[{GRADE_STYLE[a.grade]}]{a.grade.value}[/]",
            a.name,
            a.kind,
            "" if a.rows is None else f"{a.rows:,}{'' if a.rows_exact else '~'}",
            a.category,
            _labels(a),
            a.reason(),
        )
    console.print(table)


def show_report(report: ScanReport) -> None:
    """The scan's counters and its located warnings and failures."""
    console.print(
        f"read {report.assets_read} of {report.assets_seen} assets, "
        f"{report.values_sampled:,} values sampled; "
        f"{len(report.warnings) + report.warnings_dropped} warnings, "
        f"{report.failure_count} failures"
    )
    for issue in report.failures:
        console.print(f"  [red]failed[/] {issue.where}: {issue.message}", highlight=False)
    for issue in report.warnings:
        console.print(f"  [yellow]warning[/] {issue.where}: {issue.message}", highlight=False)


def show_changes(changes: list[AssetChange]) -> None:
    if not changes:
        console.print("no changes")
        return
    table = Table()
    for column in ("asset", "change", "before", "after", "re-filing"):
        table.add_column(column, overflow="fold")
    for c in changes:
        table.add_row(c.key, c.change.value, c.before, c.after, "yes" if c.refiling else "")
    console.print(table)
