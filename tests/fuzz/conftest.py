"""Fuzzing of everything that reads outside input: bounded in time, reproducible in CI.

Every module here marks its tests ``fuzz`` (``-m 'not fuzz'`` leaves them out). The ``ci``
Hypothesis profile, the default, is derandomized, so a CI failure replays exactly on any machine,
and small enough for the whole directory to run in about a minute on two cores.
``INDSEC_FUZZ_EXAMPLES=5000`` runs that many random examples per target instead, for a long
local session (failures are kept in ``.hypothesis/`` to replay).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 100
HANG_SECONDS = 30.0
"""An example still running after this long is a hang (the slowest take ~0.1 s)."""

_COMMON = {
    "deadline": None,  # timing on a shared machine is noise; the watchdog catches hangs
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile(
    "ci", max_examples=CI_EXAMPLES, derandomize=True, database=None, **_COMMON
)
_LONG = os.environ.get("INDSEC_FUZZ_EXAMPLES")
if _LONG:
    settings.register_profile("long", max_examples=int(_LONG), **_COMMON)
settings.load_profile("long" if _LONG else "ci")


class Hang(BaseException):
    """An example ran past :data:`HANG_SECONDS`.

    A BaseException, so a reader's catch-all ``except Exception`` cannot turn it into a
    reported problem and hide the hang.
    """


@contextmanager
def watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the code under test if it runs longer than ``seconds``."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
