"""``indsec incident open|classify|update|report|list|show|escalate``: data security incidents."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from indsec.cli.context import (
    JSON,
    LANG,
    cli_actor,
    console,
    iso_moment,
    print_json,
    print_table,
    print_wrote,
    state,
)
from indsec.cli.output import open_output
from indsec.errors import IncidentError
from indsec.incident import service
from indsec.model import Grade

app = typer.Typer(help="Data security incidents: tiers, deadlines, reports.", no_args_is_help=True)

SET_HELP = "A fact as key=value (outage_hours, direct_loss_cny, personal_info, ransom.amount…)."
ASSET_HELP = "An affected asset as KEY:NAME:GRADE (general, important or core)."


def _values(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise IncidentError(f"--set '{pair}': expected key=value")
        values[key.strip()] = value.strip()
    return values


def _assets(specs: list[str]) -> list[service.AffectedAsset]:
    found = []
    for spec in specs:
        parts = spec.rsplit(":", 2)
        if len(parts) != 3 or parts[2] not in {g.value for g in Grade} or not all(parts):
            raise IncidentError(
                f"--asset '{spec}': expected KEY:NAME:GRADE (general|important|core)"
            )
        found.append(service.AffectedAsset(key=parts[0], name=parts[1], grade=Grade(parts[2])))
    return found


def _summary(ctx: typer.Context, incident: service.Incident, lang: str, as_json: bool) -> None:
    """An incident's tier, deciding rules and report clocks (or its report-form JSON)."""
    app_context = state(ctx).app
    if as_json:
        document = service.incident_report(
            app=app_context,
            actor=cli_actor(),
            incident_id=incident.id,
            form="follow_up",
            lang=lang,
            record=False,
        )
        print_json(document)
        return
    rules = ", ".join(incident.decided_by) or "—"
    tier = service.tier_name(app=app_context, tier=incident.tier, lang=lang)
    console.print(
        escape(
            f"#{incident.id} {incident.title} [{incident.status}] "
            f"{service.label('tier', lang)}: {tier} ({rules})"
        ),
        highlight=False,
    )
    now = datetime.now(app_context.site_policy.zone)
    table = Table()
    for key in ("kind", "due", "reported_at", "state"):
        table.add_column(service.label(key, lang))
    for timer in service.incident_timers(app=app_context, incident=incident, now=now):
        made = timer.reported_at.isoformat(timespec="minutes") if timer.reported_at else "—"
        review = " *" if timer.needs_review else ""
        due = timer.due.astimezone(app_context.site_policy.zone).isoformat(timespec="minutes")
        table.add_row(timer.kind, due + review, made, timer.state)
    print_table(table)


@app.command("open")
def open_(
    ctx: typer.Context,
    from_alert: int | None = typer.Option(None, "--from-alert", help="Open from this alert."),
    title: str | None = typer.Option(None, "--title"),
    scenario: str | None = typer.Option(None, "--scenario"),
    detected_at: str | None = typer.Option(None, "--detected-at", help="ISO time (now)."),
    occurred_at: str | None = typer.Option(None, "--occurred-at", help="ISO time."),
    values: list[str] = typer.Option([], "--set", help=SET_HELP),
    assets: list[str] = typer.Option([], "--asset", help=ASSET_HELP),
    lang: str = LANG,
    as_json: bool = JSON,
) -> None:
    """Open an incident from an alert or by hand; it is classified at once."""
    app_context, actor = state(ctx).app, cli_actor()
    detected = iso_moment(detected_at, "--detected-at")
    occurred = iso_moment(occurred_at, "--occurred-at")
    facts = service.facts_with(service.parse_facts({}), _values(values), _assets(assets))
    if from_alert is not None:
        incident = service.open_from_alert(
            app=app_context,
            actor=actor,
            alert_id=from_alert,
            title=title,
            detected_at=detected,
            facts=facts,
        )
    else:
        incident = service.open_incident(
            app=app_context,
            actor=actor,
            title=title or "",
            facts=facts,
            scenario=scenario,
            detected_at=detected,
            occurred_at=occurred,
        )
    _summary(ctx, incident, lang, as_json)


@app.command("update")
def update(
    ctx: typer.Context,
    incident_id: int = typer.Argument(...),
    values: list[str] = typer.Option([], "--set", help=SET_HELP),
    assets: list[str] = typer.Option([], "--asset", help=ASSET_HELP),
    note: str = typer.Option("", "--note", help="An action for the timeline."),
    close: bool = typer.Option(False, "--close", help="Close the incident."),
    lang: str = LANG,
    as_json: bool = JSON,
) -> None:
    """Change facts, add assets or an action to the timeline, or close; the tier is re-decided."""
    incident = service.update_incident(
        app=state(ctx).app,
        actor=cli_actor(),
        incident_id=incident_id,
        values=_values(values),
        assets=_assets(assets),
        note=note,
        close=close,
    )
    _summary(ctx, incident, lang, as_json)


