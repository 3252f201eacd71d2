"""``indsec profile show|set``: the enterprise profile that grading reads."""

from __future__ import annotations

import typer
from rich.markup import escape

from indsec.cli.context import JSON, console, print_json, state

app = typer.Typer(help="Show or edit the enterprise profile (indsec.toml).", no_args_is_help=True)


@app.command("show")
def show(ctx: typer.Context, json_output: bool = JSON) -> None:
    """Show the profile grading will use."""
    app = state(ctx).app
    path, profile = app.settings.config, app.profile
    if json_output:
        print_json({"path": str(path), "default": profile.is_default, **profile.model_dump()})
        return
    if profile.is_default:
        console.print(
            f"[yellow]no profile at {escape(str(path))}: "
            "grading assumes an ordinary above-scale enterprise[/]"
        )
    for key, value in profile.model_dump().items():
        console.print(escape(f"{key:>24} = {value}"), highlight=False)


@app.command("set")
def set_value(ctx: typer.Context, key: str, value: str) -> None:
    """Set one profile field, e.g. `indsec profile set cii_operator true`."""
    app = state(ctx).app
    path = app.settings.config
    profile = app.set_profile_value(key, value)
    console.print(escape(f"{key} = {getattr(profile, key)}  ({path})"), highlight=False)
