"""What every command shares: settings, the console, JSON output and error reporting.

Everything printed through rich is markup; a name that comes from data (a table called ``[/]``,
a file ``[link=…]``) must go through :func:`escape` first or it is read as markup and crashes
or renders a link. Output to a pipe or a file gets no progress bars and tables at their natural
width, so a log holds whole lines.
"""

from __future__ import annotations

import getpass
import json
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from indsec.app import AppContext
from indsec.errors import IndsecError
from indsec.model import ScanIssue
from indsec.model.identity import Actor
from indsec.settings import Settings

T = TypeVar("T")

console = Console(soft_wrap=True, emoji=False)
err_console = Console(stderr=True, soft_wrap=True, emoji=False)

JSON = typer.Option(False, "--json", help="Machine-readable output.")
"""The ``--json`` switch of every command that can print one JSON document instead."""
LANG = typer.Option("zh", "--lang", help="zh or en.")
"""The ``--lang`` of the commands whose output names things in Chinese or English."""

PIPE_WIDTH = 4096
"""Width of a table written to a pipe or file: no terminal edge to wrap at, so lines stay whole."""


@dataclass
class CliState:
    """The root command's settings and the one application context every command shares."""

    settings: Settings
    debug: bool = False
    _app: AppContext | None = field(default=None, repr=False)

    @property
    def app(self) -> AppContext:
        """The context for these settings, built on first use; closed when the command ends."""
        if self._app is None:
            self._app = AppContext(self.settings)
        return self._app

    def with_settings(self, settings: Settings) -> AppContext:
        """A command that changes a setting (``scan --sample``, ``demo``) works in a context of
        its own, still closed when the command ends."""
        self.close()
        self.settings = settings
        return self.app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


def state(ctx: typer.Context) -> CliState:
    """The state set up by the root callback."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        raise typer.Exit(code=2)
    return obj


def print_json(data: Any, file: TextIO | None = None) -> None:
    """Machine output: one JSON document on stdout (or ``file``), nothing else."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str), file=file)


def print_wrote(path: Path) -> None:
    """Say that a file was written (its name escaped: it may hold markup-like brackets)."""
    console.print(f"wrote {escape(str(path))}", highlight=False)


def print_table(table: Table, file: TextIO | None = None) -> None:
    """A table fitted to the terminal, or at its natural width when written to a pipe or file."""
    if file is None and console.is_terminal:
        console.print(table)
        return
    table.expand = False
    target = file or console.file
    Console(file=target, width=PIPE_WIDTH, soft_wrap=True, emoji=False).print(table)


ISSUE_STYLE = {"failed": "red", "warning": "yellow"}


def print_issue(kind: str, issue: ScanIssue) -> None:
    """One located failure or warning; its place and message come from data, so are escaped."""
    where, message = escape(issue.where), escape(issue.message)
    console.print(f"  [{ISSUE_STYLE[kind]}]{kind}[/] {where}: {message}", highlight=False)


QUIET_LIBRARIES = ("pypdf", "ezdxf", "openpyxl")


def configure_logging(debug: bool) -> None:
    """Our warnings always; libraries' chatter about files we already report, only in debug."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.ERROR)


@contextmanager
def progress_status(description: str, *, quiet: bool) -> Iterator[Any]:
    """A live progress line for long steps on a terminal; yields ``advance(message)``."""
    if quiet or not err_console.is_terminal:
        yield lambda _message: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} done · {task.fields[current]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=False) as bar:
        task = bar.add_task(description, total=None, current="")

        def advance(message: str) -> None:
            kind, _, what = message.partition(" ")
            bar.update(task, advance=1 if kind == "asset" else 0, current=escape(what[-60:]))

        yield advance


def cli_actor() -> Actor:
    """Who runs a command, as the audit log and timelines record it: the login on this host."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return Actor(name=f"cli:{login}", origin=f"cli@{socket.gethostname()}")


def iso_moment(value: str | None, option: str) -> datetime | None:
    """An option's ISO date or date-time, None when it was not given; a bad one names the
    option, so that every command reads times one way and says the same of a wrong one."""
    return _parsed(value, option, datetime.fromisoformat, "an ISO date (2027-06-30) or time")


def iso_day(value: str | None, option: str) -> date | None:
    """An option's ISO date, None when it was not given; a bad one names the option."""
    return _parsed(value, option, date.fromisoformat, "an ISO date (2027-06-30)")


def _parsed(value: str | None, option: str, parse: Callable[[str], T], what: str) -> T | None:
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        raise IndsecError(f"{option} '{value}': not {what}") from exc
