"""Rich renderings of catalogue results, shared by ``scan``, ``demo`` and ``catalogue show``."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, tzinfo

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from indsec.catalogue.service import AssetChange, ScanOutcome
from indsec.cli.context import console, print_issue, print_table
from indsec.model import CatalogueVersion, ClassifiedAsset, Grade

GRADE_STYLE = {Grade.CORE: "bold red", Grade.IMPORTANT: "yellow", Grade.GENERAL: "green"}


def _listed(found: list[str], limit: int) -> str:
    more = f" +{len(found) - limit}" if len(found) > limit else ""
    return escape(", ".join(found[:limit]) + more)


def plant_time(moment: datetime | None, zone: tzinfo) -> str:
    """``moment`` as the plant's clock reads it, offset shown; stored times without a zone
    (SQLite keeps none) are UTC."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).isoformat(sep=" ", timespec="seconds")


def show_catalogue(
    version: CatalogueVersion,
    assets: list[ClassifiedAsset],
    *,
    all_grades: bool,
    lang: str,
    zone: tzinfo,
) -> None:
    """Grade counts, then the assets (important and core only unless ``all_grades``)."""
    shown = [a for a in assets if all_grades or a.grade.rank >= Grade.IMPORTANT.rank]
    show_summary(version, Counter(a.grade for a in assets), shown, lang=lang, zone=zone)


def show_summary(
    version: CatalogueVersion,
    counts: Counter[Grade],
    shown: list[ClassifiedAsset],
    *,
    lang: str,
    zone: tzinfo,
) -> None:
    """Grade counts over the whole version, then the ``shown`` assets, highest grade first."""
    summary = " · ".join(
        f"[{GRADE_STYLE[g]}]{g.zh} {g.value}: {counts.get(g, 0)}[/]" for g in reversed(list(Grade))
    )
    console.print(
        f"Catalogue version {version.number} ({plant_time(version.created_at, zone)}) — "
        f"{counts.total()} assets — {summary}"
    )
    shown = sorted(shown, key=lambda a: (-a.grade.rank, a.key))
    table = Table(show_lines=False, expand=True)
    columns = ("grade", "asset", "kind", "rows", "category", "labels", "suspected (review)", "why")
    for column in columns:
        table.add_column(column, overflow="fold")
    for a in shown:
        table.add_row(
            f"[{GRADE_STYLE[a.grade]}]{a.grade.value}[/]",
            escape(a.name),
            escape(a.kind),
            "" if a.rows is None else f"{a.rows:,}{'' if a.rows_exact else '~'}",
            escape(a.category),
            _listed(a.label_ids(), 4),
            _listed(a.suspicion_ids(), 3),  # shown apart, for review, never graded
            escape(a.reason(lang)),
        )
    print_table(table)
    hidden = counts.total() - len(shown)
    if hidden:
        console.print(f"{hidden} general assets not shown; --all shows them")


def show_versions(versions: list[CatalogueVersion], *, zone: tzinfo) -> None:
    """Every version as a table with a header, in plant time; errors as plain text."""
    table = Table()
    for column in ("version", "created", "trigger", "status", "assets", "error"):
        table.add_column(column, overflow="fold")
    for v in versions:
        table.add_row(
            str(v.number),
            plant_time(v.created_at, zone),
            v.trigger,
            v.status,
            str(v.asset_count),
            Text(v.error),
        )
    print_table(table)


def show_report(outcome: ScanOutcome) -> None:
    """The scan's counters, how they add up to the new version's assets, and its issues."""
    report = outcome.report
    not_read = report.assets_seen - report.assets_read
    unread = f", {not_read} not read (listed below)" if not_read else ""
    console.print(
        f"found {report.assets_seen} tables and files: {report.assets_read} read{unread}; "
        f"{report.values_sampled:,} values sampled; "
        f"{len(report.warnings) + report.warnings_dropped} warnings, "
        f"{report.failure_count} failures",
        highlight=False,
    )
    console.print(_version_sum(outcome), highlight=False, markup=False)
    for issue in report.failures:
        print_issue("failed", issue)
    for issue in report.warnings:
        print_issue("warning", issue)


def _version_sum(outcome: ScanOutcome) -> str:
    """How the scan's counters add up to the version's asset count."""
    read = outcome.report.assets_read
    oversized = outcome.oversized
    parts = outcome.stored - read - oversized
    carried = sum(outcome.carried_over.values())
    terms = [f"{read} read"]
    if parts > 0:
        terms.append(f"{parts} more for the extra sheets or parts of files (each is an asset)")
    elif parts < 0:
        terms.append(f"{-parts} fewer: files read but holding nothing to catalogue")
    if oversized:
        terms.append(f"{oversized} files over the size limit, catalogued unread")
    sources = ", ".join(f"{s} ({n})" for s, n in sorted(outcome.carried_over.items()))
    terms.append(
        f"{carried} carried over unchanged from sources not read this time: {sources}"
        if carried
        else "0 carried over"
    )
    total = outcome.stored + carried
    return f"catalogue version {outcome.version}: {total} assets = " + " + ".join(terms)


def show_changes(changes: list[AssetChange]) -> None:
    if not changes:
        console.print("no changes")
        return
    table = Table()
    for column in ("asset", "change", "before", "after", "by", "re-filing"):
        table.add_column(column, overflow="fold")
    for c in changes:
        by = "human review" if c.by_review else ""
        cells = (c.key, c.change.value, c.before, c.after, by, "yes" if c.refiling else "")
        table.add_row(*map(escape, cells))
    print_table(table)
