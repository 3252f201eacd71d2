"""``indsec serve``: the web platform, by uvicorn, on loopback unless told otherwise.

The server's packages (FastAPI, uvicorn) are the ``web`` extra; they are imported only when
this command runs, so the rest of the CLI works without them.
"""

from __future__ import annotations

from enum import StrEnum

import typer

from indsec.cli.context import err_console, state
from indsec.errors import ConfigError


class ServeMode(StrEnum):
    ENTERPRISE = "enterprise"
    SUPERVISION = "supervision"


def serve(
    ctx: typer.Context,
    mode: ServeMode = typer.Option(ServeMode.ENTERPRISE, "--mode", help="which instance"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (loopback)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
) -> None:
    """Serve the enterprise console or the supervision intake (FastAPI, uvicorn)."""
    try:
        import uvicorn

        from indsec.server import create_app
    except ImportError as exc:
        raise ConfigError(f"the web server needs: pip install 'indsec[web]' ({exc})") from exc
    settings = state(ctx).settings
    if mode is ServeMode.SUPERVISION:
        application = create_app(settings, mode="supervision")
    else:
        application = create_app(settings, mode="enterprise")
    err_console.print(f"indsec {mode.value} on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=True)
