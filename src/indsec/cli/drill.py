"""``indsec drill ransomware|restore|tabletop|list|show``: ransomware and tabletop drills."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from indsec.cli.context import (
    cli_actor,
    console,
    iso_moment,
    print_json,
    print_table,
    print_wrote,
    state,
)
from indsec.drill import service
from indsec.errors import DrillError

app = typer.Typer(
    help="Drills: a ransomware drill in a sandbox it owns, tabletop drills.", no_args_is_help=True
)

LIST_COLUMNS = ("id", "kind", "scenario", "held_at", "time_to_detect_s", "time_to_incident_s")
SANDBOX_HELP = "A new or empty directory (or one a drill made) that the drill may write in."


def _lang_text(lang: str, zh: str, en: str) -> str:
    return zh if lang.startswith("zh") else en


@app.command("ransomware")
def ransomware(
    ctx: typer.Context,
    sandbox: Path = typer.Option(..., "--sandbox", help=SANDBOX_HELP),
    out_dir: Path = typer.Option(Path("drill-reports"), "--out", help="Report folder."),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Simulate a ransomware attack on decoys in SANDBOX, detect it, open a drill incident."""
    run = service.run_ransomware_drill(
        app=state(ctx).app, actor=cli_actor(), sandbox=sandbox, out_dir=out_dir
    )
    if as_json:
        print_json(run.record.document)
        return
    typer.echo(service.drill_markdown(record=run.record, lang=lang), nl=False)
    for path in run.reports:
        print_wrote(path)
    restore = _lang_text(lang, "恢复诱饵文件：", "restore the decoys: ")
    console.print(escape(f"{restore}indsec drill restore --sandbox {sandbox}"), highlight=False)


@app.command("restore")
def restore(
    ctx: typer.Context,
    sandbox: Path = typer.Option(..., "--sandbox", help="The sandbox of a drill."),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
) -> None:
    """Undo the last drill in SANDBOX: every decoy back byte for byte, the note removed."""
    restored = service.restore_drill(app=state(ctx).app, sandbox=sandbox)
    same = sum(1 for r in restored if r.before == r.after)
    text = _lang_text(
        lang,
        f"已恢复 {len(restored)} 个诱饵文件，摘要一致 {same} 个",
        f"restored {len(restored)} decoys, {same} with their digest before the drill",
    )
    console.print(escape(text), highlight=False)


@app.command("tabletop")
def tabletop(
    ctx: typer.Context,
    scenario: str | None = typer.Argument(None, help="backdoor, personnel or remote_om."),
    participants: list[str] = typer.Option([], "--participant", "-p", help="Who took part."),
    findings: list[str] = typer.Option([], "--finding", help="A finding."),
    held_at: str | None = typer.Option(None, "--held-at", help="ISO time (now)."),
    from_file: Path | None = typer.Option(None, "--file", help="The record as YAML."),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
) -> None:
    """Record a tabletop drill of SCENARIO, from options or a YAML file."""
    if from_file is not None:
        drill = service.tabletop_file(from_file)
    elif scenario is None:
        raise DrillError("name a SCENARIO, or give --file RECORD.yaml")
    else:
        drill = service.tabletop_input(
            scenario=scenario,
            participants=participants,
            findings=findings,
            held_at=iso_moment(held_at, "--held-at"),
        )
    record = service.record_tabletop(app=state(ctx).app, actor=cli_actor(), drill=drill)
    typer.echo(service.drill_markdown(record=record, lang=lang), nl=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, "--kind", help="ransomware or tabletop."),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Drills of both kinds, newest first."""
    app_context = state(ctx).app
    zone = app_context.site_policy.zone
    rows = [
        {
            "id": d.id,
            "kind": d.kind,
            "scenario": d.scenario,
            "held_at": d.held_at.astimezone(zone).isoformat(timespec="minutes"),
            "time_to_detect_s": d.document.get("time_to_detect_s"),
            "time_to_incident_s": d.document.get("time_to_incident_s"),
            "incident": d.incident_id,
        }
        for d in service.list_drills(app=app_context, kind=kind)
    ]
    if as_json:
        print_json(rows)
        return
    table = Table()
    for key in LIST_COLUMNS:
        table.add_column(service.label(key, lang))
    for row in rows:
        table.add_row(*(escape(str(row[k] if row[k] is not None else "—")) for k in LIST_COLUMNS))
    print_table(table)


@app.command("show")
def show(
    ctx: typer.Context,
    drill_id: int = typer.Argument(...),
    lang: str = typer.Option("zh", "--lang", help="zh or en."),
    as_json: bool = typer.Option(False, "--json"),
    out_dir: Path | None = typer.Option(None, "--out", help="Write JSON + Markdown here."),
) -> None:
    """A drill's report (Markdown, or its JSON document)."""
    record = service.show_drill(app=state(ctx).app, drill_id=drill_id)
    if out_dir is not None:
        for path in service.write_drill_report(record=record, out_dir=out_dir):
            print_wrote(path)
        return
    if as_json:
        print_json(record.document)
        return
    typer.echo(service.drill_markdown(record=record, lang=lang), nl=False)
