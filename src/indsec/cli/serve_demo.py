"""``indsec demo --serve``: the demo enterprise's console and a supervision instance, side by side.

Both run in this process under uvicorn, on loopback, until Ctrl-C. The supervision instance
keeps its own store under ``<demo>/supervision/``, as a regulator's server would; the console is
the demo's own store, set to submit its filing to the supervision instance with a token issued
there. What to open and the freshly generated logins are printed once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import SecretStr
from rich.markup import escape

from indsec.app import AppContext
from indsec.cli.context import console, progress_status
from indsec.demo.service import DemoPlatform, Login, seed_platform
from indsec.errors import ConfigError

if TYPE_CHECKING:
    import uvicorn

HOST = "127.0.0.1"


def serve_demo(*, app: AppContext, directory: Path, port: int) -> None:
    """Seed both instances, print where they are and who may sign in, serve until Ctrl-C."""
    try:
        import uvicorn

        from indsec.server import create_app
    except ImportError as exc:
        raise ConfigError(f"the web server needs: pip install 'indsec[web]' ({exc})") from exc
    home = directory / "supervision"
    supervising = AppContext(
        app.settings.model_copy(
            update={"home": home / ".indsec", "config": home / "indsec.toml", "database_url": None}
        )
    )
    with progress_status("preparing the console and the supervision instance", quiet=False):
        platform = seed_platform(console=app, supervising=supervising)
    console_settings = app.settings.model_copy(
        update={
            "supervision_url": f"http://{HOST}:{port + 1}",
            "supervision_token": SecretStr(platform.submission_token),
        }
    )
    servers = [
        uvicorn.Server(
            uvicorn.Config(create_app(console_settings), host=HOST, port=port, log_level="warning")
        ),
        uvicorn.Server(
            uvicorn.Config(
                create_app(supervising.settings, mode="supervision"),
                host=HOST,
                port=port + 1,
                log_level="warning",
            )
        ),
    ]
    _print(platform, port)
    _run(servers)


def _print(platform: DemoPlatform, port: int) -> None:
    def lines(logins: list[Login]) -> str:
        return "".join(
            f"    {escape(x.username):<10} {escape(x.password)}  ({x.role.value})\n" for x in logins
        )

    console.print(
        f"\nenterprise console  http://{HOST}:{port}/login\n{lines(platform.console_logins)}"
        f"supervision         http://{HOST}:{port + 1}/login  "
        f"({platform.registry_size:,} enterprises registered, "
        f"the demo's filing received as version {platform.filing_version})\n"
        f"{lines(platform.supervision_logins)}"
        "The passwords are new on every start and shown only here. Ctrl-C stops both.",
        highlight=False,
    )


def _run(servers: list[uvicorn.Server]) -> None:
    """Each server in its own thread, started one after the other (each migrates its store on
    start-up, and Alembic's migration context is one per process); Ctrl-C (in this, the main
    thread) asks both to stop."""
    threads = []
    for server in servers:
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        threads.append(thread)
        while thread.is_alive() and not server.started:
            thread.join(timeout=0.1)
    try:
        while any(thread.is_alive() for thread in threads):
            for thread in threads:
                thread.join(timeout=0.5)
    except KeyboardInterrupt:
        for server in servers:
            server.should_exit = True
        for thread in threads:
            thread.join(timeout=10)
