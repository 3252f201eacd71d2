"""``indsec detect run`` and ``indsec alerts list|show``: grade-aware detection from logs."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from datetime import tzinfo
from pathlib import Path
from typing import TextIO

import typer
from rich.markup import escape
from rich.table import Table

from indsec.cli.context import (
    JSON,
    console,
    print_issue,
    print_json,
    print_table,
    progress_status,
    state,
)
from indsec.cli.output import checked_output, open_output
from indsec.cli.render import plant_time
from indsec.detect import service
from indsec.errors import NothingReadError, Problem
from indsec.model.alert import Alert
from indsec.report.service import csv_cell

app = typer.Typer(help="Run Sigma detection over log files.", no_args_is_help=True)
alerts_app = typer.Typer(help="List and show stored alerts.", no_args_is_help=True)

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


ALERT_COLUMNS = (
    *("id", "severity", "level", "scenario", "rule", "rule_id"),
    *("asset", "grade", "time", "origin"),
)
"""The fields of an alert row, in order (the CSV header even when there are no alerts)."""


def _alert_row(alert_id: int, a: Alert, zone: tzinfo) -> dict[str, object]:
    return {
        "id": alert_id,
        "severity": a.severity,
        "level": a.level,
        "scenario": a.scenario or "",
        "rule": a.rule_title,
        "rule_id": a.rule_id,
        "asset": a.asset.name if a.asset else "",
        "grade": a.asset.grade.value if a.asset else "",
        "time": plant_time(a.event_time, zone),
        "origin": Path(a.origin).name if a.origin else "",
    }


def alert_rows(alerts: list[Alert], zone: tzinfo) -> list[dict[str, object]]:
    """Rows for :func:`show_alerts`, numbered in order, times in the plant's ``zone``."""
    return [_alert_row(i, a, zone) for i, a in enumerate(alerts, 1)]


def show_alerts(rows: list[dict[str, object]], file: TextIO | None = None) -> None:
    """A table of alerts: severity, scenario, rule, asset and its grade."""
    table = Table(expand=True)
    for column in ("id", "severity", "scenario", "rule", "asset", "grade", "time", "origin"):
        table.add_column(column, overflow="fold")
    for r in rows:
        style = SEVERITY_STYLE.get(str(r["severity"]), "")
        table.add_row(
            str(r["id"]),
            f"[{style}]{r['severity']}[/]" if style else escape(str(r["severity"])),
            *(escape(str(r[key])) for key in ("scenario", "rule", "asset", "grade")),
            escape(str(r["time"])),
            escape(str(r["origin"])),
        )
    print_table(table, file=file)


def show_alert_summary(alerts: list[Alert]) -> None:
    """Per scenario: how many alerts, their top rules, and the graded assets they touched."""
    table = Table(expand=True, show_lines=True)
    for column in ("scenario", "alerts", "top rules", "graded assets touched"):
        table.add_column(column, overflow="fold")
    by_scenario: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_scenario.setdefault(alert.scenario or "other", []).append(alert)
    for scenario, found in sorted(by_scenario.items()):
        severities = Counter(a.severity for a in found)
        rules = Counter(a.rule_title for a in found).most_common(3)
        assets = sorted({f"{a.asset.name} ({a.asset.grade.value})" for a in found if a.asset})
        table.add_row(
            escape(scenario),
            escape(f"{len(found)} ({', '.join(f'{k} {v}' for k, v in severities.most_common())})"),
            escape("\n".join(f"{title} ×{n}" for title, n in rules)),
            escape("\n".join(assets[:5]))
            + (f"\n+{len(assets) - 5} more" if len(assets) > 5 else ""),
        )
    print_table(table)


def rule_problems(outcome: service.DetectionOutcome) -> list[Problem]:
    """Every rule that did not load (file:line, why) and every one loaded but not run."""
    return [*outcome.problems, *(rule.as_problem() for rule in outcome.unsupported)]


