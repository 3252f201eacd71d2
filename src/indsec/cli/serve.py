"""``indsec serve``: the web platform, by uvicorn, on loopback unless told otherwise.

The server's packages (FastAPI, uvicorn) are the ``web`` extra; they are imported only when
this command runs, so the rest of the CLI works without them.
"""

from __future__ import annotations

import os
from enum import StrEnum

import typer

from indsec.cli.context import err_console, state
from indsec.errors import ConfigError

WORKER_HEALTHCHECK_SECONDS = 60
"""How long a worker may take to answer uvicorn's liveness ping: a worker importing the app on
a busy machine can take more than uvicorn's 5 s, and would be killed and restarted in a loop."""


class ServeMode(StrEnum):
    ENTERPRISE = "enterprise"
    SUPERVISION = "supervision"


def worker_count(given: int | None, configured: int) -> int:
    """The server processes to run: ``--workers``, else the setting, else one per core."""
    return given or configured or os.cpu_count() or 1


def serve(
    ctx: typer.Context,
    mode: ServeMode = typer.Option(ServeMode.ENTERPRISE, "--mode", help="which instance"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (loopback)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    workers: int | None = typer.Option(
        None, "--workers", min=1, max=64, help="server processes [INDSEC_SERVE_WORKERS]"
    ),
) -> None:
    """Serve the enterprise console or the supervision intake (FastAPI, uvicorn).

    The database is migrated here, once, before any worker starts, so several workers never
    race to migrate it; each worker then builds its app from the environment's settings.
    Without ``--workers``, ``INDSEC_SERVE_WORKERS`` says how many (0, the default: one per
    CPU core, so a supervision instance uses the machine it is given).
    """
    try:
        import uvicorn

        import indsec.server.workers  # noqa: F401  (the web extra is there)
    except ImportError as exc:
        raise ConfigError(f"the web server needs: pip install 'indsec[web]' ({exc})") from exc
    app = state(ctx).app
    app.store()
    count = worker_count(workers, app.settings.serve_workers)
    state(ctx).close()
    err_console.print(
        f"indsec {mode.value} on http://{host}:{port}/ ({count} worker(s); Ctrl-C stops)"
    )
    uvicorn.run(
        f"indsec.server.workers:{mode.value}_app",
        factory=True,
        workers=count,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=True,
    )
