"""``indsec serve`` runs the real server (uvicorn) on loopback and answers as the app does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    """The first answer of the server at ``url`` (it needs a moment to start)."""
    for _ in range(600):
        if process.poll() is not None:
            pytest.fail(f"indsec serve exited with {process.returncode}")
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"indsec serve did not answer at {url}")


@pytest.mark.parametrize("mode", ["enterprise", "supervision"])
def test_serve_listens_on_loopback_and_refuses_the_anonymous(tmp_path: Path, mode: str) -> None:
    port = _free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("INDSEC_")},
        "PYTHONPATH": str(REPO / "src"),
        "INDSEC_HOME": str(tmp_path / ".indsec"),
    }
    command = "from indsec.cli.main import run; run()"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "serve", "--mode", mode, "--port", str(port)],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answer = _wait_for(f"http://127.0.0.1:{port}/api/me", process)
        assert answer.status_code == 401
        assert answer.json() == {"detail": "sign in first (session cookie or bearer token)"}
        assert httpx.get(f"http://127.0.0.1:{port}/api/csrf", timeout=5).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
