"""``indsec serve`` runs the real server (uvicorn) on loopback and answers as the app does."""

from __future__ import annotations

from pathlib import Path

import httpx2 as httpx
import pytest

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
