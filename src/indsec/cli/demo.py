"""``indsec demo``: build the demo enterprise, scan it, and watch its logs for the key risks."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from pathlib import Path

import typer
from rich.markup import escape

from indsec.catalogue.service import catalogue_view, scan_sources
from indsec.cli.context import console, progress_status, state
from indsec.cli.detect import show_alert_summary
from indsec.cli.render import show_catalogue, show_report
from indsec.cli.serve_demo import serve_demo
from indsec.demo.service import CONFIG_NAME, DemoExercise, build_demo, exercise_demo
from indsec.detect.service import plant_timezone, run_detection


def demo(
    ctx: typer.Context,
    directory: Path = typer.Option(Path("demo-out"), "--dir", help="Where to build the demo."),
    all_grades: bool = typer.Option(False, "--all", help="List general assets too."),
    serve: bool = typer.Option(
        False, "--serve", help="Then serve its console and a supervision instance (Ctrl-C stops)."
    ),
    port: int = typer.Option(
        8000, "--port", min=1, max=65534, help="The console's port; supervision takes the next."
    ),
) -> None:
    """Build the embedded demo manufacturer, scan it, detect the planted attacks, print both."""
    started = time.perf_counter()
    directory = directory.resolve()
    with progress_status("generating demo enterprise", quiet=False):
        built = build_demo(directory=directory)
        enterprise, logs = built.enterprise, built.logs
        cli = state(ctx)
        settings = cli.settings.model_copy(
            update={
                "home": directory / ".indsec",
                "config": directory / CONFIG_NAME,
                "database_url": None,
            }
        )
        app = cli.with_settings(settings)
    console.print(
        f"demo enterprise: {enterprise.profile.name} ({enterprise.profile.uscc}) in {directory}"
    )
    with progress_status("scanning", quiet=False) as advance:
        outcome = scan_sources(app=app, sources=enterprise.sources(), progress=advance)
    version, assets = catalogue_view(app=app, version=outcome.version)
    show_report(outcome)
    zone = plant_timezone(app=app)
    show_catalogue(version, assets, all_grades=all_grades, lang=settings.lang, zone=zone)
    with progress_status("detecting", quiet=False) as advance:
        detected = run_detection(app=app, sources=[f.path for f in logs.files], progress=advance)
    console.print(
        f"\nKey risk scenarios: {detected.events:,} log events from {len(logs.files)} files, "
        f"{detected.rules_loaded} Sigma rules, {len(detected.alerts)} alerts"
    )
    show_alert_summary(detected.alerts)
    with progress_status("self-examination and ransomware drill", quiet=False):
        exercised = exercise_demo(app=app, directory=directory)
    _show_exercise(exercised, directory)
    hint = [
        *_activation(),
        *_rule_root(settings.sigma_third_party),
        f"cd {shlex.quote(str(directory))}",
        *EXPLORE,
    ]
    console.print(
        f"done in {time.perf_counter() - started:.1f} s — explore with:\n"
        + "".join(f"  {escape(line)}\n" for line in hint),
        end="",
        highlight=False,
    )
    if serve:
        serve_demo(app=app, directory=directory, port=port)


def _show_exercise(done: DemoExercise, directory: Path) -> None:
    """The self-examination's score and the drill's two times, where their reports are."""
    snapshot, report = done.assessment, done.drill.record.document
    overall = "—" if snapshot.overall is None else f"{100 * snapshot.overall:.0f} %"
    failed = sum(1 for r in snapshot.results if r.outcome in ("fail", "partial"))
    written = ", ".join(str(p.relative_to(directory)) for p in done.report) or (
        "not written (the PDF engine is missing: make pdf)"
    )
    console.print(
        f"\nSelf-examination {snapshot.id}: overall {overall}, {len(snapshot.results)} controls, "
        f"{failed} not or partly met, {len(snapshot.tasks)} remediation tasks; report: {written}\n"
        f"Ransomware drill {done.drill.record.id} in {escape(str(report['sandbox']))}: "
        f"{len(report['fired'])} rules fired, {len(report['silent'])} missed, "
        f"time to detect {_seconds(report['time_to_detect_s'])}, "
        f"time to incident {_seconds(report['time_to_incident_s'])}",
        highlight=False,
    )


def _seconds(value: object) -> str:
    return f"{value:.1f} s" if isinstance(value, int | float) else "—"


EXPLORE = ("indsec catalogue show --all", "indsec alerts list", "indsec detect run logs")
"""What the closing hint suggests, run from the demo's directory."""


def _rule_root(root: Path) -> list[str]:
    """The third-party rule root the demo used, made absolute for a new shell.

    Its default is relative to the directory indsec starts in, so from the demo's directory
    ``detect run`` would find only indsec's own rules.
    """
    if not root.is_dir():
        return []
    return [f"export INDSEC_SIGMA_THIRD_PARTY={shlex.quote(str(root.resolve()))}"]


def _activation() -> list[str]:
    """The line that puts this ``indsec`` on PATH, when a new shell would not find it.

    ``make demo`` installs into ``.venv``; a user who never activated it would otherwise read
    "indsec: command not found" on the very next command.
    """
    scripts = Path(sys.executable).parent
    ours = scripts / "indsec"
    found = shutil.which("indsec")
    if not ours.exists() or (found is not None and Path(found).resolve() == ours.resolve()):
        return []
    activate = scripts / "activate"
    if activate.is_file():
        return [f". {shlex.quote(str(activate))}"]
    return [f'export PATH={shlex.quote(str(scripts))}:"$PATH"']
