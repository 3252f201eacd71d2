"""The root ``indsec`` command: global options, sub-command groups, and error reporting."""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import typer
from pydantic import ValidationError
from rich.markup import escape

from indsec import __version__
from indsec.cli import assess as assess_cmd
from indsec.cli import catalogue as catalogue_cmd
from indsec.cli import demo as demo_cmd
from indsec.cli import detect as detect_cmd
from indsec.cli import drill as drill_cmd
from indsec.cli import filing as filing_cmd
from indsec.cli import incident as incident_cmd
from indsec.cli import plugins as plugins_cmd
from indsec.cli import profile as profile_cmd
from indsec.cli import registry as registry_cmd
from indsec.cli import rules as rules_cmd
from indsec.cli import scan as scan_cmd
from indsec.cli import serve as serve_cmd
from indsec.cli import supervision as supervision_cmd
from indsec.cli import users as users_cmd
from indsec.cli.context import CliState, configure_logging, err_console
from indsec.errors import IndsecError, Terminated
from indsec.settings import Settings

app = typer.Typer(
    name="indsec",
    help="Industrial data security: discover, classify and grade data; file the catalogue.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(catalogue_cmd.app, name="catalogue")
app.add_typer(profile_cmd.app, name="profile")
app.add_typer(filing_cmd.app, name="filing")
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(detect_cmd.app, name="detect")
app.add_typer(detect_cmd.alerts_app, name="alerts")
app.add_typer(incident_cmd.app, name="incident")
app.add_typer(drill_cmd.app, name="drill")
app.add_typer(assess_cmd.app, name="assess")
app.add_typer(users_cmd.app, name="users")
app.add_typer(supervision_cmd.app, name="supervision")
app.add_typer(registry_cmd.app, name="registry")
app.command("scan")(scan_cmd.scan)
app.command("demo")(demo_cmd.demo)
app.command("plugins")(plugins_cmd.plugins)
app.command("serve")(serve_cmd.serve)


def _print_version(value: bool) -> None:
    """Eager, so ``indsec --version`` answers before a command is required."""
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show debug logs and tracebacks."),
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
) -> None:
    """indsec — classified & graded data protection for industrial enterprises."""
    try:
        settings = Settings()
    except ValidationError as exc:
        raise IndsecError(f"invalid INDSEC_* environment: {exc.errors()[0]['msg']}") from exc
    configure_logging(debug or settings.debug)
    ctx.obj = CliState(settings=settings, debug=debug or settings.debug)
    ctx.call_on_close(ctx.obj.close)


INTERNAL_ERROR_EXIT_CODE = 70
"""``EX_SOFTWARE``: a defect of indsec's, told apart from a problem with what the user gave."""


def _fail(message: str, *, debug: bool, code: int = 2) -> int:
    """One clear line on stderr (the traceback too with ``--debug``); exit code ``code``."""
    if debug:
        traceback.print_exc()
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return code


def _os_message(exc: OSError) -> str:
    """An unexpected OSError as one line naming the path it concerns."""
    where = f" {exc.filename}" if exc.filename is not None else ""
    return f"cannot use{where}: {exc.strerror or exc}"


def _terminate(signum: int, frame: FrameType | None) -> None:
    Terminated.requested = True
    raise Terminated


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` in the main thread while a command runs, so a scan
    or detection run marks itself failed instead of staying "running" for ever."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        Terminated.requested = False


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; indsec errors become one clear line on stderr and exit code 2."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        with _sigterm_raises():
            result = app(args=argv, standalone_mode=False)
    except Terminated as exc:
        err_console.print(f"[bold red]error:[/] {exc}; work in progress was marked failed")
        return Terminated.SIGNAL_EXIT_CODE
    except IndsecError as exc:
        return _fail(str(exc), debug=debug)
    except OSError as exc:  # a path the user gave that no check foresaw
        return _fail(_os_message(exc), debug=debug)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument, …
        message = exc.format_message()
        if message:  # empty when the help was shown for a bare command group
            err_console.print(
                f"[bold red]error:[/] {escape(message)} (see --help)", highlight=False
            )
        return exc.exit_code
    except Exception as exc:  # a defect: still one line, the traceback is for --debug
        message = f"internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it"
        return _fail(message, debug=debug, code=INTERNAL_ERROR_EXIT_CODE)
    return result if isinstance(result, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
