"""Run ``indsec serve`` as its own process on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx2 as httpx
import pytest

from tests.conftest import REPO

PORT_TRIES = 5
"""A free port can be taken by another process (a parallel test worker's connection) between
the probe and the server's bind; the server then exits at once, and is started on another."""


class PortTakenError(Exception):
    """The server could not bind the port it was given."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, process: subprocess.Popen[bytes], errors: IO[bytes]) -> None:
    """Until the server answers at ``url`` (it needs a moment to start)."""
    for _ in range(600):
        if process.poll() is not None:
            errors.seek(0)
            said = errors.read().decode(errors="replace")
            if "address already in use" in said.lower():
                raise PortTakenError(url)
            pytest.fail(f"indsec serve exited with {process.returncode}:\n{said[-2000:]}")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"indsec serve did not answer at {url}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


@contextmanager
def serving(
    mode: str, environment: dict[str, str], *, cwd: Path, workers: int = 1
) -> Iterator[str]:
    """The base URL of ``indsec serve --mode mode`` (with ``workers`` processes) run in
    ``cwd`` with ``environment``, on a free port."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("INDSEC_")}
    command = "from indsec.cli.main import run; run()"
    for _ in range(PORT_TRIES):
        port = _free_port()
        arguments = ["serve", "--mode", mode, "--port", str(port), "--workers", str(workers)]
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                [sys.executable, "-c", command, *arguments],
                cwd=cwd,
                env={**inherited, "PYTHONPATH": str(REPO / "src"), **environment},
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                _wait_for(f"{base}/api/csrf", process, errors)
            except PortTakenError:
                continue
            except BaseException:
                _stop(process)
                raise
            try:
                yield base
            finally:
                _stop(process)
            return
    pytest.fail(f"indsec serve found no free port in {PORT_TRIES} tries")
