"""``indsec users add|passwd|disable|token|revoke|list|tenant``: bootstrap the web platform.

Passwords come from a hidden prompt (typed twice) or from ``INDSEC_USER_PASSWORD`` for
scripts; there is no default. A token's secret is printed once and never stored. Each change
is written to the audit log as ``cli:<login>`` from this host.
"""

from __future__ import annotations

import sys
from dataclasses import asdict

import typer
from rich.markup import escape

from indsec.cli.context import JSON, cli_actor, console, print_json, state
from indsec.errors import IdentityError
from indsec.identity import service as identity
from indsec.model.identity import Role, TokenScope
from indsec.settings import Settings

app = typer.Typer(help="Users, tenants and API tokens of the web platform.", no_args_is_help=True)


def _password(settings: Settings) -> str:
    """INDSEC_USER_PASSWORD, else a hidden prompt typed twice; never a default."""
    if settings.user_password is not None:
        return settings.user_password.get_secret_value()
    if not sys.stdin.isatty():
        raise IdentityError("no password: type it at a terminal or set INDSEC_USER_PASSWORD")
    entered: str = typer.prompt("password / 密码", hide_input=True, confirmation_prompt=True)
    return entered


@app.command("tenant")
def tenant(
    ctx: typer.Context,
    uscc: str = typer.Argument(..., help="unified social credit code (统一社会信用代码)"),
    name: str = typer.Argument(..., help="the enterprise's registered name"),
    region: str = typer.Option(..., "--region", help="GB/T 2260 code, e.g. 320500"),
) -> None:
    """Register an enterprise (tenant) so its users can be added."""
    found = identity.add_tenant(
        app=state(ctx).app, actor=cli_actor(), uscc=uscc, name=name, region_code=region
    )
    console.print(escape(f"tenant {found.id}: {found.name} ({found.uscc}, {found.region_code})"))


@app.command("add")
def add(
    ctx: typer.Context,
    username: str,
    role: Role = typer.Option(..., "--role", help="the user's one role"),
    tenant: str | None = typer.Option(None, "--tenant", help="USCC of an enterprise role's tenant"),
    region: str | None = typer.Option(None, "--region", help="a regulator's GB/T 2260 region"),
) -> None:
    """Add a user; the password is asked for (or read from INDSEC_USER_PASSWORD)."""
    app_context = state(ctx).app
    tenant_id = None
    if tenant is not None:
        found = identity.tenant_by_uscc(app=app_context, uscc=tenant)
        if found is None:
            raise IdentityError(f"no tenant with USCC {tenant}: add it with 'indsec users tenant'")
        tenant_id = found.id
    info = identity.add_user(
        app=app_context,
        actor=cli_actor(),
        username=username,
        password=_password(app_context.settings),
        role=role,
        tenant_id=tenant_id,
        region_code=region,
    )
    console.print(escape(f"user {info.username} added ({info.role})"))


@app.command("passwd")
def passwd(ctx: typer.Context, username: str) -> None:
    """Set a user's password (and lift a lock-out)."""
    app_context = state(ctx).app
    password = _password(app_context.settings)
    identity.set_password(app=app_context, actor=cli_actor(), username=username, password=password)
    console.print(escape(f"password of {username} changed"))


@app.command("disable")
def disable(ctx: typer.Context, username: str) -> None:
    """Disable a user: sign-in, sessions and tokens stop at once."""
    identity.disable_user(app=state(ctx).app, actor=cli_actor(), username=username)
    console.print(escape(f"user {username} disabled"))


@app.command("email")
def email(
    ctx: typer.Context,
    username: str,
    address: str | None = typer.Argument(None, help="e-mail address; omit to clear it"),
) -> None:
    """Set (or clear) the address a user's reminders are e-mailed to."""
    identity.set_email(app=state(ctx).app, actor=cli_actor(), username=username, email=address)
    console.print(escape(f"e-mail of {username}: {address or '(none)'}"))


@app.command("token")
def token(
    ctx: typer.Context,
    username: str,
    name: str = typer.Option(..., "--name", help="what the token is for"),
    scope: list[TokenScope] = typer.Option([TokenScope.READ], "--scope", help="read, write"),
    days: int = typer.Option(90, "--days", help="lifetime, at most INDSEC_TOKEN_MAX_DAYS"),
) -> None:
    """Issue an API token for a user; its secret is printed this once only."""
    issued = identity.issue_token(
        app=state(ctx).app,
        actor=cli_actor(),
        username=username,
        name=name,
        scopes=frozenset(scope),
        days=days,
    )
    console.print(escape(f"token {issued.info.id}, expires {issued.info.expires_at:%Y-%m-%d}:"))
    typer.echo(issued.secret)


@app.command("revoke")
def revoke(ctx: typer.Context, username: str, token_id: int) -> None:
    """Revoke one of a user's API tokens."""
    identity.revoke_token(
        app=state(ctx).app, actor=cli_actor(), username=username, token_id=token_id
    )
    console.print(escape(f"token {token_id} of {username} revoked"))


@app.command("list")
def list_users(ctx: typer.Context, json_output: bool = JSON) -> None:
    """List users with role, binding and state."""
    users = identity.list_users(app=state(ctx).app)
    if json_output:
        print_json([{**asdict(u), "role": u.role.value} for u in users])
        return
    for u in users:
        binding = f"tenant {u.tenant_id}" if u.tenant_id else (u.region_code or "-")
        flag = " (disabled)" if u.disabled else ""
        console.print(escape(f"{u.username:<24} {u.role.value:<22} {binding}{flag}"))
