"""What every command shares: settings, the console, JSON output and error reporting."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from indsec.settings import Settings

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


@dataclass
class CliState:
    settings: Settings
    debug: bool = False


def state(ctx: typer.Context) -> CliState:
    """The state set up by the root callback."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        raise typer.Exit(code=2)
    return obj


def print_json(data: Any) -> None:
    """Machine output: one JSON document on stdout, nothing else."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


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
    """A live progress line for long steps; yields ``advance(message)``."""
    if quiet:
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
            bar.update(task, advance=1 if kind == "asset" else 0, current=what[-60:])

        yield advance
