"""``indsec supervision remind``: the daily reminder run of a supervision instance.

Run it from cron or a systemd timer once a day (or more often: a clock is told once a day
whatever the number of runs). It prints what it raised and e-mailed, and each problem (a
calendar year not yet published, an SMTP server that is down) without stopping; the exit
code is 1 when there was a problem, so a timer's failure alerting sees it.
"""

from __future__ import annotations

import typer
from rich.markup import escape

from indsec.cli.context import JSON, console, err_console, print_json, state
from indsec.oversight import service as oversight
from indsec.supervision import service as supervision

app = typer.Typer(
    help="The regulator's side: statutory clocks and reminders.", no_args_is_help=True
)

WORDS = {
    "zh": "{day}：新提醒 {raised} 条，已发邮件 {emailed} 封",
    "en": "{day}: {raised} reminders raised, {emailed} e-mailed",
}


@app.command("remind")
def remind(ctx: typer.Context, json_output: bool = JSON) -> None:
    """Remind regulators and enterprises of the clocks overdue or due soon (in the app, and by
    e-mail when INDSEC_SMTP_HOST is set)."""
    app_context = state(ctx).app
    report = supervision.remind(
        app=app_context, extra=oversight.assessment_due_items(app=app_context)
    )
    if json_output:
        print_json(
            {
                "day": report.day.isoformat(),
                "raised": report.raised,
                "emailed": report.emailed,
                "problems": report.problems,
            }
        )
    else:
        words = WORDS[app_context.settings.lang]
        console.print(
            escape(words.format(day=report.day, raised=report.raised, emailed=report.emailed))
        )
        for problem in report.problems:
            err_console.print(escape(problem))
    if report.problems:
        raise typer.Exit(1)
