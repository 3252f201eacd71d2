"""``indsec serve`` runs the real server (uvicorn) on loopback and answers as the app does."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.e2e import server
from tests.e2e.server import serving


@pytest.mark.parametrize("mode", ["enterprise", "supervision"])
def test_serve_listens_on_loopback_and_refuses_the_anonymous(tmp_path: Path, mode: str) -> None:
    with serving(mode, {}, cwd=tmp_path) as base:
        answer = httpx.get(f"{base}/api/me", timeout=5)
        assert answer.status_code == 401
        assert answer.json() == {"detail": "sign in first (session cookie or bearer token)"}
        assert httpx.get(f"{base}/api/csrf", timeout=5).status_code == 200


def test_serve_migrates_its_store_before_the_first_request(tmp_path: Path) -> None:
    with serving("supervision", {}, cwd=tmp_path):
        assert (tmp_path / ".indsec" / "indsec.db").is_file()


def test_serve_with_workers_migrates_once_and_every_worker_answers(tmp_path: Path) -> None:
    with serving("supervision", {}, cwd=tmp_path, workers=2) as base:
        assert (tmp_path / ".indsec" / "indsec.db").is_file()
        answers = [httpx.get(f"{base}/api/me", timeout=5).status_code for _ in range(6)]
        assert answers == [401] * 6


def test_a_port_taken_before_the_server_binds_it_is_traded_for_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the free-port probe and the server's bind another process (a parallel test
    worker) may take the port: the server is started again on another, not failed."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        ports = iter([busy])
        free = server._free_port
        monkeypatch.setattr(server, "_free_port", lambda: next(ports, None) or free())
        with serving("supervision", {}, cwd=tmp_path) as base:
            assert not base.endswith(f":{busy}")
            assert httpx.get(f"{base}/api/me", timeout=5).status_code == 401
