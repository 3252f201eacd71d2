"""Run ``indsec serve`` as its own process on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    """Until the server answers at ``url`` (it needs a moment to start)."""
    for _ in range(600):
        if process.poll() is not None:
            pytest.fail(f"indsec serve exited with {process.returncode}")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"indsec serve did not answer at {url}")


@contextmanager
def serving(
    mode: str, environment: dict[str, str], *, cwd: Path, workers: int = 1
) -> Iterator[str]:
    """The base URL of ``indsec serve --mode mode`` (with ``workers`` processes) run in
    ``cwd`` with ``environment``."""
    port = _free_port()
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("INDSEC_")}
    command = "from indsec.cli.main import run; run()"
    arguments = ["serve", "--mode", mode, "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        [sys.executable, "-c", command, *arguments],
        cwd=cwd,
        env={**inherited, "PYTHONPATH": str(REPO / "src"), **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/api/csrf", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
