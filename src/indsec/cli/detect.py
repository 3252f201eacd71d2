"""``indsec detect run`` and ``indsec alerts list|show``: grade-aware detection from logs."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from indsec.cli.context import console, print_json, progress_status, state
from indsec.detect import service
from indsec.detect.sigma.unsupported import reason_counts
from indsec.errors import Problem
from indsec.model.alert import Alert

app = typer.Typer(help="Run Sigma detection over log files.", no_args_is_help=True)
alerts_app = typer.Typer(help="List and show stored alerts.", no_args_is_help=True)

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def _alert_row(alert_id: int, a: Alert) -> dict[str, object]:
    return {
        "id": alert_id,
        "severity": a.severity,
        "level": a.level,
        "scenario": a.scenario or "",
        "rule": a.rule_title,
        "rule_id": a.rule_id,
        "asset": a.asset.name if a.asset else "",
        "grade": a.asset.grade.value if a.asset else "",
        "time": a.event_time.isoformat() if a.event_time else "",
        "origin": Path(a.origin).name if a.origin else "",
    }


def alert_rows(alerts: list[Alert]) -> list[dict[str, object]]:
    """Rows for :func:`show_alerts`, numbered in order."""
    return [_alert_row(i, a) for i, a in enumerate(alerts, 1)]


def show_alerts(rows: list[dict[str, object]]) -> None:
    """A table of alerts: severity, scenario, rule, asset and its grade."""
    table = Table(expand=True)
    for column in ("id", "severity", "scenario", "rule", "asset", "grade", "time", "origin"):
        table.add_column(column, overflow="fold")
    for r in rows:
        style = SEVERITY_STYLE.get(str(r["severity"]), "")
        table.add_row(
            str(r["id"]),
            f"[{style}]{r['severity']}[/]" if style else str(r["severity"]),
            str(r["scenario"]),
            str(r["rule"]),
            str(r["asset"]),
            str(r["grade"]),
            str(r["time"])[:19],
            str(r["origin"]),
        )
    console.print(table)


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
            scenario,
            f"{len(found)} ({', '.join(f'{k} {v}' for k, v in severities.most_common())})",
            "\n".join(f"{title} ×{n}" for title, n in rules),
            "\n".join(assets[:5]) + (f"\n+{len(assets) - 5} more" if len(assets) > 5 else ""),
        )
    console.print(table)


def rule_problems(outcome: service.DetectionOutcome) -> list[Problem]:
    """Every rule that did not load (file:line, why) and every one loaded but not run."""
    return [*outcome.problems, *(rule.as_problem() for rule in outcome.unsupported)]


@app.command("run")
def run(
    ctx: typer.Context,
    sources: list[Path] = typer.Argument(
        ..., help="Log files or directories of them (format sniffed unless --format)."
    ),
    rules: list[Path] = typer.Option(
        None, "--rules", help="Sigma rule files/dirs (default: pack)."
    ),
    log_format: str | None = typer.Option(None, "--format", help="Force a log format."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, help="Processes matching files in parallel (one per core)."
    ),
    json_output: bool = typer.Option(False, "--json"),
) -> None:
    """Detect the key risk scenarios in logs; alerts are enriched with catalogue grades."""
    with progress_status("detecting", quiet=json_output) as advance:
        outcome = service.run_detection(
            settings=state(ctx).settings,
            sources=sources,
            rules=rules or None,
            log_format=log_format,
            progress=advance,
            workers=workers,
        )
    if json_output:
        print_json(
            {
                "run": outcome.run_id,
                "events": outcome.events,
                "rules_loaded": outcome.rules_loaded,
                "unsupported": len(outcome.unsupported),
                "rule_problems": [str(problem) for problem in rule_problems(outcome)],
                "failures": [f"{f.where}: {f.message}" for f in outcome.report.failures],
                "alerts": [a.model_dump(mode="json") for a in outcome.alerts],
            }
        )
        return
    reasons = ", ".join(f"{k} ×{v}" for k, v in reason_counts(outcome.unsupported).most_common())
    console.print(
        f"run {outcome.run_id}: {outcome.events:,} events, {outcome.rules_loaded} rules "
        f"({len(outcome.unsupported)} unsupported{': ' + reasons if reasons else ''}), "
        f"{len(outcome.alerts)} alerts"
    )
    for problem in rule_problems(outcome):
        console.print(f"  [red]rule[/] {escape(str(problem))}", highlight=False)
    for issue in outcome.report.failures:
        console.print(f"  [red]failed[/] {issue.where}: {issue.message}", highlight=False)
    for issue in outcome.report.warnings[:20]:
        console.print(f"  [yellow]warning[/] {issue.where}: {issue.message}", highlight=False)
    show_alert_summary(outcome.alerts)
    show_alerts(alert_rows(outcome.alerts))


@alerts_app.command("list")
def list_alerts(
    ctx: typer.Context,
    run_id: int | None = typer.Option(None, "--run", help="Detection run (default: newest)."),
    scenario: str | None = typer.Option(None, "--scenario"),
    output: str = typer.Option("table", "--output", "-o", help="table, json or csv."),
    limit: int = typer.Option(1000, "--limit", min=1),
) -> None:
    """List the alerts of a detection run."""
    found = service.list_alerts(
        settings=state(ctx).settings, run_id=run_id, scenario=scenario, limit=limit
    )
    rows = [_alert_row(i, a) for i, a in found]
    if output == "json":
        print_json(rows)
    elif output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        show_alerts(rows)


@alerts_app.command("show")
def show_alert(
    ctx: typer.Context, alert_id: int, json_output: bool = typer.Option(False, "--json")
) -> None:
    """One alert in full: rule, scenario, asset, grade and why, event details."""
    alert = service.show_alert(settings=state(ctx).settings, alert_id=alert_id)
    if json_output:
        print_json(alert.model_dump(mode="json"))
        return
    console.print(f"[bold]{alert.rule_title}[/] ({alert.rule_id})")
    console.print(
        f"severity {alert.severity} (rule level {alert.level}); scenario "
        f"{alert.scenario or '-'}; risk {', '.join(alert.risk_types) or '-'}"
    )
    if alert.asset:
        console.print(
            f"asset {alert.asset.name} — {alert.asset.grade.value} "
            f"({alert.asset.category}); matched on {alert.asset.matched_on}; "
            f"graded because: {alert.asset.reason}",
            highlight=False,
        )
    console.print(f"event {alert.origin} at {alert.event_time}")
    for key, value in {**alert.group, **alert.details}.items():
        console.print(f"  {key} = {value}", highlight=False)
