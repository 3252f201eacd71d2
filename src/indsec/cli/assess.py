"""``indsec assess run|answer|evidence|tasks|risks|show|list``: self-examination (风险自查)
and self-correction (自纠): measure the controls, answer the manual ones, attach evidence, and
follow the remediation tasks of what failed."""

from __future__ import annotations

import getpass
import socket
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from indsec.assess import service
from indsec.cli.context import (
    cli_actor,
    console,
    iso_day,
    iso_moment,
    print_json,
    print_table,
    print_wrote,
    progress_status,
    state,
)
from indsec.errors import AssessError
from indsec.model.identity import Actor

app = typer.Typer(
    help="Self-examination: controls, evidence, risks, remediation.", no_args_is_help=True
)
tasks_app = typer.Typer(help="Remediation tasks of failed controls.")
app.add_typer(tasks_app, name="tasks")

LANG_HELP = "zh or en (default: INDSEC_LANG)."
BY_HELP = "Who answers or attaches (default: the login on this host)."


def _lang(ctx: typer.Context, lang: str | None) -> str:
    return lang or state(ctx).settings.lang


def _actor(by: str | None) -> Actor:
    if by is None:
        return cli_actor()
    if not by.strip():
        raise AssessError("--by: name who answers")
    return Actor(name=by.strip(), origin=f"cli@{socket.gethostname()}:{getpass.getuser()}")


def _score(value: float | None, lang: str) -> str:
    return service.label("none", lang) if value is None else f"{value:.0%}"


def _domains(snapshot: service.AssessmentSnapshot, lang: str) -> None:
    table = Table()
    for key in ("framework", "domain", "score", "counts"):
        table.add_column(service.label(key, lang))
    for d in snapshot.domains:
        counts = ", ".join(f"{service.label(o, lang)} {n}" for o, n in d.counts.items())
        table.add_row(d.framework_id, escape(d.names.get(lang)), _score(d.score, lang), counts)
    print_table(table)
    overall = service.label("overall", lang)
    console.print(f"{overall}: {_score(snapshot.overall, lang)}", highlight=False)


def _results(ctx: typer.Context, snapshot: service.AssessmentSnapshot, lang: str) -> None:
    infos = service.control_infos(app=state(ctx).app)
    table = Table()
    for key in ("control", "title", "outcome", "note"):
        table.add_column(service.label(key, lang))
    for r in snapshot.results:
        info = infos.get(r.key)
        title = info.names.get(lang) + (" *" if info.needs_review else "") if info else ""
        table.add_row(escape(r.key), escape(title), service.label(r.outcome, lang), escape(r.note))
    print_table(table)