@app.command("classify")
def classify(
    ctx: typer.Context,
    incident_id: int = typer.Argument(...),
    lang: str = LANG,
    as_json: bool = JSON,
) -> None:
    """Re-apply the tier pack: the tier and the threshold(s) that decided it."""
    decision = service.classify_incident(
        app=state(ctx).app, actor=cli_actor(), incident_id=incident_id
    )
    rules = [{"id": h.id, "kind": h.kind, "needs_review": h.needs_review} for h in decision.rules]
    if as_json:
        print_json(
            {"tier": decision.tier.id, "name": decision.tier.names.get(lang), "rules": rules}
        )
        return
    shown = ", ".join(h.id + (" *" if h.needs_review else "") for h in decision.rules) or "—"
    console.print(escape(f"{decision.tier.names.get(lang)} ({decision.tier.id}): {shown}"))


@app.command("show")
def show(
    ctx: typer.Context,
    incident_id: int = typer.Argument(...),
    lang: str = LANG,
    as_json: bool = JSON,
) -> None:
    """An incident: tier, report clocks (with --json its facts and timeline too)."""
    incident = service.show_incident(app=state(ctx).app, incident_id=incident_id)
    _summary(ctx, incident, lang, as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    tier: str | None = typer.Option(None, "--tier"),
    status: str | None = typer.Option(None, "--status", help="open or closed."),
    lang: str = LANG,
    as_json: bool = JSON,
) -> None:
    """Incidents, newest first."""
    app_context = state(ctx).app
    zone = app_context.site_policy.zone
    found = service.list_incidents(app=app_context, tier=tier, status=status)
    rows = [
        {
            "id": i.id,
            "title": i.title,
            "tier": i.tier,
            "status": i.status,
            "scenario": i.scenario,
            "detected_at": i.detected_at.astimezone(zone).isoformat(timespec="minutes"),
        }
        for i in found
    ]
    if as_json:
        print_json(rows)
        return
    table = Table()
    for key in ("id", "title", "tier", "status", "scenario", "detected_at"):
        table.add_column(service.label(key, lang))
    for row in rows:
        table.add_row(*(escape(str(row[k] or "—")) for k in row))
    print_table(table)


@app.command("report")
def report(
    ctx: typer.Context,
    incident_id: int | None = typer.Argument(None),
    form: str = typer.Option("initial", "--form", help="initial, follow_up or final."),
    annual: int | None = typer.Option(None, "--annual", help="The annual summary of this year."),
    fmt: str = typer.Option("md", "--format", "-f", help="json, md or html."),
    lang: str = LANG,
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
    draft: bool = typer.Option(False, "--draft", help="Do not record the report as made."),
) -> None:
    """Write a report form; unless --draft, the report is recorded and its clock stops."""
    app_context = state(ctx).app
    if annual is not None:
        document = service.annual_summary(app=app_context, year=annual, lang=lang)
    elif incident_id is None:
        raise IncidentError("name an incident, or --annual YEAR for the annual summary")
    else:
        document = service.incident_report(
            app=app_context,
            actor=cli_actor(),
            incident_id=incident_id,
            form=form,
            lang=lang,
            record=not draft,
        )
    with open_output(output) as stream:
        stream.write(service.render_report(document, fmt=fmt, lang=lang))
    if output is not None:
        print_wrote(output)


@app.command("escalate")
def escalate(
    ctx: typer.Context,
    incident_id: int = typer.Argument(...),
    to: str | None = typer.Option(
        None, "--to", help="Supervision instance URL (default: INDSEC_SUPERVISION_URL)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the document to this file instead of sending it."
    ),
) -> None:
    """Send the incident's reports to the supervision instance (the officer's token there is
    INDSEC_SUPERVISION_TOKEN); with --output, write the escalation document instead."""
    app_context = state(ctx).app
    now = datetime.now(app_context.site_policy.zone)
    if output is not None:
        document = service.escalation_document(app=app_context, incident_id=incident_id, now=now)
        with open_output(output) as stream:
            stream.write(service.render_report(document, fmt="json", lang="zh"))
        print_wrote(output)
        return
    receipt = service.escalate(
        app=app_context, actor=cli_actor(), incident_id=incident_id, now=now, url=to
    )
    state_word = "escalated" if receipt.get("created") else "already received"
    console.print(
        escape(f"{state_word}: incident {incident_id}, version {receipt.get('version')}"),
        highlight=False,
    )