@app.command("run")
def run(
    ctx: typer.Context,
    sources: list[Path] = typer.Argument(
        ..., help="Log files or directories of them (format sniffed unless --log-format)."
    ),
    rules: list[Path] = typer.Option(
        None, "--rules", help="Sigma rule files/dirs (default: pack)."
    ),
    log_format: str | None = typer.Option(None, "--log-format", help="Force a log format."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, help="Processes matching files in parallel (one per core)."
    ),
    json_output: bool = JSON,
) -> None:
    """Detect the key risk scenarios in logs; alerts are enriched with catalogue grades."""
    try:
        with progress_status("detecting", quiet=json_output) as advance:
            outcome = service.run_detection(
                app=state(ctx).app,
                sources=sources,
                rules=rules or None,
                log_format=log_format,
                progress=advance,
                workers=workers,
            )
    except NothingReadError as exc:
        if json_output:  # the reasons as data on stdout; the error line still goes to stderr
            failures = [str(p) for p in exc.problems]
            print_json({"status": "failed", "error": exc.summary, "failures": failures})
        raise
    if json_output:
        print_json(
            {
                "run": outcome.run_id,
                "status": "complete",
                "events": outcome.events,
                "rules_loaded": outcome.rules_loaded,
                "unsupported": len(outcome.unsupported),
                "rule_problems": [str(problem) for problem in rule_problems(outcome)],
                "failures": [f"{f.where}: {f.message}" for f in outcome.report.failures],
                "alerts": [a.model_dump(mode="json") for a in outcome.alerts],
            }
        )
        return
    reasons = ", ".join(f"{k} ×{v}" for k, v in outcome.unsupported_reasons().most_common())
    console.print(
        f"run {outcome.run_id}: {outcome.events:,} events, {outcome.rules_loaded} rules "
        f"({len(outcome.unsupported)} unsupported{': ' + reasons if reasons else ''}), "
        f"{len(outcome.alerts)} alerts"
    )
    for problem in rule_problems(outcome):
        console.print(f"  [red]rule[/] {escape(str(problem))}", highlight=False)
    for issue in outcome.report.failures:
        print_issue("failed", issue)
    for issue in outcome.report.warnings[:20]:
        print_issue("warning", issue)
    show_alert_summary(outcome.alerts)
    show_alerts(alert_rows(outcome.alerts, service.plant_timezone(app=state(ctx).app)))


ALERT_FORMATS = ("table", "json", "csv")


def _write_alerts(rows: list[dict[str, object]], fmt: str, stream: TextIO) -> None:
    if fmt == "json":
        print_json(rows, file=stream)
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=ALERT_COLUMNS)
        writer.writeheader()
        writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    else:
        show_alerts(rows, file=None if stream is sys.stdout else stream)


@alerts_app.command("list")
def list_alerts(
    ctx: typer.Context,
    run_id: int | None = typer.Option(None, "--run", help="Detection run (default: newest)."),
    scenario: str | None = typer.Option(None, "--scenario"),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
    json_output: bool = typer.Option(False, "--json", help="Same as --format json."),
    limit: int = typer.Option(1000, "--limit", min=1),
) -> None:
    """List the alerts of a detection run."""
    fmt = "json" if json_output else fmt
    if fmt not in ALERT_FORMATS:
        valid = ", ".join(ALERT_FORMATS)
        raise typer.BadParameter(f"'{fmt}' is not one of: {valid}", param_hint="'--format'")
    if output is not None:
        checked_output(output)
    app = state(ctx).app
    found = service.list_alerts(app=app, run_id=run_id, scenario=scenario, limit=limit)
    zone = service.plant_timezone(app=app)
    rows = [_alert_row(i, a, zone) for i, a in found]
    with open_output(output) as stream:
        _write_alerts(rows, fmt, stream)
    if output is not None:
        console.print(f"wrote {len(rows)} alerts to {escape(str(output))}", highlight=False)


@alerts_app.command("show")
def show_alert(ctx: typer.Context, alert_id: int, json_output: bool = JSON) -> None:
    """One alert in full: rule, scenario, asset, grade and why, event details."""
    app = state(ctx).app
    alert = service.show_alert(app=app, alert_id=alert_id)
    if json_output:
        print_json(alert.model_dump(mode="json"))
        return
    console.print(f"[bold]{escape(alert.rule_title)}[/] ({escape(alert.rule_id)})")
    console.print(
        escape(
            f"severity {alert.severity} (rule level {alert.level}); scenario "
            f"{alert.scenario or '-'}; risk {', '.join(alert.risk_types) or '-'}"
        )
    )
    if alert.asset:
        console.print(
            escape(
                f"asset {alert.asset.name} — {alert.asset.grade.value} "
                f"({alert.asset.category}); matched on {alert.asset.matched_on}; "
                f"graded because: {alert.asset.reason}"
            ),
            highlight=False,
        )
    zone = service.plant_timezone(app=app)
    console.print(escape(f"event {alert.origin} at {plant_time(alert.event_time, zone)}"))
    for key, value in {**alert.group, **alert.details}.items():
        console.print(escape(f"  {key} = {value}"), highlight=False)