@app.command("run")
def run(
    ctx: typer.Context,
    annual: bool = typer.Option(False, "--annual", help="Record as the annual assessment."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Measure every control of the loaded frameworks; store the snapshot; move the tasks."""
    app_context = state(ctx).app
    with progress_status("assessing", quiet=as_json) as advance:
        snapshot = service.run_assessment(
            app=app_context,
            actor=cli_actor(),
            kind="annual" if annual else "self_examination",
            progress=advance,
        )
    if as_json:
        print_json(service.snapshot_document(snapshot))
        return
    shown = _lang(ctx, lang)
    head = f"{service.label(snapshot.kind, shown)} #{snapshot.id}"
    console.print(escape(head), highlight=False)
    _domains(snapshot, shown)
    opened = [t for t in snapshot.tasks if t.status in ("open", "in_progress", "done")]
    console.print(f"{service.label('task', shown)}: {len(opened)}", highlight=False)


@app.command("show")
def show(
    ctx: typer.Context,
    assessment_id: int | None = typer.Argument(None, help="Default: the newest."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """An assessment's results by control, its domain scores and overall score."""
    app_context = state(ctx).app
    snapshot = (
        service.latest_snapshot(app=app_context)
        if assessment_id is None
        else service.show_assessment(app=app_context, assessment_id=assessment_id)
    )
    if as_json:
        print_json(service.snapshot_document(snapshot))
        return
    shown = _lang(ctx, lang)
    _results(ctx, snapshot, shown)
    _domains(snapshot, shown)


@app.command("list")
def list_(
    ctx: typer.Context,
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Assessments, newest first."""
    found = service.list_assessments(app=state(ctx).app)
    if not as_json:
        _assessment_rows(ctx, found, _lang(ctx, lang))
        return
    print_json(
        [
            {
                "id": a.id,
                "kind": a.kind,
                "started_at": a.started_at.isoformat(timespec="minutes"),
                "run_by": a.run_by,
                "overall": a.overall,
            }
            for a in found
        ]
    )


def _assessment_rows(ctx: typer.Context, found: list[service.AssessmentSummary], lang: str) -> None:
    zone = state(ctx).app.site_policy.zone
    table = Table()
    for key in ("id", "kind", "started_at", "run_by", "overall"):
        table.add_column(service.label(key, lang))
    for a in found:
        table.add_row(
            str(a.id),
            service.label(a.kind, lang),
            a.started_at.astimezone(zone).isoformat(timespec="minutes"),
            escape(a.run_by),
            _score(a.overall, lang),
        )
    print_table(table)


def _rechecked(outcome: service.RecheckOutcome, lang: str) -> None:
    evidence = outcome.evidence.evidence
    console.print(
        escape(
            f"{service.label('evidence', lang)} #{outcome.evidence.id} {evidence.control_id} "
            f"sha256:{evidence.digest[:16]}… {evidence.collected_by} "
            f"{evidence.collected_at.isoformat(timespec='minutes')}"
        ),
        highlight=False,
    )
    line = f"{service.label('outcome', lang)}: {service.label(outcome.outcome, lang)}"
    if outcome.by_check:
        line += f" ({service.label('by_check', lang)})"
    if outcome.task is not None:
        task = outcome.task
        line += f"; {service.label('task', lang)} #{task.id}: {service.label(task.status, lang)}"
    console.print(escape(line), highlight=False)


@app.command("answer")
def answer(
    ctx: typer.Context,
    control_key: str = typer.Argument(..., help="framework.control (see 'indsec assess show')."),
    outcome: str = typer.Option(..., "--outcome", help="pass, partial, fail or not_applicable."),
    note: str = typer.Option("", "--note", help="What the answer rests on."),
    expires: str | None = typer.Option(None, "--expires", help="ISO date the answer lapses."),
    by: str | None = typer.Option(None, "--by", help=BY_HELP),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Answer a manual control; it is measured again and its task moves with it."""
    done = service.answer_control(
        app=state(ctx).app,
        actor=_actor(by),
        control_key=control_key,
        outcome=outcome,
        note=note,
        expires_at=iso_moment(expires, "--expires"),
    )
    _rechecked(done, _lang(ctx, lang))


@app.command("evidence")
def evidence(
    ctx: typer.Context,
    control_key: str = typer.Argument(..., help="framework.control."),
    file: Path = typer.Argument(..., help="The file to keep as evidence."),
    expires: str | None = typer.Option(None, "--expires", help="ISO date the evidence lapses."),
    by: str | None = typer.Option(None, "--by", help=BY_HELP),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Attach a file (kept with its SHA-256, who, when, expiry); the control is measured again."""
    done = service.attach_evidence(
        app=state(ctx).app,
        actor=_actor(by),
        control_key=control_key,
        path=file,
        expires_at=iso_moment(expires, "--expires"),
    )
    _rechecked(done, _lang(ctx, lang))


@app.command("risks")
def risks(
    ctx: typer.Context,
    assessment_id: int | None = typer.Option(None, "--assessment", help="Default: the newest."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The risk register: the four scenarios, likelihood × impact, highest first."""
    found = service.risk_register(app=state(ctx).app, assessment_id=assessment_id)
    if as_json:
        print_json([service.risk_document(r) for r in found])
        return
    shown = _lang(ctx, lang)
    table = Table()
    for key in ("scenario", "likelihood", "impact", "level", "assets", "treatment"):
        table.add_column(service.label(key, shown))
    for r in found:
        assets = ", ".join(r.asset_ids[:3]) + (" …" if len(r.asset_ids) > 3 else "")
        table.add_row(
            escape(r.title.get(shown)),
            str(r.likelihood),
            str(r.impact),
            str(r.level),
            escape(assets or "—"),
            escape(r.treatment.get(shown)),
        )
    print_table(table)


def _task_rows(found: list[service.RemediationTask], lang: str) -> None:
    table = Table()
    for key in ("id", "control", "title", "owner", "due", "status"):
        table.add_column(service.label(key, lang))
    for t in found:
        table.add_row(
            t.id,
            escape(t.control_key),
            escape(t.title),
            escape(t.owner or "—"),
            t.due.isoformat(),
            service.label(t.status, lang),
        )
    print_table(table)


@tasks_app.callback(invoke_without_command=True)
def tasks_default(ctx: typer.Context) -> None:
    """Without a sub-command: list the tasks."""
    if ctx.invoked_subcommand is None:
        tasks_list(ctx, status=None, lang=None, as_json=False)


@tasks_app.command("list")
def tasks_list(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help="open, in_progress, done, verified."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Remediation tasks, oldest first."""
    found = service.list_tasks(app=state(ctx).app, status=status)
    if as_json:
        print_json([service.task_document(t) for t in found])
        return
    _task_rows(found, _lang(ctx, lang))


@tasks_app.command("update")
def tasks_update(
    ctx: typer.Context,
    task_id: int = typer.Argument(...),
    owner: str | None = typer.Option(None, "--owner"),
    due: str | None = typer.Option(None, "--due", help="ISO date."),
    status: str | None = typer.Option(None, "--status", help="open, in_progress or done."),
    note: str = typer.Option("", "--note"),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Assign, reschedule or move a task; it is verified only when its control passes."""
    task = service.update_task(
        app=state(ctx).app,
        actor=cli_actor(),
        task_id=task_id,
        owner=owner,
        due=iso_day(due, "--due"),
        status=status,
        note=note,
    )
    _task_rows([task], _lang(ctx, lang))


@app.command("report")
def report(
    ctx: typer.Context,
    output: Path = typer.Option(
        Path("assessment-report"), "--output", "-o", help="Directory the report files go in."
    ),
    assessment_id: int | None = typer.Option(None, "--assessment", help="Default: the newest."),
    issued_on: str | None = typer.Option(None, "--issued-on", help="ISO date (default: today)."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
) -> None:
    """Write the annual risk assessment report: HTML, PDF and the XLSX appendix (nine sections);
    a reissue into the same directory keeps the first issue date and so its year of validity."""
    app_context = state(ctx).app
    shown = _lang(ctx, lang)
    with progress_status("writing the report", quiet=False):
        issued = service.write_annual_report(
            app=app_context,
            out_dir=output,
            lang="zh-CN" if shown.startswith("zh") else "en",
            issued_on=iso_day(issued_on, "--issued-on"),
            assessment_id=assessment_id,
        )
    for path in issued.files:
        print_wrote(path)
    issue = issued.issue
    console.print(
        f"first issued {issue.first_issued_on}, valid until {issue.expires}", highlight=False
    )


@app.command("submit")
def submit(
    ctx: typer.Context,
    output: Path = typer.Option(
        Path("assessment-report"), "--output", "-o", help="Directory the report files go in."
    ),
    to: str | None = typer.Option(
        None, "--to", help="Supervision instance URL (default: INDSEC_SUPERVISION_URL)."
    ),
) -> None:
    """Send the issued report (its summary and PDF) to the supervision instance; the officer's
    token there is INDSEC_SUPERVISION_TOKEN."""
    receipt = service.submit_annual_report(
        app=state(ctx).app, actor=cli_actor(), out_dir=output, url=to
    )
    word = "submitted" if receipt.get("created") else "already received"
    console.print(
        escape(
            f"{word}: version {receipt.get('version')}, valid until {receipt.get('valid_until')}"
        ),
        highlight=False,
    )
