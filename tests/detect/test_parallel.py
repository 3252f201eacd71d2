"""Parallel detection: a worker that dies is a clear error, not a hang or a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indsec.detect.parallel import detect_in_workers
from indsec.errors import DetectionWorkerError
from indsec.model import SitePolicy


def _explode() -> None:
    raise RuntimeError("this engine cannot be rebuilt")


class _UnrebuildableEngine:
    """Pickles, but cannot be unpickled in the worker: as an engine whose rules vanished."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _explode, ()


def test_a_worker_that_cannot_start_fails_the_run_clearly(tmp_path: Path) -> None:
    log = tmp_path / "auth.log"
    log.write_text("Feb 26 02:10:01 gw sshd[1]: Accepted password for a from 10.0.0.1 port 1\n")
    with pytest.raises(DetectionWorkerError, match="worker process died"):
        list(
            detect_in_workers(
                [log, log],
                workers=2,
                engine=_UnrebuildableEngine(),  # type: ignore[arg-type]
                assets=[],
                policy=SitePolicy(),
                log_format=None,
                on_file=lambda _result: None,
            )
        )
