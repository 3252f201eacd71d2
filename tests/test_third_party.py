"""The suite on a machine without the third-party data beside the repository (``make test`` on
a new user's machine): what reads it is skipped, and nothing fails to collect."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def test_the_suite_collects_without_the_third_party_data() -> None:
    env = os.environ | {"INDSEC_TEST_THIRD_PARTY": str(REPO / "no-third-party-data")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
